import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Decimal } from 'decimal.js';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError } from '../common/errors.js';
import { businessToday } from '../common/clock.js';
import { findLadder, SRDI_LADDER, type LadderDef } from '../ladder/ladders.js';
import { LaddersService } from '../ladder/ladders.service.js';
import { RuleSetsService, toEngine } from '../policy/rule-sets/rule-sets.service.js';
import { n } from './report-sql.js';
import { ReportsService, type DistrictRef, type ReportFilters } from './reports.service.js';

/** Rungs of one ladder by district (any configured ladder), its funnel and conversions. */
export interface LadderReport {
  ladder: { code: string; name: LadderDef['name']; rungs: string[]; rungNames: LadderDef['rungNames'] };
  year: number;
  /** Per district: enterprises counted once, at the highest rung of this ladder recognised in the year. */
  byDistrict: { district: DistrictRef; counts: number[]; total: number }[];
  totals: number[];
  total: number;
  /** The funnel: enterprises at each rung or above (rung i counts every enterprise whose highest rung ≥ i). */
  funnel: { rung: string; atOrAbove: number }[];
  /** From year − 1 to year: of those at rung i, how many are higher now. */
  conversions: { fromRung: string; base: number; converted: number; rate: number | null }[];
}

export const EXPOSURE_GRADES = ['A', 'B', 'C', 'D', 'not-graded'] as const;

interface ExposureRow { key: string; loans: number; outstanding: number; exposure: number }

/** The risk fund's exposure (rules.md §5.4): Σ outstanding principal × the loan's fund share. */
export interface ExposureReport {
  available: boolean;
  /** The share an ungraded loan carries (the ip-pledge rule set in effect today). */
  flatShare: number;
  byGrade: ExposureRow[];
  byBank: ExposureRow[];
  byDistrict: (ExposureRow & { district: DistrictRef })[];
  totals: { loans: number; outstanding: number; exposure: number };
}

/** Loans whose principal is still at risk for the fund: disbursed and not closed, or defaulted and not yet compensated. */
const OUTSTANDING_STATUSES = ['post-loan-monitoring', 'defaulted'];

/**
 * Reports that take the ladder as a parameter (rules.md §7: ladders are configuration) and the
 * fund-exposure section. Aggregates run in SQL under the caller's scope (ReportsService.scoped);
 * money is summed in fen as integers and multiplied by the share with exact decimals.
 */
