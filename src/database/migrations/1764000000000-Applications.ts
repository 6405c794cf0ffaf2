import { Table, type MigrationInterface, type QueryRunner, type TableForeignKeyOptions } from 'typeorm';
import { bool, id, int, str, text, ts, tsNow, version } from '../migration-helpers.js';

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL', referenced = 'id'): TableForeignKeyOptions => ({
  columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete,
});

/**
 * Applications and their workflows (issue 5): the application, its typed history, the frozen
 * evaluations, its documents (links to the documents module), batches with their public notice,
 * and objections.
 */
export class Applications1764000000000 implements MigrationInterface {
  name = 'Applications1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'application_batch',
      columns: [
        id(), str('programme', 24), int('year'), str('name', 64), str('status', 12), str('notice_starts_on', 10, true), str('notice_ends_on', 10, true),
        int('notice_working_days', true), str('announced_on', 10, true), int('announced_by', true), int('created_by', true),
        version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_application_batch_name', columnNames: ['programme', 'year', 'name'], isUnique: true },
        { name: 'ix_application_batch_status', columnNames: ['status'] },
        { name: 'ix_application_batch_list', columnNames: ['programme', 'year', 'status'] },
      ],
      foreignKeys: [fk('announced_by', 'app_user', 'SET NULL'), fk('created_by', 'app_user', 'SET NULL')],
    }));
    await qr.createTable(new Table({
      name: 'application',
      columns: [
        id(), int('enterprise_id'), str('type', 32), str('tier', 24, true), int('year'), str('status', 32), text('form'), int('batch_id', true),
        ts(qr, 'status_since'), str('due_on', 10, true), ts(qr, 'submitted_at', true), ts(qr, 'decided_at', true), text('decision', true),
        int('created_by', true), str('created_by_role', 16), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'ix_application_enterprise', columnNames: ['enterprise_id'] },
        { name: 'ix_application_status_due', columnNames: ['status', 'due_on'] },
        { name: 'ix_application_type_year', columnNames: ['type', 'year'] },
        { name: 'ix_application_batch', columnNames: ['batch_id'] },
        { name: 'ix_application_updated', columnNames: ['updated_at'] },
        { name: 'ix_application_due', columnNames: ['due_on'] },
        { name: 'ix_application_created_by', columnNames: ['created_by'] },
      ],
      foreignKeys: [fk('enterprise_id', 'enterprise', 'CASCADE'), fk('batch_id', 'application_batch', 'SET NULL'), fk('created_by', 'app_user', 'SET NULL')],
    }));
    await qr.createTable(new Table({
      name: 'application_history',
      columns: [
        id(), int('application_id'), str('kind', 16), str('action', 32, true), str('from_status', 32, true), str('to_status', 32, true),
        int('actor_id', true), str('actor_name', 64), str('actor_role', 16), text('comment', true), bool('is_public', true), text('data', true), ts(qr, 'at'),
      ],
      indices: [
        { name: 'ix_application_history_app', columnNames: ['application_id', 'at'] },
        { name: 'ix_application_history_actor', columnNames: ['actor_id', 'at'] },
      ],
      foreignKeys: [fk('application_id', 'application', 'CASCADE'), fk('actor_id', 'app_user', 'SET NULL')],
    }));
    await qr.createTable(new Table({
      name: 'application_evaluation',
      columns: [id(), int('application_id'), str('trigger', 24), str('as_of', 10), text('rule_sets'), text('input'), text('result'), str('outcome', 12), tsNow(qr, 'created_at')],
      indices: [{ name: 'ix_application_evaluation_app', columnNames: ['application_id', 'created_at'] }],
      foreignKeys: [fk('application_id', 'application', 'CASCADE')],
    }));
    await qr.createTable(new Table({
      name: 'application_document',
      columns: [
        id(), int('application_id'), str('requirement', 48), int('document_id', true), str('file_name', 255), str('mime_type', 100), int('size_bytes'),
        str('sha256', 64), int('uploaded_by', true), str('uploaded_by_name', 64), ts(qr, 'uploaded_at'),
      ],
      indices: [
        { name: 'ix_application_document_app', columnNames: ['application_id', 'requirement'] },
        { name: 'ix_application_document_document', columnNames: ['document_id'] },
      ],
      foreignKeys: [fk('application_id', 'application', 'CASCADE'), fk('uploaded_by', 'app_user', 'SET NULL')],
    }));
    await qr.createTable(new Table({
      name: 'objection',
      columns: [
        id(), int('application_id'), int('batch_id', true), str('received_on', 10), str('objector', 128, true), text('content'), str('status', 12),
        text('resolution', true), int('resolved_by', true), ts(qr, 'resolved_at', true), int('recorded_by', true), version(), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_objection_application', columnNames: ['application_id'] },
        { name: 'ix_objection_batch_status', columnNames: ['batch_id', 'status'] },
      ],
      foreignKeys: [
        fk('application_id', 'application', 'CASCADE'), fk('batch_id', 'application_batch', 'SET NULL'),
        fk('resolved_by', 'app_user', 'SET NULL'), fk('recorded_by', 'app_user', 'SET NULL'),
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['objection', 'application_document', 'application_evaluation', 'application_history', 'application', 'application_batch']) await qr.dropTable(t);
  }
}
