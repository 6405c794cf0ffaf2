import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { str, ts } from '../migration-helpers.js';

/** Scheduled tasks (the daily radar, the pool reconcile, reminder sweeps) run once per period across processes. */
export class ScheduledRuns1765000000700 implements MigrationInterface {
  name = 'ScheduledRuns1765000000700';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'scheduled_run',
        columns: [str('name', 64, false, { isPrimary: true }), str('slot', 32, false, { isPrimary: true }), str('owner', 64), ts(qr, 'started_at'), ts(qr, 'finished_at', true)],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('scheduled_run');
  }
}
