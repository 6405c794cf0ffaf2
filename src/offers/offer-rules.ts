import type { ApplicationType } from '../applications/workflow/workflows.js';
import { subjectsOf } from '../policy/criterion-sources.js';
import { TIERS } from '../ladder/tiers.js';

/**
 * The pure rules of offers (rules.md §11, §0): what is frozen, when an offer is fast-track, what
 * application accepting one files and in which status, and when an offer expires. No I/O.
 */

/** Sources that are authoritative (rules.md §0); `enterprise` (self-reported) and `import` are not. */
export const AUTHORITATIVE_SOURCES: readonly string[] = ['tax', 'market-regulation', 'ip-office', 'statistics', 'credit-china', 'officer'];

/** The SRDI rungs (rules.md §7): an offer of one files an srdi-recognition of that rung. */
export const SRDI_OFFER_PROGRAMMES = ['innovative-sme', 'srdi-sme', 'little-giant'] as const;

/**
 * The programmes matching looks at: those with an outcome column on eligibility_status — the
 * Tianjin tiers, HNTE, the super-deduction, the SRDI rungs and the R&D post-subsidy (issue 16),
 * by the engine's programme codes (api.md "Ladders and programmes").
 */
export const OFFER_PROGRAMMES = [...TIERS, 'high-tech', 'super-deduction', ...SRDI_OFFER_PROGRAMMES, 'rd-post-subsidy'] as const;
export type OfferProgramme = (typeof OFFER_PROGRAMMES)[number];

export function isOfferProgramme(p: unknown): p is OfferProgramme {
  return typeof p === 'string' && (OFFER_PROGRAMMES as readonly string[]).includes(p);
}

/** How a criterion's facts stand for the fast track. */
export type Footing = 'authoritative' | 'registration' | 'self-reported' | 'unrecorded' | 'not-met' | 'informational';

export interface FrozenCriterion {
  code: string;
  outcome: string;
  sources: string[];
  partOf?: string;
  anyOf?: readonly string[];
  footing: Footing;
}

/** The evaluation an offer was made from, as stored on it. */
export interface FrozenEvaluation {
  asOf: string;
  engineVersion: string;
  /** programme → rule-set version, for every programme the evaluation used. */
  ruleSets: Record<string, string>;
  programme: string;
  outcome: string;
  criteria: FrozenCriterion[];
  /** super-deduction: the estimated tax saving and extra deduction in yuan (null when none). */
  benefit: { taxSaving: number; extraDeduction: number } | null;
}

interface CriterionLike { code: string; outcome: string; sources?: readonly string[]; partOf?: string; anyOf?: readonly string[] }

/**
 * How each criterion stands. A sub-criterion (`partOf`) only informs, and an alternative left
 * unmet while another of its `anyOf` is met does not decide. A deciding criterion is on an
 * authoritative footing when every source of its facts is authoritative; a criterion that reads
 * only the registration profile (no fact subjects) rests on the market-regulation registration.
 */
export function footings(criteria: readonly CriterionLike[]): FrozenCriterion[] {
  const met = new Set(criteria.filter((c) => c.outcome === 'met').map((c) => c.code));
  return criteria.map((c) => {
    const sources = [...(c.sources ?? [])];
    const base = { code: c.code, outcome: c.outcome, sources, ...(c.partOf ? { partOf: c.partOf } : {}), ...(c.anyOf ? { anyOf: c.anyOf } : {}) };
    if (c.partOf) return { ...base, footing: 'informational' as const };
    if (c.outcome !== 'met') {
      const covered = c.anyOf?.some((a) => a !== c.code && met.has(a));
      return { ...base, footing: covered ? ('informational' as const) : ('not-met' as const) };
    }
    if (!subjectsOf(c.code).length) return { ...base, footing: 'registration' as const };
    if (!sources.length) return { ...base, footing: 'unrecorded' as const };
    return { ...base, footing: sources.every((s) => AUTHORITATIVE_SOURCES.includes(s)) ? ('authoritative' as const) : ('self-reported' as const) };
  });
}

/** Fast track (rules.md §11): every deciding criterion met on authoritative facts. */
export function isFastTrack(criteria: readonly FrozenCriterion[]): boolean {
  const deciding = criteria.filter((c) => c.footing !== 'informational');
  return deciding.length > 0 && deciding.every((c) => c.footing === 'authoritative' || c.footing === 'registration');
}

/** Criteria an officer would verify before the bureau relies on them (self-reported or unrecorded facts). */
export function toVerify(criteria: readonly FrozenCriterion[]): FrozenCriterion[] {
  return criteria.filter((c) => c.footing === 'self-reported' || c.footing === 'unrecorded');
}

/** Programmes with no recognition of their own: claimed only by an application (the post-subsidy also by a claim of its round). */
export const hasRecognition = (p: OfferProgramme): boolean => p !== 'super-deduction' && p !== 'rd-post-subsidy';

/**
 * The application an accepted offer files: its type, tier (or SRDI rung) and year. Super-deduction
 * claims and the post-subsidy round are of the last fiscal year.
 */
export function applicationFor(programme: OfferProgramme, year: number): { type: ApplicationType; tier: string | null; rung?: string; year: number } {
  if (programme === 'high-tech') return { type: 'high-tech-certification', tier: null, year };
  if (programme === 'super-deduction') return { type: 'super-deduction-precheck', tier: null, year: year - 1 };
  if (programme === 'rd-post-subsidy') return { type: 'rd-post-subsidy', tier: null, year: year - 1 };
  if ((SRDI_OFFER_PROGRAMMES as readonly string[]).includes(programme)) return { type: 'srdi-recognition', tier: null, rung: programme, year };
  return { type: 'tier-recognition', tier: programme, year };
}

/**
 * The status an accepted offer's application starts in (rules.md §11). A normal offer starts at
 * district review; a fast-track one past it (municipal review), or on the list (public notice) when
 * the programme's rule set is `automatic`. The super-deduction pre-check has no district stage to
 * skip: it always starts as submitted to the district's review.
 */
export function intakeStatus(type: ApplicationType, fastTrack: boolean, automatic: boolean): string {
  if (type === 'super-deduction-precheck') return 'submitted';
  if (!fastTrack) return 'district-review';
  // The post-subsidy has no notice of its own (its round publishes the list).
  if (type === 'rd-post-subsidy') return 'municipal-review';
  return automatic ? 'public-notice' : 'municipal-review';
}

/** The last day an offer stands: the end of its year, or `days` after it was made when that is sooner. */
export function expiryOf(year: number, madeOn: string, days: number, addDays: (iso: string, n: number) => string): string {
  const endOfYear = `${year}-12-31`;
  const byDays = addDays(madeOn, days);
  return byDays < endOfYear ? byDays : endOfYear;
}

/** Why matching withdraws an open offer (a catalogue key under offer.reason.*). */
export type WithdrawReason = 'no-longer-eligible' | 'claimed' | 'round-closed';

/**
 * The reason to withdraw, or null to keep the offer. `roundOpen` is false for a post-subsidy offer
 * whose round (the year before the offer's) is published or gone: no application could be filed.
 */
export function withdrawReason(outcome: string, claimed: boolean, roundOpen = true): WithdrawReason | null {
  if (claimed) return 'claimed';
  if (!roundOpen) return 'round-closed';
  return outcome === 'eligible' ? null : 'no-longer-eligible';
}
