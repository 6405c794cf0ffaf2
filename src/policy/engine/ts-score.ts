import { countBand, ratioBand } from './bands.js';
import type { EvalCtx } from './context.js';
import type { MissingInput, ScoreOption } from './criteria-shapes.js';
import { addedToReachShare, dec, ratioOf } from './num.js';
import type { TechSmeParams } from './params.js';
import { cheapestOptions, relativeEffort, type Candidate } from './score-options.js';
import { figure } from './years.js';

/**
 * The tech-SME evaluation score (rules.md §1.1) from N-1 figures. When a figure is missing its
 * part is unknown and the score becomes a range [min, max]: the criterion can still be decided
 * when the known parts already pass (or cannot pass whatever the unknown parts are).
 */
export interface TsScore {
  /** The score when every part is known, else null. */
  total: number | null;
  min: number;
  max: number;
  parts: {
    stStaff: number | null;
    /** The better of the two R&D options, null while it is undetermined. */
    rd: number | null;
    rdBySales: number | null;
    rdByCost: number | null;
    /** The IP points the records give (a lower bound when IP was not checked). */
    ip: number;
    /** Highest possible IP points: `ip` unless IP was not checked. */
    ipMax: number;
  };
  ratios: { stStaff: number | null; rdBySales: number | null; rdByCost: number | null };
}

const RD_MAX = 50;

export function techSmeScore(ctx: EvalCtx, p: TechSmeParams, missing: MissingInput[]): TsScore {
  const year = ctx.N - 1;
  const need = (field: 'stStaff' | 'employees' | 'rdExpense' | 'salesRevenue' | 'totalCostAndExpense') => {
    const v = figure(ctx, year, field);
    if (v === undefined) missing.push({ field, year });
    return v;
  };
  const zero = (field: string, v: number | undefined) => {
    if (v === 0) missing.push({ field, year, reason: 'zero' });
  };
  const staff = need('stStaff');
  const employees = need('employees');
  zero('employees', employees);
  const rd = need('rdExpense');
  const sales = need('salesRevenue');
  zero('salesRevenue', sales);
  const cost = need('totalCostAndExpense');
  zero('totalCostAndExpense', cost);

  const staffRatio = ratioOf(staff, employees);
  const bySalesRatio = ratioOf(rd, sales);
  const byCostRatio = ratioOf(rd, cost);
  const stStaff = staffRatio ? ratioBand(staffRatio, p.staffBands, 0) : null;
  const rdBySales = bySalesRatio ? ratioBand(bySalesRatio, p.rdSalesBands, 0) : null;
  const rdByCost = byCostRatio ? ratioBand(byCostRatio, p.rdCostBands, 0) : null;
  // The better option counts: known when both are known, or when a known one already scores the maximum.
  const best = Math.max(rdBySales ?? 0, rdByCost ?? 0);
  const rdKnown = (rdBySales !== null && rdByCost !== null) || best === RD_MAX;
  const rdMin = best;
  const rdMax = rdKnown ? best : RD_MAX;
  const ip =
    ctx.ip.classIRelated >= p.ipClassIMin ? p.ipClassIPoints : countBand(ctx.ip.classIIRelated, p.ipClassIIBands, 0);
  // IP not checked: the records are a lower bound, so the part may reach the top points.
  const ipTop = Math.max(p.ipClassIPoints, ...p.ipClassIIBands.map((b) => b.points));
  const ipMax = ctx.unknown.ip ? Math.max(ip, ipTop) : ip;
  if (ipMax > ip) missing.push({ field: 'ipAssets' });
  const staffMax = p.staffBands.length > 0 ? Math.max(...p.staffBands.map((b) => b.points)) : 0;
  const min = (stStaff ?? 0) + rdMin + ip;
  const max = (stStaff ?? staffMax) + rdMax + ipMax;
  return {
    total: stStaff !== null && rdKnown && ipMax === ip ? min : null,
    min,
    max,
    parts: { stStaff, rd: rdKnown ? best : null, rdBySales, rdByCost, ip, ipMax },
    ratios: {
      stStaff: staffRatio?.toNumber() ?? null,
      rdBySales: bySalesRatio?.toNumber() ?? null,
      rdByCost: byCostRatio?.toNumber() ?? null,
    },
  };
}

