import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, column, id, int, str, ts, tsNow, version } from '../migration-helpers.js';

/**
 * Issue 21: the working-day calendar and the stage deadlines become reference data.
 *
 * - holiday_calendar_year / holiday_calendar_day: the State Council's yearly holiday arrangement
 *   (public holidays and 调休 make-up working days), seeded with 2025 and 2026 exactly as the code
 *   had them (src/applications/workflow/working-days.ts before this migration), both published.
 * - stage_deadline: the working days of each stage (STAGE_DEADLINES' numbers), editable.
 * - application.due_provisional: the due date was counted across a year without a calendar.
 *
 * The seed is frozen here on purpose (a migration never changes); later years are entered on
 * /admin/reference/calendar.
 */
type Row = [date: string, kind: 'holiday' | 'makeup-workday', name: string];

const span = (from: string, to: string, name: string): Row[] => {
  const out: Row[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) out.push([new Date(d).toISOString().slice(0, 10), 'holiday', name]);
  return out;
};
const makeup = (date: string, name: string): Row => [date, 'makeup-workday', name];

export const SEEDED_CALENDAR: Readonly<Record<number, { source: string; days: readonly Row[] }>> = {
  2025: {
    source: '国办发明电〔2024〕12号',
    days: [
      ...span('2025-01-01', '2025-01-01', '元旦'),
      ...span('2025-01-28', '2025-02-04', '春节'),
      ...span('2025-04-04', '2025-04-06', '清明节'),
      ...span('2025-05-01', '2025-05-05', '劳动节'),
      ...span('2025-05-31', '2025-06-02', '端午节'),
      ...span('2025-10-01', '2025-10-08', '国庆节、中秋节'),
      makeup('2025-01-26', '春节'), makeup('2025-02-08', '春节'), makeup('2025-04-27', '劳动节'),
      makeup('2025-09-28', '国庆节、中秋节'), makeup('2025-10-11', '国庆节、中秋节'),
    ],
  },
  2026: {
    source: '国办发明电〔2025〕7号',
    days: [
      ...span('2026-01-01', '2026-01-03', '元旦'),
      ...span('2026-02-15', '2026-02-23', '春节'),
      ...span('2026-04-04', '2026-04-06', '清明节'),
      ...span('2026-05-01', '2026-05-05', '劳动节'),
      ...span('2026-06-19', '2026-06-21', '端午节'),
      ...span('2026-09-25', '2026-09-27', '中秋节'),
      ...span('2026-10-01', '2026-10-07', '国庆节'),
      makeup('2026-01-04', '元旦'), makeup('2026-02-14', '春节'), makeup('2026-02-28', '春节'), makeup('2026-05-09', '劳动节'),
      makeup('2026-09-20', '国庆节'), makeup('2026-10-10', '国庆节'),
    ],
  },
};

/** STAGE_DEADLINES' working days as the code had them. */
const STAGE_DAYS: Readonly<Record<string, number>> = {
  submitted: 5, resubmitted: 5, 'district-review': 10, returned: 10, 'municipal-review': 15, 'on-site-check': 10, 'expert-review': 20,
  approved: 30, valuation: 15, 'bank-review': 20, 'loan-approved': 10, 'credit-enhancement': 10, 'contracts-signed': 3, 'pledge-registered': 5,
  defaulted: 20, compensated: 60,
};

export class WorkingCalendar1765000000500 implements MigrationInterface {
  name = 'WorkingCalendar1765000000500';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    await qr.createTable(new Table({
      name: 'holiday_calendar_year',
      columns: [
        int('year', false, { isPrimary: true }), str('status', 16), str('source', 100, true), ts(qr, 'published_at', true), int('updated_by', true),
        version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      foreignKeys: [{ columnNames: ['updated_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      indices: [{ name: 'ix_holiday_calendar_year_updated_by', columnNames: ['updated_by'] }],
    }));
    await qr.createTable(new Table({
      name: 'holiday_calendar_day',
      columns: [id(), int('year'), str('date', 10), str('kind', 16), str('name', 50), tsNow(qr, 'created_at')],
      indices: [
        { name: 'uq_holiday_calendar_day_date', columnNames: ['date'], isUnique: true },
        { name: 'ix_holiday_calendar_day_year', columnNames: ['year'] },
      ],
      foreignKeys: [{ columnNames: ['year'], referencedTableName: 'holiday_calendar_year', referencedColumnNames: ['year'], onDelete: 'CASCADE' }],
    }));
    await qr.createTable(new Table({
      name: 'stage_deadline',
      columns: [str('status', 32, false, { isPrimary: true }), int('working_days'), int('updated_by', true), version(), tsNow(qr, 'updated_at')],
      foreignKeys: [{ columnNames: ['updated_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      indices: [{ name: 'ix_stage_deadline_updated_by', columnNames: ['updated_by'] }],
    }));
    await qr.addColumn('application', column(bool('due_provisional', false)));

    for (const [year, { source, days }] of Object.entries(SEEDED_CALENDAR)) {
      await qr.query(`INSERT INTO holiday_calendar_year (year, status, source, published_at) VALUES (${p(1)}, 'published', ${p(2)}, CURRENT_TIMESTAMP)`, [Number(year), source]);
      for (const [date, kind, name] of days) {
        await qr.query(`INSERT INTO holiday_calendar_day (year, date, kind, name) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, [Number(year), date, kind, name]);
      }
    }
    for (const [status, days] of Object.entries(STAGE_DAYS)) {
      await qr.query(`INSERT INTO stage_deadline (status, working_days) VALUES (${p(1)}, ${p(2)})`, [status, days]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('application', 'due_provisional');
    await qr.dropTable('stage_deadline');
    await qr.dropTable('holiday_calendar_day');
    await qr.dropTable('holiday_calendar_year');
  }
}
