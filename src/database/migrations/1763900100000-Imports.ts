import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, ts, version } from '../migration-helpers.js';

/** Import jobs (registry, tax and IP-office files): dry run kept with its parsed rows, then committed by id. */
export class Imports1763900100000 implements MigrationInterface {
  name = 'Imports1763900100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'import_job',
      columns: [
        id(), str('kind', 24), str('status', 16), str('file_name', 255), str('file_format', 8), str('file_sha256', 64), int('file_size'),
        int('total_rows', false, { default: 0 }), int('create_count', false, { default: 0 }), int('update_count', false, { default: 0 }),
        int('unchanged_count', false, { default: 0 }), int('error_count', false, { default: 0 }),
        text('errors', true), text('warnings', true), text('preview', true), text('rows', true),
        int('created_by', true), str('created_by_name', 64), ts(qr, 'created_at'), ts(qr, 'committed_at', true), int('committed_by', true), version(),
      ],
      indices: [
        { name: 'ix_import_job_created', columnNames: ['created_by', 'created_at'] },
        { name: 'ix_import_job_status', columnNames: ['status'] },
        { name: 'ix_import_job_sha256', columnNames: ['file_sha256'] },
        { name: 'ix_import_job_committed_by', columnNames: ['committed_by'] },
      ],
      foreignKeys: [
        { columnNames: ['created_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        { columnNames: ['committed_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('import_job');
  }
}
