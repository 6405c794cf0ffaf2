import { countBand, ratioBand } from './bands.js';
import type { EvalCtx } from './context.js';
import type { MissingInput } from './criteria.js';
import { ratioOf } from './num.js';
import type { TechSmeParams } from './params.js';
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
    ip: number;
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
  const staffMax = p.staffBands.length > 0 ? Math.max(...p.staffBands.map((b) => b.points)) : 0;
  const min = (stStaff ?? 0) + rdMin + ip;
  const max = (stStaff ?? staffMax) + rdMax + ip;
  return {
    total: stStaff !== null && rdKnown ? min : null,
    min,
    max,
    parts: { stStaff, rd: rdKnown ? best : null, rdBySales, rdByCost, ip },
    ratios: {
      stStaff: staffRatio?.toNumber() ?? null,
      rdBySales: bySalesRatio?.toNumber() ?? null,
      rdByCost: byCostRatio?.toNumber() ?? null,
    },
  };
}
