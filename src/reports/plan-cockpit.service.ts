import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { planTargetFor } from '../plan-periods/plan-periods.js';
import { PlanPeriodsService } from '../plan-periods/plan-periods.service.js';
import { cockpitPoints, type CockpitRow } from './plan-cockpit.js';
import type { ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';
import { Target } from './target.entity.js';
import { shownTargetValue } from './target-values.js';

/**
 * The plan cockpit (issue 17; managers and admins city-wide, officers their district): the targets
 * of the plan period of the year (table `target`, edited on /reports/targets, versioned and
 * audited there) against what the data measures — HNTEs and leaders (the targets report's counts),
 * tech-based SMEs recognised in the year, the R&D intensity of the files in view (compared with the
 * plan's industrial ratio), and the transformation KPIs' change from the baseline year against the
 * city targets (reference settings kpi.*), and the SRDI enterprises (a recognition of the SRDI
 * ladder in force at the year's end; the target is the plan's `srdi` target where one exists,
 * else "not entered").
 */
@Injectable()
export class PlanCockpitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly periods: PlanPeriodsService,
  ) {}

  async cockpit(actor: Actor, q: ReportQueryDto) {
    const f = await this.reports.filters(actor, q);
    const period = await this.periods.ofYear(f.year);
    if (!period) return { year: f.year, planPeriod: null, rows: [] as CockpitRow[] };
    const thisYear = this.reports.currentYear();
    const years = Array.from({ length: period.lastYear - period.baseYear + 1 }, (_, i) => period.baseYear + i);
    const measured = years.filter((y) => y <= thisYear);
    const targetDistrict = this.reports.targetDistrict(actor, f);
    const targets = targetDistrict === null ? [] : await this.dataSource.getRepository(Target).find({ where: { planPeriodId: period.id, districtCode: targetDistrict } });
    const planTarget = (metric: string) => (year: number) => {
      const set = targets.filter((t) => t.metric === metric).map((t) => ({ year: t.year, value: t.value }));
      const p = planTargetFor(period, set, year);
      return { target: p.target === null ? null : shownTargetValue(metric, p.target), targetKind: p.targetKind };
    };
    const sourceOf = (metric: string) => targets.find((t) => t.metric === metric)?.source ?? period.document ?? null;
    const latest = Math.min(period.lastYear, thisYear);
    const [counted, own, kpiTargets] = await Promise.all([
      this.reports.targets(actor, { ...f, year: latest }),
      this.reports.cockpitActuals(actor, f, measured),
      this.reports.kpiTargets(),
    ]);
    const countOf = (metric: string) => (year: number) => (year > thisYear ? null : (counted.metrics.find((m) => m.metric === metric)?.trend.find((p) => p.year === year)?.actual ?? null));
    const kpis = new Map(await Promise.all(measured.map(async (y) => [y, await this.reports.kpis(actor, { ...f, year: y })] as const)));
    const kpiChange = (key: 'totalProfit' | 'taxPerHectare' | 'energy') => (year: number) => {
      const c = kpis.get(year)?.city.vsTarget[key].change;
      return c === null || c === undefined ? null : c * 100;
    };
    // The transformation targets are due in the period's last year (from the baseline year).
    const kpiTarget = (share: number) => (year: number) => (year === period.lastYear ? { target: share * 100, targetKind: 'set' as const } : { target: null, targetKind: null });
    const area = new URLSearchParams({ ...(f.districtCode ? { districtCode: f.districtCode } : {}) }).toString();
    const listOf = (tier: string) => `/enterprises?tier=${tier}${area ? `&${area}` : ''}`;
    const report = (anchor: string) => `/reports?year=${latest}${area ? `&${area}` : ''}#${anchor}`;
    const kpiSource = `kpi.baselineYear = ${kpiTargets.baselineYear}`;
    const rows: CockpitRow[] = [
      { indicator: 'hnte', unit: 'count', source: sourceOf('hnte'), link: report('targets'), points: cockpitPoints(years, planTarget('hnte'), countOf('hnte'), { digits: 0 }) },
      { indicator: 'leaders', unit: 'count', source: sourceOf('leaders'), link: listOf('leader'), points: cockpitPoints(years, planTarget('leaders'), countOf('leaders'), { digits: 0 }) },
      { indicator: 'tech-sme', unit: 'count', source: sourceOf('tech-sme'), link: listOf('tech-sme'), points: cockpitPoints(years, planTarget('tech-sme'), (y) => own.techSme.get(y) ?? null, { digits: 0 }) },
      { indicator: 'srdi', unit: 'count', source: sourceOf('srdi'), link: `/reports?year=${latest}&ladder=srdi${area ? `&${area}` : ''}#ladder`, points: cockpitPoints(years, planTarget('srdi'), (y) => (y > thisYear ? null : own.srdi.get(y) ?? null), { digits: 0 }) },
      { indicator: 'rd-portfolio', unit: 'percent', source: sourceOf('rd-industry'), link: report('pipeline'), points: cockpitPoints(years, planTarget('rd-industry'), (y) => { const v = own.rdIntensity.get(y); return v === null || v === undefined ? null : v * 100; }) },
      { indicator: 'kpi-profit', unit: 'percent', source: kpiSource, link: report('kpis'), points: cockpitPoints(years, kpiTarget(kpiTargets.profit), kpiChange('totalProfit'), { digits: 1 }) },
      { indicator: 'kpi-tax-per-hectare', unit: 'percent', source: kpiSource, link: report('kpis'), points: cockpitPoints(years, kpiTarget(kpiTargets.taxPerHectare), kpiChange('taxPerHectare'), { digits: 1 }) },
      { indicator: 'kpi-energy', unit: 'percent', lowerIsBetter: true, source: kpiSource, link: report('kpis'), points: cockpitPoints(years, kpiTarget(kpiTargets.energy), kpiChange('energy'), { lowerIsBetter: true, digits: 1 }) },
    ];
    return {
      year: f.year,
      planPeriod: { code: period.code, nameZh: period.nameZh, nameEn: period.nameEn, baseYear: period.baseYear, lastYear: period.lastYear, document: period.document },
      districtCode: targetDistrict === null ? null : targetDistrict || null,
      rows,
    };
  }
}
