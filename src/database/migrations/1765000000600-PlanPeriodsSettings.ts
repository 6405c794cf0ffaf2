import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { column, id, int, str, tsNow, version } from '../migration-helpers.js';

/**
 * Yearly reference data (issue 21): plan periods (the 14th and 15th Five-Year plans) that targets
 * belong to, a source document on every target, and dated settings (radar lead times, the credit
 * look-back window, reminder schedules, the Tianjin division prefix, …) that used to be constants.
 *
 * Seeds: the 14th plan with rules.md §6's figures (the existing HNTE and leader rows are attached
 * to it, and the two R&D ratios are added in hundredths of a percent); the 15th plan without
 * targets ("not yet entered"); each setting with the value its constant had.
 */
const PLAN_SOURCE = '天津市科技创新“十四五”规划';

/** key, value — effective since 2016-01-01 (before every rule set), so past evaluations resolve them too. */
const SETTINGS: [string, string, string][] = [
  ['radar.hnteLeadMonths', '6', 'rules.md §2：证书到期前 6 个月申请重新认定'],
  ['radar.recognitionLeadDays', '60', '梯度认定年度复评提前量'],
  ['radar.hnteTaskDueMonths', '3', '高企证书跟进任务：到期前若干月为期限'],
  ['radar.recognitionTaskDueDays', '14', '梯度复评跟进任务：到期前若干天为期限'],
  ['credit.lookbackYears', '1', 'rules.md §1：评价年度（截至评价日）及上一年度无失信记录'],
  ['region.divisionPrefix', '12', 'GB/T 2260：天津市行政区划代码前两位'],
  ['reminders.dueSoonWorkingDays', '2', '环节到期前若干个工作日开始提醒'],
  ['notice.workingDays', '10', '公示期默认工作日数'],
  ['renewals.months', '12', '重新认定清单默认展望月数'],
  ['reports.visitDays', '90', '工作量报表：走访统计天数'],
  ['cultivation.firstYear', '2020', '培育库目标可设定的最早年度'],
];

export class PlanPeriodsSettings1765000000600 implements MigrationInterface {
  name = 'PlanPeriodsSettings1765000000600';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (n: number) => Array.from({ length: n }, (_, i) => (pg ? `$${i + 1}` : '?')).join(', ');

    await qr.createTable(new Table({
      name: 'plan_period',
      columns: [
        id(), str('code', 16), str('name_zh', 60), str('name_en', 60), int('base_year'), int('first_year'), int('last_year'),
        str('document', 200, true), int('updated_by', true), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_plan_period_code', columnNames: ['code'], isUnique: true },
        { name: 'ix_plan_period_years', columnNames: ['first_year', 'last_year'] },
        { name: 'ix_plan_period_updated_by', columnNames: ['updated_by'] },
      ],
      foreignKeys: [{ columnNames: ['updated_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
    }));
    const periods: [string, string, string, number, number, number, string | null][] = [
      ['14th', '“十四五”规划', '14th Five-Year Plan', 2020, 2021, 2025, PLAN_SOURCE],
      ['15th', '“十五五”规划', '15th Five-Year Plan', 2025, 2026, 2030, null],
    ];
    for (const row of periods) {
      await qr.query(`INSERT INTO plan_period (code, name_zh, name_en, base_year, first_year, last_year, document) VALUES (${p(7)})`, row);
    }
    const [{ id: fourteenth }] = await qr.query(`SELECT id FROM plan_period WHERE code = ${p(1)}`, ['14th']);

    await qr.addColumn('target', column(int('plan_period_id', true)));
    await qr.addColumn('target', column(str('source', 200, true)));
    await qr.createIndex('target', new TableIndex({ name: 'ix_target_plan_period', columnNames: ['plan_period_id', 'metric', 'district_code', 'year'] }));
    await qr.createForeignKey('target', new TableForeignKey({ name: 'fk_target_plan_period', columnNames: ['plan_period_id'], referencedTableName: 'plan_period', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }));
    // Existing targets go to the period containing their year, else the one whose base year it is.
    await qr.query('UPDATE target SET plan_period_id = (SELECT p.id FROM plan_period p WHERE target.year BETWEEN p.first_year AND p.last_year) WHERE plan_period_id IS NULL');
    await qr.query('UPDATE target SET plan_period_id = (SELECT MIN(p.id) FROM plan_period p WHERE p.base_year = target.year) WHERE plan_period_id IS NULL');
    await qr.query(`UPDATE target SET source = ${pg ? '$1' : '?'} WHERE plan_period_id = ${pg ? '$2' : '?'} AND source IS NULL`, [PLAN_SOURCE, fourteenth]);
    // rules.md §6's R&D ratios, stored in hundredths of a percent (3.2% = 320).
    const ratios: [string, number, number, string][] = [
      ['rd-gdp', 2020, 320, '“十四五”规划基期 / 14th FYP baseline'],
      ['rd-gdp', 2025, 330, '“十四五”规划目标 / 14th FYP goal'],
      ['rd-industry', 2020, 113, '“十四五”规划基期 / 14th FYP baseline'],
      ['rd-industry', 2025, 135, '“十四五”规划目标 / 14th FYP goal'],
    ];
    for (const [metric, year, value, note] of ratios) {
      await qr.query(
        `INSERT INTO target (metric, year, district_code, value, note, plan_period_id, source) VALUES (${p(7)})`,
        [metric, year, '', value, note, fourteenth, PLAN_SOURCE],
      );
    }

    await qr.createTable(new Table({
      name: 'reference_setting',
      columns: [
        id(), str('setting_key', 64), str('effective_from', 10), str('value', 64), str('source', 200, true), str('note', 200, true),
        int('updated_by', true), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_reference_setting_key_from', columnNames: ['setting_key', 'effective_from'], isUnique: true },
        { name: 'ix_reference_setting_updated_by', columnNames: ['updated_by'] },
      ],
      foreignKeys: [{ columnNames: ['updated_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
    }));
    for (const [key, value, source] of SETTINGS) {
      await qr.query(`INSERT INTO reference_setting (setting_key, effective_from, value, source) VALUES (${p(4)})`, [key, '2016-01-01', value, source]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('reference_setting');
    await qr.query("DELETE FROM target WHERE metric IN ('rd-gdp', 'rd-industry')");
    await qr.dropForeignKey('target', 'fk_target_plan_period');
    await qr.dropIndex('target', 'ix_target_plan_period');
    await qr.dropColumn('target', 'source');
    await qr.dropColumn('target', 'plan_period_id');
    await qr.dropTable('plan_period');
  }
}
