import type { Decimal } from 'decimal.js';
import { EXCLUDED_ACTIVITY_TYPES, RD_COST_FIELDS, isOneOf, type RdExpenseDetail, type RdProjectCosts } from './facts.js';
import { dec, toYuan, ZERO } from './num.js';
import type { SdRateRow, SuperDeductionParams } from './params.js';

/** Which rate of the table applied. */
export type RateBasis = 'general' | 'weighted-q4' | 'manufacturing' | 'tech-sme' | 'ic-or-machine-tool' | 'none';

/** The super-deduction estimate (rules.md §4.4); money rounded to fen, rates as fractions. */
export interface SdAmount {
  year: number;
  /** Allowed expensed R&D after caps and by-product income. */
  base: number;
  rate: number;
  rateBasis: RateBasis;
  extraDeduction: number;
  eitRate: number;
  taxSaving: number;
  /** Categories 1–5. */
  qualifyingExpenses: number;
  otherCap: number;
  allowedOther: number;
  contractedDomesticAllowed: number;
  contractedOverseasAllowed: number;
  byProductIncome: number;
  /** Capitalised R&D is amortised at (1 + rate) × cost. */
  capitalisedAmortisationFactor: number;
  /** Edition 2: which EIT rate of the claim year applies (rules.md §4.4). */
  eitRateBasis?: EitBasis;
  /** The small low-profit test could not be made (a figure of the claim year is missing): standard rate assumed. */
  eitRateAssumed?: true;
  /** A loss year: the saving is not realised that year (loss carried forward); `taxSaving` is 0. */
  taxSavingDeferred?: true;
  deferredTaxSaving?: number;
  /** Costs of excluded-activity projects and fiscal-fund R&D left out of the base. */
  excludedProjectCosts?: number;
  fiscalFunds?: number;
}

export type EitBasis = 'high-tech' | 'small-low-profit' | 'standard';

/** The claim year's EIT rate and whether the saving is realised that year (edition 2). */
export interface EitChoice {
  rate: number;
  basis: EitBasis;
  assumed: boolean;
  lossYear: boolean;
}

function findRow(rows: readonly SdRateRow[], year: number): SdRateRow | undefined {
  return rows.find((r) => (r.fromYear === null || year >= r.fromYear) && (r.toYear === null || year <= r.toYear));
}

/**
 * The rate for a fiscal year: the row's general rate, raised to any special rate the enterprise
 * qualifies for (manufacturing, tech-SME, IC/machine tool). Where the general rate changed within
 * the year (2022: 75% to September, 100% from October) a yearly figure has no month split, so the
 * rate is weighted: general × (1 − q4Share) + octDecRate × q4Share (0.8125 with the default 0.25).
 */
export function superDeductionRate(
  year: number,
  detail: Pick<RdExpenseDetail, 'manufacturing' | 'techSme' | 'icOrMachineTool'>,
  p: SuperDeductionParams,
): { rate: Decimal; basis: RateBasis } {
  const row = findRow(p.rates, year);
  if (!row) return { rate: ZERO, basis: 'none' };
  let rate = dec(row.rate);
  let basis: RateBasis = 'general';
  if (row.octDecRate !== undefined) {
    rate = rate.times(dec(1).minus(p.q4Share)).plus(dec(row.octDecRate).times(p.q4Share));
    basis = 'weighted-q4';
  }
  const raise = (special: number | undefined, applies: boolean | undefined, b: RateBasis) => {
    if (applies === true && special !== undefined && rate.lt(special)) {
      rate = dec(special);
      basis = b;
    }
  };
  raise(row.manufacturing, detail.manufacturing, 'manufacturing');
  raise(row.techSme, detail.techSme, 'tech-sme');
  raise(row.icOrMachineTool, detail.icOrMachineTool, 'ic-or-machine-tool');
  return { rate, basis };
}

const money = (v: number | undefined): Decimal => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? dec(v) : ZERO);

