import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, money, str, tsNow, version } from '../migration-helpers.js';

/**
 * Reports (issue 6): editable targets (seeded from rules.md §6, the 14th Five-Year plan's 2020
 * baseline and 2025 goal for the whole city), the per-enterprise lines of the forecast job, and the
 * indexes the dashboard's aggregations filter and group on:
 *
 * - recognition (year, enterprise_id, tier): rungs per enterprise and year (heat table, funnel,
 *   conversions, cumulative leaders) read from the index alone;
 * - eligibility_status (gap_count, enterprise_id): "close to the next rung", smallest gaps first;
 * - activity (kind, occurred_at, enterprise_id, author_id): visits in the last 90 days per officer;
 * - task (done_at, assignee_id, due_on): open and overdue tasks per officer;
 * - qualification (kind, enterprise_id, obtained_on, valid_until): HNTE certificates in force by year.
 */
const INDEXES: { table: string; index: TableIndex }[] = [
  { table: 'recognition', index: new TableIndex({ name: 'ix_recognition_year_enterprise', columnNames: ['year', 'enterprise_id', 'tier'] }) },
  { table: 'eligibility_status', index: new TableIndex({ name: 'ix_eligibility_gap', columnNames: ['gap_count', 'enterprise_id'] }) },
  { table: 'activity', index: new TableIndex({ name: 'ix_activity_kind_at', columnNames: ['kind', 'occurred_at', 'enterprise_id', 'author_id'] }) },
  { table: 'task', index: new TableIndex({ name: 'ix_task_open_assignee', columnNames: ['done_at', 'assignee_id', 'due_on'] }) },
  { table: 'qualification', index: new TableIndex({ name: 'ix_qualification_kind_enterprise', columnNames: ['kind', 'enterprise_id', 'obtained_on', 'valid_until'] }) },
];

export class Reports1764300000000 implements MigrationInterface {
  name = 'Reports1764300000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'target',
      columns: [
        id(), str('metric', 24), int('year'), str('district_code', 6, false, { default: "''" }), int('value'), str('note', 200, true),
        int('updated_by', true), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_target_metric_year_district', columnNames: ['metric', 'year', 'district_code'], isUnique: true },
        { name: 'ix_target_updated_by', columnNames: ['updated_by'] },
      ],
      foreignKeys: [{ columnNames: ['updated_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
    }));
    const seed: [string, number, number, string][] = [
      ['hnte', 2020, 7420, '“十四五”规划基期 / 14th FYP baseline'],
      ['hnte', 2025, 11600, '“十四五”规划目标 / 14th FYP goal'],
      ['leaders', 2020, 216, '“十四五”规划基期（累计，含培育）/ 14th FYP baseline (cumulative, incl. candidates)'],
      ['leaders', 2025, 300, '“十四五”规划目标（累计，含培育）/ 14th FYP goal (cumulative, incl. candidates)'],
    ];
    const pg = qr.connection.options.type === 'postgres';
    for (const [metric, year, value, note] of seed) {
      await qr.query(
        pg ? "INSERT INTO target (metric, year, district_code, value, note) VALUES ($1, $2, '', $3, $4)" : "INSERT INTO target (metric, year, district_code, value, note) VALUES (?, ?, '', ?, ?)",
        [metric, year, value, note],
      );
    }

    await qr.createTable(new Table({
      name: 'report_forecast',
      columns: [
        int('job_id', false, { isPrimary: true }), int('enterprise_id', false, { isPrimary: true }),
        str('eligible_tier', 24, true), str('projected_tier', 24, true), bool('projected'), money('shortfall'),
      ],
      indices: [{ name: 'ix_report_forecast_enterprise', columnNames: ['enterprise_id', 'job_id'] }],
      foreignKeys: [
        { columnNames: ['job_id'], referencedTableName: 'job', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));

    for (const { table, index } of INDEXES) await qr.createIndex(table, index);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const { table, index } of [...INDEXES].reverse()) await qr.dropIndex(table, index.name!);
    await qr.dropTable('report_forecast');
    await qr.dropTable('target');
  }
}