/**
 * The cheapest ways to close a points shortfall of the tech-SME score, in the enterprise's own
 * numbers: for each indicator, the moves to each higher band (S&T staff to hire — hiring grows the
 * workforce; R&D to add by sales or by cost — added R&D grows total cost; related IP items to
 * obtain). Options are sets of indicators, each moved to its cheapest band that together closes the
 * gap; fewest indicators first, then the smallest relative effort; an option whose subset already
 * closes the gap is left out. At most three. Only for a fully known score.
 */
export function scoreOptions(ctx: EvalCtx, p: TechSmeParams, score: TsScore, shortPoints: number): ScoreOption[] {
  if (score.total === null || shortPoints <= 0) return [];
  const year = ctx.N - 1;
  const staff = figure(ctx, year, 'stStaff')!;
  const employees = figure(ctx, year, 'employees')!;
  const rd = figure(ctx, year, 'rdExpense')!;
  const sales = figure(ctx, year, 'salesRevenue')!;
  const cost = figure(ctx, year, 'totalCostAndExpense')!;
  const per = relativeEffort;
  const groups: Candidate[][] = [];

  const s0 = score.parts.stStaff ?? 0;
  groups.push(
    p.staffBands
      .filter((b) => b.points > s0)
      .map((b) => {
        const count = Math.max(1, addedToReachShare(staff, employees, b.min).ceil().toNumber());
        return { move: { indicator: 'stStaff', fromPoints: s0, toPoints: b.points, count, unit: 'persons' }, gain: b.points - s0, effort: per(count, staff) };
      }),
  );

  const r0 = score.parts.rd ?? 0;
  const rdMoves = new Map<number, Candidate>();
  const offer = (c: Candidate) => {
    const had = rdMoves.get(c.move.toPoints);
    if (!had || c.effort < had.effort) rdMoves.set(c.move.toPoints, c);
  };
  for (const b of p.rdSalesBands.filter((x) => x.points > r0)) {
    const amount = Math.max(1, dec(b.min).times(sales).minus(rd).ceil().toNumber());
    offer({ move: { indicator: 'rdBySales', fromPoints: r0, toPoints: b.points, amount, unit: 'yuan' }, gain: b.points - r0, effort: per(amount, rd) });
  }
  for (const b of p.rdCostBands.filter((x) => x.points > r0)) {
    const amount = Math.max(1, addedToReachShare(rd, cost, b.min).ceil().toNumber());
    offer({ move: { indicator: 'rdByCost', fromPoints: r0, toPoints: b.points, amount, unit: 'yuan' }, gain: b.points - r0, effort: per(amount, rd) });
  }
  groups.push([...rdMoves.values()]);

  const i0 = score.parts.ip;
  const ipMoves: Candidate[] = [];
  const related = ctx.ip.classIIRelated;
  for (const b of p.ipClassIIBands.filter((x) => x.points > i0)) {
    const count = b.min - related;
    if (count > 0) ipMoves.push({ move: { indicator: 'ip', fromPoints: i0, toPoints: b.points, count, unit: 'items' }, gain: b.points - i0, effort: per(count, related) });
  }
  if (p.ipClassIPoints > i0) {
    const count = p.ipClassIMin - ctx.ip.classIRelated;
    if (count > 0)
      ipMoves.push({ move: { indicator: 'ip', fromPoints: i0, toPoints: p.ipClassIPoints, count, unit: 'class-i-items' }, gain: p.ipClassIPoints - i0, effort: per(count, ctx.ip.classIRelated) });
  }
  groups.push(ipMoves);

  return cheapestOptions(groups, shortPoints);
}