/**
 * rules.md §4.4. otherCap = (c1+…+c5) × 10% / (1 − 10%), once across all projects; other costs are
 * allowed up to it. Contracted R&D counts at 80%; overseas contracted at 80% and at most ⅔ of the
 * qualifying domestic R&D (categories 1–6 allowed plus domestic contracted at 80%). By-product
 * income is subtracted; the base never goes below 0. Absent categories count as 0.
 *
 * Note: api.md's example response shows base 1,030,000 for its example facts, i.e. 800,000 +
 * 150,000 + 80,000 with "other" uncapped. rules.md caps "other" at 88,888.89, giving 968,888.89;
 * the example is illustrative and the engine follows rules.md.
 */
export function superDeductionAmount(detail: RdExpenseDetail, year: number, eit: number | EitChoice, p: SuperDeductionParams): SdAmount {
  // Edition 2 (an EitChoice is passed): excluded projects' costs leave each category (rules.md §4.4).
  const corrected = typeof eit !== 'number';
  const excluded: Record<string, Decimal> = {};
  let excludedTotal = ZERO;
  if (corrected)
    for (const pr of detail.projects ?? [])
      if (isOneOf(EXCLUDED_ACTIVITY_TYPES, pr.activityType) && pr.costs)
        for (const k of RD_COST_FIELDS) {
          const v = money(pr.costs[k as keyof RdProjectCosts]);
          excluded[k] = (excluded[k] ?? ZERO).plus(v);
          excludedTotal = excludedTotal.plus(v);
        }
  const cat = (k: (typeof RD_COST_FIELDS)[number]) => {
    const v = money(detail[k]).minus(excluded[k] ?? ZERO);
    return v.lt(0) ? ZERO : v;
  };
  const qualifying = cat('personnel').plus(cat('directInputs')).plus(cat('depreciation')).plus(cat('amortization')).plus(cat('design'));
  const share = dec(p.otherCapShare);
  const other = cat('other');
  // A share of 100% would mean no cap at all (the formula divides by zero).
  const otherCap = share.gte(1) ? other : qualifying.times(share).div(dec(1).minus(share));
  const allowedOther = other.lt(otherCap) ? other : otherCap;
  const domesticAllowed = cat('contractedDomestic').times(p.contractedShare);
  const qualifyingDomestic = qualifying.plus(allowedOther).plus(domesticAllowed);
  const overseasRaw = cat('contractedOverseas').times(p.contractedShare);
  const overseasCap = qualifyingDomestic.times(p.overseasCapOfDomestic.numerator).div(p.overseasCapOfDomestic.denominator);
  const overseasAllowed = overseasRaw.lt(overseasCap) ? overseasRaw : overseasCap;
  const byProduct = money(detail.byProductIncome);
  // R&D paid from fiscal funds booked as non-taxable income is not in the base (edition 2).
  const fiscal = corrected ? money(detail.fiscalFunds) : ZERO;
  let base = qualifyingDomestic.plus(overseasAllowed).minus(byProduct).minus(fiscal);
  if (base.lt(0)) base = ZERO;
  const { rate, basis } = superDeductionRate(year, detail, p);
  // Round the base to fen first so that the published figures multiply out.
  const baseYuan = dec(toYuan(base));
  const extra = dec(toYuan(baseYuan.times(rate)));
  const eitRate = typeof eit === 'number' ? eit : eit.rate;
  const saving = toYuan(extra.times(eitRate));
  const deferred = typeof eit !== 'number' && eit.lossYear;
  const out: SdAmount = {
    year,
    base: baseYuan.toNumber(),
    rate: rate.toNumber(),
    rateBasis: basis,
    extraDeduction: extra.toNumber(),
    eitRate,
    taxSaving: deferred ? 0 : saving,
    qualifyingExpenses: toYuan(qualifying),
    otherCap: toYuan(otherCap),
    allowedOther: toYuan(allowedOther),
    contractedDomesticAllowed: toYuan(domesticAllowed),
    contractedOverseasAllowed: toYuan(overseasAllowed),
    byProductIncome: toYuan(byProduct),
    capitalisedAmortisationFactor: rate.plus(1).toNumber(),
  };
  if (typeof eit !== 'number') {
    out.eitRateBasis = eit.basis;
    if (eit.assumed) out.eitRateAssumed = true;
    if (deferred) {
      out.taxSavingDeferred = true;
      out.deferredTaxSaving = saving;
    }
    out.excludedProjectCosts = toYuan(excludedTotal);
    out.fiscalFunds = toYuan(fiscal);
  }
  return out;
}