@Injectable()
export class LadderReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly ladders: LaddersService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  /** The configured ladder of that code (default: SRDI — the Tianjin ladder has the pipeline section); unknown → 400. */
  async ladderOf(code: string | undefined): Promise<LadderDef> {
    const all = await this.ladders.all();
    const found = findLadder(all, code ?? SRDI_LADDER) ?? (code === undefined ? all[0] : undefined);
    if (!found) throw new InvalidInputError('Unknown ladder', [{ field: 'ladder', message: `must be one of ${all.map((l) => l.code).join(', ')}` }]);
    return found;
  }

  /** The ladders for the dashboard's selector, named in a language. */
  async choices(locale: 'zh-CN' | 'en'): Promise<{ code: string; name: string }[]> {
    return (await this.ladders.all()).map((l) => ({ code: l.code, name: l.name[locale] }));
  }

  async ladderReport(actor: Actor, f: ReportFilters, ladder: LadderDef): Promise<LadderReport> {
    return this.reports.cached('ladder', actor, f, `${ladder.code}:${ladder.rungs.join(',')}`, () => this.computeLadder(actor, f, ladder));
  }

  private async computeLadder(actor: Actor, f: ReportFilters, ladder: LadderDef): Promise<LadderReport> {
    // The rung's rank comes from the ladder_rung table by a join: a new ladder needs no SQL change.
    const highest = (yearParam: string) =>
      `(SELECT r.enterprise_id AS eid, MAX(lr.position) + 1 AS rung FROM recognition r INNER JOIN ladder_rung lr ON lr.programme = r.tier AND lr.ladder_code = :lCode WHERE r.year = ${yearParam} GROUP BY r.enterprise_id)`;
    const [heat, conv] = await Promise.all([
      this.reports.scoped(actor, f)
        .innerJoin(highest(':lYear'), 'h', 'h.eid = e.id')
        .select('e.district_code', 'district').addSelect('h.rung', 'rung').addSelect('COUNT(*)', 'n')
        .groupBy('e.district_code').addGroupBy('h.rung')
        .setParameters({ lCode: ladder.code, lYear: f.year })
        .getRawMany<{ district: string; rung: unknown; n: unknown }>(),
      this.reports.scoped(actor, f)
        .innerJoin(highest(':lPrev'), 'a', 'a.eid = e.id')
        .leftJoin(highest(':lYear'), 'b', 'b.eid = a.eid')
        .select('a.rung', 'rung').addSelect('COUNT(*)', 'base').addSelect('SUM(CASE WHEN b.rung > a.rung THEN 1 ELSE 0 END)', 'converted')
        .groupBy('a.rung')
        .setParameters({ lCode: ladder.code, lYear: f.year, lPrev: f.year - 1 })
        .getRawMany<{ rung: unknown; base: unknown; converted: unknown }>(),
    ]);
    const size = ladder.rungs.length;
    const zero = () => Array.from({ length: size }, () => 0);
    const rows = await this.reports.districtRows(actor, f, heat.map((h) => h.district), zero);
    const byCode = new Map(rows.map((r) => [r.district.code, r.row]));
    const totals = zero();
    for (const h of heat) {
      const i = n(h.rung) - 1;
      if (i < 0 || i >= size) continue;
      byCode.get(h.district)![i]! += n(h.n);
      totals[i]! += n(h.n);
    }
    const total = totals.reduce((a, b) => a + b, 0);
    return {
      ladder: { code: ladder.code, name: ladder.name, rungs: [...ladder.rungs], rungNames: [...ladder.rungNames] },
      year: f.year,
      byDistrict: rows.map((r) => ({ district: r.district, counts: r.row, total: r.row.reduce((a, b) => a + b, 0) })),
      totals,
      total,
      funnel: ladder.rungs.map((rung, i) => ({ rung, atOrAbove: totals.slice(i).reduce((a, b) => a + b, 0) })),
      conversions: ladder.rungs.slice(0, -1).map((fromRung, i) => {
        const row = conv.find((c) => n(c.rung) === i + 1);
        const base = n(row?.base);
        const converted = n(row?.converted);
        return { fromRung, base, converted, rate: base ? converted / base : null };
      }),
    };
  }

  async exposure(actor: Actor, f: ReportFilters): Promise<ExposureReport> {
    return this.reports.cached('exposure', actor, f, '', () => this.computeExposure(actor, f));
  }

  private async computeExposure(actor: Actor, f: ReportFilters): Promise<ExposureReport> {
    const empty = { loans: 0, outstanding: 0, exposure: 0 };
    if (!(await this.reports.hasTables('application', 'pledge_loan', 'loan_repayment'))) {
      return { available: false, flatShare: 0, byGrade: [], byBank: [], byDistrict: [], totals: { ...empty } };
    }
    const flatShare = toEngine<'ip-pledge'>(await this.ruleSets.resolveOne('ip-pledge', businessToday())).params.riskFundShare;
    // Outstanding principal (fen) per loan = (disbursed or approved amount) − principal repaid.
    const grouped = (dimension: string) => this.reports.scoped(actor, f)
      .innerJoin('application', 'a', 'a.enterprise_id = e.id AND a.type = :xType AND a.status IN (:...xStatuses)', { xType: 'ip-pledge-loan', xStatuses: OUTSTANDING_STATUSES })
      .innerJoin('pledge_loan', 'l', 'l.application_id = a.id')
      .leftJoin('(SELECT lr.application_id AS aid, SUM(lr.principal) AS repaid FROM loan_repayment lr GROUP BY lr.application_id)', 'rp', 'rp.aid = a.id')
      .select(dimension, 'k').addSelect('l.risk_grade', 'grade').addSelect('l.risk_fund_share', 'share')
      .addSelect('COUNT(*)', 'loans')
      .addSelect('SUM(COALESCE(l.disbursed_amount, l.loan_amount, 0) - COALESCE(rp.repaid, 0))', 'outstanding')
      .groupBy(dimension).addGroupBy('l.risk_grade').addGroupBy('l.risk_fund_share')
      .getRawMany<{ k: string | null; grade: string | null; share: string | null; loans: unknown; outstanding: unknown }>();
    const [byGradeRaw, byBankRaw, byDistrictRaw] = await Promise.all([grouped('l.risk_grade'), grouped('l.bank'), grouped('e.district_code')]);
    const fold = (raw: typeof byGradeRaw, keyOf: (r: (typeof raw)[number]) => string): Map<string, { loans: number; outstandingFen: Decimal; exposureFen: Decimal }> => {
      const out = new Map<string, { loans: number; outstandingFen: Decimal; exposureFen: Decimal }>();
      for (const r of raw) {
        const key = keyOf(r);
        const acc = out.get(key) ?? { loans: 0, outstandingFen: new Decimal(0), exposureFen: new Decimal(0) };
        const fen = new Decimal(n(r.outstanding));
        const share = r.share !== null && r.share !== undefined && r.grade ? new Decimal(r.share) : new Decimal(flatShare);
        acc.loans += n(r.loans);
        acc.outstandingFen = acc.outstandingFen.plus(fen);
        acc.exposureFen = acc.exposureFen.plus(fen.times(share));
        out.set(key, acc);
      }
      return out;
    };
    const yuan = (fen: Decimal) => fen.dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
    const row = (key: string, v: { loans: number; outstandingFen: Decimal; exposureFen: Decimal } | undefined): ExposureRow =>
      ({ key, loans: v?.loans ?? 0, outstanding: v ? yuan(v.outstandingFen) : 0, exposure: v ? yuan(v.exposureFen) : 0 });
    const grades = fold(byGradeRaw, (r) => r.grade ?? 'not-graded');
    const banks = fold(byBankRaw, (r) => r.k ?? '—');
    const districts = fold(byDistrictRaw, (r) => r.k ?? '');
    const districtRows = await this.reports.districtRows(actor, f, districts.keys(), () => null);
    const all = fold(byGradeRaw, () => 'total').get('total');
    return {
      available: true,
      flatShare,
      byGrade: EXPOSURE_GRADES.map((g) => row(g, grades.get(g))),
      byBank: [...banks.entries()].sort(([a], [b]) => a.localeCompare(b, 'zh-CN')).map(([k, v]) => row(k, v)),
      byDistrict: districtRows.map((d) => ({ ...row(d.district.code, districts.get(d.district.code)), district: d.district })),
      totals: { loans: all?.loans ?? 0, outstanding: all ? yuan(all.outstandingFen) : 0, exposure: all ? yuan(all.exposureFen) : 0 },
    };
  }
}
