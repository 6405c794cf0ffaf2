import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str } from '../migration-helpers.js';

/**
 * The forecast's per-run totals (report_forecast_cell: lines counted by district, zone, rung now,
 * rung eligible now, projected rung — a few hundred rows the dashboard sums under the access scope
 * instead of joining 120,000 lines to the files on every request), and indexes for the reports at
 * city scale (120,000 files), chosen from EXPLAIN QUERY PLAN and the CPU time of each report's
 * queries on the bulk city (docs/reports.md):
 *
 * - enterprise (id, district_code, zone_code, current_tier, deleted_at) WHERE deleted_at IS NULL:
 *   every report joins its rows (tasks, visits, latest eligibility, forecast lines, applications) to
 *   the live enterprise for the filters and the access scope; this narrow covering index answers that
 *   lookup, with the district and zone to group and filter on, without touching the wide enterprise
 *   table (e.g. the close-to-next-rung count 180 → 40 ms);
 * - enterprise (zone_code, district_code, deleted_at) live: the functional-zone filter and zone scope;
 * - task (done_at, assignee_id, due_on) of migration 1764300000000 goes: migration 1764100000002 added
 *   the covering (done_at, assignee_id, due_on, enterprise_id) for open tasks per officer (and the
 *   files-per-officer index), which supersedes it;
 * - report_forecast (job_id, enterprise_id, projected_tier, eligible_tier, projected, shortfall):
 *   the last run's lines read from the index alone.
 */
const LIVE = 'deleted_at IS NULL';
const INDEXES: { table: string; index: TableIndex }[] = [
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_scope', columnNames: ['id', 'district_code', 'zone_code', 'current_tier', 'deleted_at'], where: LIVE }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_zone', columnNames: ['zone_code', 'district_code', 'deleted_at'], where: LIVE }) },
  { table: 'report_forecast', index: new TableIndex({ name: 'ix_report_forecast_job', columnNames: ['job_id', 'enterprise_id', 'projected_tier', 'eligible_tier', 'projected', 'shortfall'] }) },
];

export class ReportScale1764300000001 implements MigrationInterface {
  name = 'ReportScale1764300000001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'report_forecast_cell',
      columns: [
        id(), int('job_id'), str('district_code', 6), str('zone_code', 16, true), str('current_tier', 24, true), str('eligible_tier', 24, true),
        str('projected_tier', 24, true), bool('projected'), int('n'),
      ],
      indices: [{ name: 'ix_report_forecast_cell_job', columnNames: ['job_id', 'district_code', 'zone_code'] }],
      foreignKeys: [{ columnNames: ['job_id'], referencedTableName: 'job', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await qr.dropIndex('task', 'ix_task_open_assignee');
    for (const { table, index } of INDEXES) await qr.createIndex(table, index);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const { table, index } of [...INDEXES].reverse()) await qr.dropIndex(table, index.name!);
    await qr.createIndex('task', new TableIndex({ name: 'ix_task_open_assignee', columnNames: ['done_at', 'assignee_id', 'due_on'] }));
    await qr.dropTable('report_forecast_cell');
  }
}
