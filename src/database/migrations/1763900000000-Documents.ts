import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, ts, version } from '../migration-helpers.js';

/** Evidence documents attached to enterprise files (bytes on disk under a random storage key). */
export class Documents1763900000000 implements MigrationInterface {
  name = 'Documents1763900000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'document',
      columns: [
        id(), int('enterprise_id'), str('owner_kind', 32), int('owner_id'), int('series_id', true), int('revision', false, { default: 1 }),
        int('superseded_by_id', true), str('original_name', 255), str('media_type', 100), int('size_bytes'), str('sha256', 64),
        str('storage_key', 64), int('uploaded_by', true), str('uploaded_by_name', 64), ts(qr, 'uploaded_at'), version(),
      ],
      indices: [
        { name: 'ix_document_enterprise', columnNames: ['enterprise_id', 'uploaded_at'] },
        { name: 'ix_document_owner', columnNames: ['owner_kind', 'owner_id'] },
        { name: 'ix_document_series', columnNames: ['series_id', 'revision'] },
        { name: 'ix_document_uploaded_by', columnNames: ['uploaded_by'] },
        { name: 'uq_document_storage_key', columnNames: ['storage_key'], isUnique: true },
      ],
      foreignKeys: [
        { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['uploaded_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('document');
  }
}
