import type { EvalCtx } from './context.js';
import { criterion, programResult, type CriterionResult, type MissingInput, type ProgramResult, type RuleSet } from './criteria.js';
import type { RpAmount } from './criteria-shapes.js';
import { addYears, isIsoDate } from './dates.js';
import type { Outcome } from './facts.js';
import { dec, toYuan } from './num.js';
import { allOf, programOutcome } from './outcome.js';
import type { RdPostSubsidyParams } from './params-shapes.js';
import { requiredRp, sayRp } from './rd-post-subsidy-messages.js';
import { missingCriterion, regCriterion } from './shared-criteria.js';
import { figure } from './years.js';

export type { RpAmount } from './criteria-shapes.js';

/**
 * R&D post-subsidy (rules.md §8): RP-REG, RP-STATUS, RP-CLAIMED and RP-GROWTH, all required. The
 * amount is reported whenever R&D grew and the programme is not ineligible (as the super-deduction
 * estimate is); a round only takes eligible files' amounts.
 */
export function evaluateRdPostSubsidy(ctx: EvalCtx, rs: RuleSet<RdPostSubsidyParams>): ProgramResult {
  const reg = regCriterion(ctx, rs, 'RP-REG');
  const status = statusCriterion(ctx, rs);
  const claimed = claimedCriterion(ctx, rs);
  const { result: growth, amount } = growthCriterion(ctx, rs);
  const outcome = programOutcome(allOf([reg.outcome, status.outcome, claimed.outcome, growth.outcome]));
  const result = programResult('rd-post-subsidy', rs, outcome, [reg, status, claimed, growth], ctx);
  if (amount && outcome !== 'ineligible') result.amount = amount;
  return result;
}

/** The rule's arithmetic: min(rate × increase, cap), fen-rounded; 0 when R&D did not grow. */
export function rdPostSubsidyAmount(year: number, rd: number, prior: number, p: RdPostSubsidyParams): RpAmount {
  const increase = dec(rd).minus(prior);
  const raw = increase.gt(0) ? increase.times(p.rate) : dec(0);
  const capped = raw.gt(p.cap);
  return {
    kind: 'rd-post-subsidy',
    year,
    rdExpense: rd,
    priorRdExpense: prior,
    increase: toYuan(increase),
    rate: p.rate,
    cap: p.cap,
    subsidy: toYuan(capped ? dec(p.cap) : raw),
    capped,
  };
}

const endOfYear = (iso: string) => `${iso.slice(0, 4)}-12-31`;

/** Which status held on some day of `year`: an HNTE certificate, a tech-SME listing, or none. */
function statusIn(ctx: EvalCtx, year: number): 'hnte-certificate' | 'tech-sme-listing' | null {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  for (const q of ctx.quals) {
    if (q.kind !== 'hnte-certificate' || !isIsoDate(q.on)) continue;
    const end = isIsoDate(q.validUntil) ? q.validUntil : addYears(q.on, ctx.hnteValidityYears);
    if (q.on <= to && end >= from) return 'hnte-certificate';
  }
  for (const l of ctx.facts.techSmeListings ?? []) {
    if (!isIsoDate(l.validFrom)) continue;
    const end = isIsoDate(l.validUntil) ? l.validUntil : endOfYear(l.validFrom);
    if (l.validFrom <= to && end >= from) return 'tech-sme-listing';
  }
  // Not the R&D ledger's own techSme flag: rules.md §8 asks for a listing (or a certificate), and the
  // ledger's flag is the enterprise's declaration on its tax return, not the registry's record.
  return null;
}

