import type { EvalCtx } from './context.js';
import { criterion, say, type CriterionResult, type RuleSet } from './criteria.js';
import { isIsoDate } from './dates.js';
import type { CreditFlag, FlagKind } from './facts.js';
import { required } from './messages.js';

/** Municipal tiers (*-CREDIT): research integrity, abnormal-operation list, dishonesty list. */
export const TIER_CREDIT_KINDS: readonly FlagKind[] = ['research-misconduct', 'abnormal-operation', 'serious-dishonesty'];
/** TS-CREDIT adds major safety/quality accidents and serious environmental violations. */
export const TS_CREDIT_KINDS: readonly FlagKind[] = [
  'major-accident',
  'environmental-violation',
  'research-misconduct',
  'abnormal-operation',
  'serious-dishonesty',
];
/** HT-COMPLIANCE: accidents and environmental violations in the 365 days before asOf. */
export const HT_COMPLIANCE_KINDS: readonly FlagKind[] = ['major-accident', 'environmental-violation'];

export interface FlagScan {
  /** Flags of the kinds dated within [from, asOf]. */
  hits: CreditFlag[];
  /** Flags of the kinds without a usable date: they might fall in the window. */
  undated: number;
}

/**
 * Flags of `kinds` between `from` and asOf inclusive. Flags dated after asOf are ignored: they
 * were not on record at the evaluation date, and a past evaluation must stay reproducible.
 */
export function scanFlags(ctx: EvalCtx, kinds: readonly FlagKind[], from: string): FlagScan {
  const scan: FlagScan = { hits: [], undated: 0 };
  const flags = ctx.ent.flags;
  if (!flags) return scan;
  for (const f of flags) {
    if (!kinds.includes(f.kind)) continue;
    if (!isIsoDate(f.on)) scan.undated++;
    else if (f.on >= from && f.on <= ctx.asOf) scan.hits.push(f);
  }
  return scan;
}

/**
 * *-CREDIT and TS-CREDIT: no flag of the kinds in year N (up to asOf) or the years before it that
 * the look-back window covers (reference data; 1 = N-1 as rules.md says). No flags recorded means
 * none: the enterprise file stores adverse records, not their absence.
 */
export function creditCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  kinds: readonly FlagKind[],
): CriterionResult {
  const from = `${ctx.N - ctx.reference.creditLookbackYears}-01-01`;
  const scan = scanFlags(ctx, kinds, from);
  const outcome = scan.hits.length > 0 ? 'unmet' : scan.undated > 0 ? 'missing' : 'met';
  const hits = scan.hits.map((f) => ({ kind: f.kind, on: f.on }));
  return criterion(rs, {
    code,
    outcome,
    actual: hits,
    required: required(ctx.locale, 'noFlags', { kinds, from, to: ctx.asOf }),
    threshold: { noneOf: kinds, from, to: ctx.asOf },
    explanation:
      outcome === 'unmet'
        ? say(ctx, 'flags.unmet', { flags: hits })
        : outcome === 'missing'
          ? say(ctx, 'flags.undated', { count: scan.undated })
          : say(ctx, 'flags.met', { from, to: ctx.asOf }),
    missing: outcome === 'missing' ? [{ field: 'flags.on' }] : undefined,
  });
}
