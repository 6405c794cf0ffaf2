import type { EvalCtx } from './context.js';
import { criterion, editionOf, say, type CriterionResult, type RuleSet } from './criteria.js';
import { isIsoDate } from './dates.js';
import { LISTING_FLAG_KINDS, type CreditFlag, type FlagKind } from './facts.js';
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

const isListing = (kind: FlagKind) => (LISTING_FLAG_KINDS as readonly FlagKind[]).includes(kind);

export interface FlagScan {
  /** Flags of the kinds dated within [from, asOf]. */
  hits: { kind: FlagKind; on: string }[];
  /** Flags of the kinds without a usable date: they might fall in the window. */
  undated: number;
}

/** The date of an event flag: `on`, or `listedOn` when only that was given. */
const eventDate = (f: CreditFlag) => f.on ?? f.listedOn;

/**
 * Flags of `kinds` dated between `from` and asOf inclusive. Flags dated after asOf are ignored: they
 * were not on record at the evaluation date, and a past evaluation must stay reproducible.
 */
export function scanFlags(ctx: EvalCtx, kinds: readonly FlagKind[], from: string): FlagScan {
  const scan: FlagScan = { hits: [], undated: 0 };
  const flags = ctx.ent.flags;
  if (!flags) return scan;
  for (const f of flags) {
    if (!kinds.includes(f.kind)) continue;
    const on = eventDate(f);
    if (!isIsoDate(on)) scan.undated++;
    else if (on >= from && on <= ctx.asOf) scan.hits.push({ kind: f.kind, on });
  }
  return scan;
}

/**
 * Listings in force on asOf (rules.md §1 *-CREDIT): listed on or before asOf and not removed by then
 * (`removedOn` ≤ asOf = off the list). A listing without a usable listing date that is not known to
 * be removed is undecidable. `on` stands for `listedOn` when only it is given.
 */
export function scanListings(ctx: EvalCtx, kinds: readonly FlagKind[]): FlagScan {
  const scan: FlagScan = { hits: [], undated: 0 };
  for (const f of ctx.ent.flags ?? []) {
    if (!kinds.includes(f.kind)) continue;
    if (isIsoDate(f.removedOn) && f.removedOn <= ctx.asOf) continue;
    const listed = f.listedOn ?? f.on;
    if (!isIsoDate(listed)) scan.undated++;
    else if (listed <= ctx.asOf) scan.hits.push({ kind: f.kind, on: listed });
  }
  return scan;
}

/**
 * *-CREDIT and TS-CREDIT. Edition 1 (2026.1): no flag of the kinds dated in year N (up to asOf) or
 * N-1. Edition 2 (rules.md as corrected): event kinds (misconduct, accidents, environmental) dated in
 * N-1 … asOf, and listing kinds by their status on asOf — a firm listed in 2022 and still listed fails.
 * No flags recorded means none, unless the credit status was explicitly not checked (`creditChecked:
 * false`): then a clean record is `missing`, while a listing found still fails.
 */
export function creditCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  kinds: readonly FlagKind[],
): CriterionResult {
  const from = `${ctx.N - ctx.reference.creditLookbackYears}-01-01`;
  if (editionOf(rs) < 2) return legacyCredit(ctx, rs, code, kinds, from);
  const events = scanFlags(ctx, kinds.filter((k) => !isListing(k)), from);
  const listings = scanListings(ctx, kinds.filter(isListing));
  const hits = [...listings.hits, ...events.hits];
  const undated = events.undated + listings.undated;
  const unchecked = ctx.unknown.credit;
  const outcome = hits.length > 0 ? 'unmet' : undated > 0 || unchecked ? 'missing' : 'met';
  const listingKinds = kinds.filter(isListing);
  const eventKinds = kinds.filter((k) => !isListing(k));
  return criterion(rs, {
    code,
    outcome,
    actual: hits,
    required: required(ctx, 'credit', { listings: listingKinds, events: eventKinds, from, to: ctx.asOf }),
    threshold: { notListedOn: ctx.asOf, listings: listingKinds, noEventsOf: eventKinds, from, to: ctx.asOf },
    explanation:
      outcome === 'unmet'
        ? say(ctx, 'flags.unmet', { flags: hits })
        : outcome === 'missing'
          ? undated > 0
            ? say(ctx, 'flags.undated', { count: undated })
            : say(ctx, 'missing', { inputs: [{ field: 'flags' }] })
          : say(ctx, 'credit.met', { from, to: ctx.asOf }),
    missing: outcome === 'missing' ? [{ field: undated > 0 ? 'flags.on' : 'flags' }] : undefined,
  });
}

function legacyCredit(ctx: EvalCtx, rs: RuleSet<unknown>, code: string, kinds: readonly FlagKind[], from: string): CriterionResult {
  const scan = scanFlags(ctx, kinds, from);
  const outcome = scan.hits.length > 0 ? 'unmet' : scan.undated > 0 ? 'missing' : 'met';
  return criterion(rs, {
    code,
    outcome,
    actual: scan.hits,
    required: required(ctx, 'noFlags', { kinds, from, to: ctx.asOf }),
    threshold: { noneOf: kinds, from, to: ctx.asOf },
    explanation:
      outcome === 'unmet'
        ? say(ctx, 'flags.unmet', { flags: scan.hits })
        : outcome === 'missing'
          ? say(ctx, 'flags.undated', { count: scan.undated })
          : say(ctx, 'flags.met', { from, to: ctx.asOf }),
    missing: outcome === 'missing' ? [{ field: 'flags.on' }] : undefined,
  });
}