/** RP-STATUS: a valid tech-SME listing or HNTE certificate in N-1 (unknown lists → missing). */
function statusCriterion(ctx: EvalCtx, rs: RuleSet<RdPostSubsidyParams>): CriterionResult {
  const year = ctx.N - 1;
  const req = requiredRp(ctx, 'status', { year });
  const threshold = { year, anyOf: ['tech-sme-listing', 'hnte-certificate'] };
  const via = statusIn(ctx, year);
  if (via) return criterion(rs, { code: 'RP-STATUS', outcome: 'met', actual: via, required: req, threshold, explanation: sayRp(ctx, 'status.met', { year, via }) });
  const open: MissingInput[] = [];
  if (ctx.facts.techSmeListings === undefined) open.push({ field: 'techSmeListings', year });
  if (ctx.unknown.qualifications) open.push({ field: 'qualifications' });
  if (open.length) return missingCriterion(ctx, rs, { code: 'RP-STATUS', required: req, threshold }, open);
  return criterion(rs, { code: 'RP-STATUS', outcome: 'unmet', actual: null, required: req, threshold, explanation: sayRp(ctx, 'status.unmet', { year }) });
}

/**
 * RP-CLAIMED: the super-deduction was claimed for N-1, i.e. the R&D ledger of N-1 is on file (the
 * facts carry it as rdExpenseDetail). A ledger of an earlier year only, or a declared "no ledger", is unmet.
 */
function claimedCriterion(ctx: EvalCtx, rs: RuleSet<RdPostSubsidyParams>): CriterionResult {
  const year = ctx.N - 1;
  const req = requiredRp(ctx, 'claimed', { year });
  const threshold = { year };
  const detail = ctx.facts.rdExpenseDetail;
  const ledgerYear = detail ? (detail.year ?? year) : undefined;
  let outcome: Outcome;
  if (ledgerYear === year) outcome = 'met';
  else if (ctx.ent.rdLedger === false || (ledgerYear !== undefined && ledgerYear < year)) outcome = 'unmet';
  else return missingCriterion(ctx, rs, { code: 'RP-CLAIMED', required: req, threshold }, [{ field: 'rdExpenseDetail', year }]);
  return criterion(rs, {
    code: 'RP-CLAIMED',
    outcome,
    // Whether the ledger of N-1 is on file (the year itself is in the threshold).
    actual: outcome === 'met',
    required: req,
    threshold,
    explanation: sayRp(ctx, outcome === 'met' ? 'claimed.met' : 'claimed.unmet', { year }),
  });
}

/** RP-GROWTH: R&D of N-1 strictly above R&D of N-2; the amount follows from the increase. */
function growthCriterion(ctx: EvalCtx, rs: RuleSet<RdPostSubsidyParams>): { result: CriterionResult; amount?: RpAmount } {
  const p = rs.params;
  const year = ctx.N - 1;
  const rd = figure(ctx, year, 'rdExpense');
  const prior = figure(ctx, year - 1, 'rdExpense');
  const req = requiredRp(ctx, 'growth', { year, rate: p.rate, cap: p.cap });
  const threshold = { year, priorYear: year - 1, rate: p.rate, cap: p.cap };
  const uses = ['rate', 'cap'];
  if (rd === undefined || prior === undefined) {
    const missing: MissingInput[] = [];
    if (rd === undefined) missing.push({ field: 'rdExpense', year });
    if (prior === undefined) missing.push({ field: 'rdExpense', year: year - 1 });
    return { result: missingCriterion(ctx, rs, { code: 'RP-GROWTH', required: req, threshold, uses }, missing) };
  }
  const met = dec(rd).gt(prior);
  const amount = met ? rdPostSubsidyAmount(year, rd, prior, p) : undefined;
  const result = criterion(rs, {
    code: 'RP-GROWTH',
    outcome: met ? 'met' : 'unmet',
    actual: { rdExpense: rd, priorRdExpense: prior },
    required: req,
    threshold,
    explanation: met ? sayRp(ctx, 'growth.met', { year, rd, prior, amount: amount!.subsidy, capped: amount!.capped }) : sayRp(ctx, 'growth.unmet', { year, rd, prior }),
    uses,
    // The R&D to add to N-1 for it to exceed N-2 (one fen above).
    shortfall: met ? undefined : { amount: toYuan(dec(prior).minus(rd).plus(0.01)), unit: 'yuan' },
  });
  return { result, amount };
}
