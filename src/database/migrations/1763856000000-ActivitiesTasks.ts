import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, ts, tsNow, version } from '../migration-helpers.js';

/** The enterprise file's timeline entries (visits, calls, meetings, notes) and follow-up tasks. */
export class ActivitiesTasks1763856000000 implements MigrationInterface {
  name = 'ActivitiesTasks1763856000000';

  async up(qr: QueryRunner): Promise<void> {
    const enterpriseFk = { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    await qr.createTable(new Table({
      name: 'activity',
      columns: [id(), int('enterprise_id'), str('kind', 16), ts(qr, 'occurred_at'), int('author_id', true), str('author_name', 64), text('text'), tsNow(qr, 'created_at')],
      indices: [
        { name: 'ix_activity_enterprise_at', columnNames: ['enterprise_id', 'occurred_at'] },
        { name: 'ix_activity_author_at', columnNames: ['author_id', 'occurred_at'] },
      ],
      foreignKeys: [enterpriseFk, { columnNames: ['author_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
    }));
    await qr.createTable(new Table({
      name: 'task',
      columns: [
        id(), int('enterprise_id'), str('title', 200), str('due_on', 10), int('assignee_id', true), int('created_by', true),
        ts(qr, 'done_at', true), int('done_by', true), str('dedupe_key', 96, true), version(), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_task_assignee_open', columnNames: ['assignee_id', 'done_at', 'due_on'] },
        { name: 'ix_task_enterprise', columnNames: ['enterprise_id'] },
        { name: 'ix_task_due', columnNames: ['due_on'] },
        { name: 'uq_task_dedupe_key', columnNames: ['dedupe_key'], isUnique: true },
      ],
      foreignKeys: [
        enterpriseFk,
        { columnNames: ['assignee_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        { columnNames: ['created_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('task');
    await qr.dropTable('activity');
  }
}
