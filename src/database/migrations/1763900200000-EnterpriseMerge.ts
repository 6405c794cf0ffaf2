import { TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int } from '../migration-helpers.js';

/** A merged duplicate points at the file it was merged into (the survivor). */
export class EnterpriseMerge1763900200000 implements MigrationInterface {
  name = 'EnterpriseMerge1763900200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('enterprise', new TableColumn(int('merged_into_id', true)));
    await qr.createIndex('enterprise', new TableIndex({ name: 'ix_enterprise_merged_into', columnNames: ['merged_into_id'] }));
    await qr.createForeignKey('enterprise', new TableForeignKey({ name: 'fk_enterprise_merged_into', columnNames: ['merged_into_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropForeignKey('enterprise', 'fk_enterprise_merged_into');
    await qr.dropIndex('enterprise', 'ix_enterprise_merged_into');
    await qr.dropColumn('enterprise', 'merged_into_id');
  }
}
