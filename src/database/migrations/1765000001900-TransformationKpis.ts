import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, money, str, text, ts, tsNow, version } from '../migration-helpers.js';

/**
 * Transformation KPIs (亩均效益, issue 17, rules.md §9): per enterprise and fiscal year the figures
 * the yearly financials do not hold (land, taxes paid, total profit, industrial value added,
 * energy), with provenance and an optimistic lock; and the materialised grade per enterprise and
 * year (percentiles within the section, score, A–D or not-graded), recomputed after writes so the
 * file and the reports read it instead of ranking 120,000 files per request.
 *
 * Land (亩) and energy (吨标准煤) are stored in hundredths in BIGINT columns, money in fen, as
 * everywhere else. Seeds: the grading weights and cut-offs (provisional) and the city's
 * transformation targets with their baseline year as dated reference settings.
 */
const KPI_SETTINGS: [string, string, string][] = [
  ['kpi.weight.taxPerMu', '40', 'rules.md §9 亩均税收权重（暂定）'],
  ['kpi.weight.revenuePerMu', '20', 'rules.md §9 亩均营业收入权重（暂定）'],
  ['kpi.weight.valueAddedPerEnergy', '20', 'rules.md §9 单位能耗增加值权重（暂定）'],
  ['kpi.weight.labourProductivity', '10', 'rules.md §9 全员劳动生产率权重（暂定）'],
  ['kpi.weight.rdIntensity', '10', 'rules.md §9 研发经费投入强度权重（暂定）'],
  ['kpi.grade.a', '80', 'rules.md §9 A 类分数线（暂定）'],
  ['kpi.grade.b', '60', 'rules.md §9 B 类分数线（暂定）'],
  ['kpi.grade.c', '40', 'rules.md §9 C 类分数线（暂定）'],
  ['kpi.baselineYear', '2020', '转型目标基准年度（与“十四五”规划基期一致，暂定）'],
  ['kpi.target.profitPct', '50', '中小企业转型升级：利润总额增长 50%'],
  ['kpi.target.taxPerHectarePct', '50', '中小企业转型升级：每公顷税收增长 50%'],
  ['kpi.target.energyPct', '-15', '中小企业转型升级：单位增加值能耗下降 15%'],
];

const hundredths = (name: string) => ({ name, type: 'bigint', isNullable: true });

export class TransformationKpis1765000001900 implements MigrationInterface {
  name = 'TransformationKpis1765000001900';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (n: number) => Array.from({ length: n }, (_, i) => (pg ? `$${i + 1}` : '?')).join(', ');
    await qr.createTable(new Table({
      name: 'kpi_figures',
      columns: [
        id(), int('enterprise_id'), int('year'),
        hundredths('land_mu'), money('taxes_paid'), money('total_profit'), money('value_added'), hundredths('energy_tce'),
        str('source', 20), str('source_as_of', 10, true), int('recorded_by', true), tsNow(qr, 'recorded_at'),
        int('verified_by', true), ts(qr, 'verified_at', true), version(), tsNow(qr, 'updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'uq_kpi_figures_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true }),
        new TableIndex({ name: 'ix_kpi_figures_year', columnNames: ['year'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'kpi_grade',
      columns: [
        id(), int('enterprise_id'), int('year'), str('district_code', 6), str('section', 12), str('grade', 12),
        int('score_tenths', true), int('section_size', undefined, { default: 0 }), text('indicators'), text('percentiles'), tsNow(qr, 'computed_at'),
      ],
      indices: [
        new TableIndex({ name: 'uq_kpi_grade_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true }),
        new TableIndex({ name: 'ix_kpi_grade_year_district_grade', columnNames: ['year', 'district_code', 'grade'] }),
      ],
    }));
    for (const [key, value, source] of KPI_SETTINGS) {
      await qr.query(`INSERT INTO reference_setting (setting_key, effective_from, value, source) VALUES (${p(4)})`, [key, '2016-01-01', value, source]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    await qr.query(`DELETE FROM reference_setting WHERE setting_key LIKE ${pg ? '$1' : '?'}`, ['kpi.%']);
    await qr.dropTable('kpi_grade');
    await qr.dropTable('kpi_figures');
  }
}
