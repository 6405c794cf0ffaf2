import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str } from '../migration-helpers.js';

/**
 * Ladders as configuration (rules.md §7): the Tianjin ladder and the SRDI ladder become two records
 * of reference data. A third ladder is a row here (plus its rungs) and the criteria code of its
 * programmes — nothing else. The rows are written out literally (a migration never changes with
 * the code); src/ladder/ladders.ts DEFAULT_LADDERS holds the same data and a test compares them.
 */
const LADDERS: [string, number, string, string][] = [
  ['tianjin', 1, '天津科技企业梯度培育', 'Tianjin cultivation ladder'],
  ['srdi', 2, '优质中小企业梯度培育（专精特新）', 'SRDI ladder (specialised, refined, distinctive, innovative)'],
];
const RUNGS: [string, number, string, string, string][] = [
  ['tianjin', 0, 'tech-sme', '科技型中小企业', 'Tech-based SME'],
  ['tianjin', 1, 'young-eagle', '雏鹰企业', 'Young eagle'],
  ['tianjin', 2, 'gazelle', '瞪羚企业', 'Gazelle'],
  ['tianjin', 3, 'leader-candidate', '领军（培育）企业', 'Leader candidate'],
  ['tianjin', 4, 'leader', '科技领军企业', 'Leading enterprise'],
  ['srdi', 0, 'innovative-sme', '创新型中小企业', 'Innovative SME'],
  ['srdi', 1, 'srdi-sme', '专精特新中小企业', 'SRDI SME'],
  ['srdi', 2, 'little-giant', '专精特新“小巨人”企业', '“Little giant”'],
];

export class Ladders1765000001700 implements MigrationInterface {
  name = 'Ladders1765000001700';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (n: number) => Array.from({ length: n }, (_, i) => (pg ? `$${i + 1}` : '?')).join(', ');
    await qr.createTable(new Table({
      name: 'ladder',
      columns: [str('code', 32, false, { isPrimary: true }), int('position'), str('name_zh', 64), str('name_en', 96)],
    }));
    await qr.createTable(new Table({
      name: 'ladder_rung',
      columns: [str('ladder_code', 32, false, { isPrimary: true }), int('position', false, { isPrimary: true }), str('programme', 32), str('name_zh', 64), str('name_en', 96)],
      indices: [{ name: 'ix_ladder_rung_programme', columnNames: ['programme'] }],
      foreignKeys: [{ columnNames: ['ladder_code'], referencedTableName: 'ladder', referencedColumnNames: ['code'], onDelete: 'CASCADE' }],
    }));
    for (const row of LADDERS) await qr.query(`INSERT INTO ladder (code, position, name_zh, name_en) VALUES (${p(4)})`, row);
    for (const row of RUNGS) await qr.query(`INSERT INTO ladder_rung (ladder_code, position, programme, name_zh, name_en) VALUES (${p(5)})`, row);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ladder_rung');
    await qr.dropTable('ladder');
  }
}
