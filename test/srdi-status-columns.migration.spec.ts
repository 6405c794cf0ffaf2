import { expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';

const NEW = ['innovative_sme', 'srdi_sme', 'little_giant', 'rd_post_subsidy'];
const columnsOf = async (ds: DataSource) => (await ds.query("SELECT name FROM pragma_table_info('eligibility_status')")).map((r: { name: string }) => r.name) as string[];

/** Migration 1765000002200 adds the four outcome columns, null on the rows already there, and reverts cleanly (SQLite). */
it('keeps existing eligibility rows with the new outcomes null; down drops the columns and keeps the rows; up again', async () => {
  const database = join(mkdtempSync(join(tmpdir(), 'srdi-status-')), 'x.sqlite');
  const before = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS.filter((m) => m.name !== 'SrdiStatusColumns1765000002200') });
  await before.initialize();
  await before.runMigrations();
  await before.query('PRAGMA foreign_keys = OFF');
  await before.query(`INSERT INTO eligibility_status (enterprise_id, as_of, tech_sme, young_eagle, gazelle, leader_candidate, leader, high_tech, super_deduction, gap_count, gap_codes, ht_unmet_count, ht_unmet_codes, evaluated_at)
    VALUES (1, '2026-03-01', 'eligible', 'ineligible', '', '', '', 'incomplete', 'eligible', 1, 'YE-AGE', 1, 'HT-IP', '2026-03-01 02:00:00')`);
  await before.destroy();
  const ds = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS });
  await ds.initialize();
  await ds.runMigrations();
  expect(await columnsOf(ds)).toEqual(expect.arrayContaining(NEW));
  expect(await ds.query(`SELECT enterprise_id, tech_sme, ${NEW.join(', ')} FROM eligibility_status`)).toEqual([
    { enterprise_id: 1, tech_sme: 'eligible', innovative_sme: null, srdi_sme: null, little_giant: null, rd_post_subsidy: null },
  ]);
  await ds.query('PRAGMA foreign_keys = OFF');
  await ds.undoLastMigration();
  expect((await columnsOf(ds)).filter((c) => NEW.includes(c))).toEqual([]);
  expect(await ds.query('SELECT enterprise_id, tech_sme FROM eligibility_status')).toEqual([{ enterprise_id: 1, tech_sme: 'eligible' }]);
  await ds.runMigrations();
  expect(await columnsOf(ds)).toEqual(expect.arrayContaining(NEW));
  await ds.destroy();
});
