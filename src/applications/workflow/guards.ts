import type { FieldMessage } from '../../common/errors.js';
import { lookupTable } from '../../common/own-key.js';

/**
 * Guards named in the transitions tables. Each is a pure function of facts the service gathers
 * before the transition; a veto carries a catalogue key (with parameters) for the page and
 * field-level details for the API, so the enterprise is told exactly what is missing.
 */
export interface GuardFacts {
  today: string;
  comment: string | null;
  /** Required documents without an upload: checklist codes. */
  missingDocuments: readonly string[];
  batch: { id: number; status: string; noticeEndsOn: string | null } | null;
  openObjections: number;
  upheldObjections: number;
  /** The IPP-* check of the pledged assets (ip-pledge loans), made for this transition. */
  pledge?: { outcome: string; failures: readonly { number: string; code: string; outcome: string }[] };
  /** IPP-TERM against the loan terms being approved (approve-loan). */
  pledgeTerm?: { ok: boolean; maturityOn: string | null; failures: readonly { number: string; expiresOn: string | null }[] };
  outstandingPrincipal?: number;
  /** R&D post-subsidy approval: the round of the application's year and the claim frozen at (re)submission. */
  rdClaim?: { roundStatus: string | null; year: number; amount: number | null; outcome: string | null };
}

export interface Veto {
  guard: string;
  messageKey: string;
  params: Record<string, string | number>;
  details: FieldMessage[];
}

type Guard = (f: GuardFacts) => Omit<Veto, 'guard'> | null;

export const GUARDS: Record<string, Guard> = lookupTable<Record<string, Guard>>({
  'documents-complete': (f) =>
    f.missingDocuments.length
      ? {
          messageKey: 'application.veto.documentsMissing',
          params: { count: f.missingDocuments.length },
          details: f.missingDocuments.map((code) => ({ field: `documents.${code}`, message: 'required document missing' })),
        }
      : null,
  'comment-required': (f) =>
    f.comment && f.comment.trim()
      ? null
      : { messageKey: 'application.veto.commentRequired', params: {}, details: [{ field: 'comment', message: 'a reason for the applicant is required' }] },
  'batch-notice-open': (f) =>
    f.batch && f.batch.status === 'notice'
      ? null
      : { messageKey: 'application.veto.noNoticeBatch', params: {}, details: [{ field: 'batchId', message: 'open the public notice through a batch' }] },
  'notice-ended': (f) =>
    f.batch?.noticeEndsOn && f.today > f.batch.noticeEndsOn
      ? null
      : {
          messageKey: 'application.veto.noticeRunning',
          params: { endsOn: f.batch?.noticeEndsOn ?? '—' },
          details: [{ field: 'batch.noticeEndsOn', message: `the public notice runs until ${f.batch?.noticeEndsOn ?? '—'}` }],
        },
  'no-open-objections': (f) =>
    f.openObjections > 0
      ? { messageKey: 'application.veto.openObjections', params: { count: f.openObjections }, details: [{ field: 'objections', message: `${f.openObjections} objection(s) not yet resolved` }] }
      : null,
  'no-upheld-objections': (f) =>
    f.upheldObjections > 0
      ? { messageKey: 'application.veto.upheldObjection', params: { count: f.upheldObjections }, details: [{ field: 'objections', message: 'an upheld objection stands: reject instead' }] }
      : null,
  'pledge-assets-eligible': (f) => {
    if (!f.pledge) return { messageKey: 'application.veto.noPledgedAssets', params: {} as Record<string, string>, details: [{ field: 'form.assets', message: 'no pledged assets' }] };
    if (f.pledge.outcome === 'eligible') return null;
    return {
      messageKey: 'application.veto.pledgeIneligible',
      params: { items: f.pledge.failures.map((x) => `${x.number} ${x.code}`).join('; ') },
      details: f.pledge.failures.map((x) => ({ field: `assets.${x.number}.${x.code}`, message: x.outcome })),
    };
  },
  'pledge-term-fits': (f) =>
    !f.pledgeTerm || f.pledgeTerm.ok
      ? null
      : {
          messageKey: 'application.veto.pledgeTerm',
          params: { maturity: f.pledgeTerm.maturityOn ?? '—', items: f.pledgeTerm.failures.map((x) => `${x.number} (${x.expiresOn ?? '—'})`).join('; ') },
          details: f.pledgeTerm.failures.map((x) => ({ field: `assets.${x.number}.IPP-TERM`, message: `the IP expires ${x.expiresOn ?? '(unknown)'}, before the loan matures` })),
        },
  'fully-repaid': (f) =>
    (f.outstandingPrincipal ?? 0) <= 0
      ? null
      : {
          messageKey: 'application.veto.outstanding',
          params: { amount: f.outstandingPrincipal ?? 0 },
          details: [{ field: 'repayments', message: `principal outstanding: ${f.outstandingPrincipal}` }],
        },
  'rd-round-open': (f) =>
    f.rdClaim && f.rdClaim.roundStatus !== null && f.rdClaim.roundStatus !== 'published'
      ? null
      : {
          messageKey: f.rdClaim?.roundStatus === 'published' ? 'application.veto.rdRoundPublished' : 'application.veto.rdNoRound',
          params: { year: String(f.rdClaim?.year ?? '—') },
          details: [{ field: 'year', message: f.rdClaim?.roundStatus === 'published' ? `the ${f.rdClaim?.year} round is published: it takes no more claims` : `there is no ${f.rdClaim?.year ?? ''} round` }],
        },
  'rd-claim-eligible': (f) =>
    f.rdClaim && f.rdClaim.outcome === 'eligible' && (f.rdClaim.amount ?? 0) > 0
      ? null
      : { messageKey: 'application.veto.rdNotEligible', params: {}, details: [{ field: 'evaluation', message: 'the evaluation frozen at submission gives no eligible amount' }] },
});

/** The first veto of the named guards, or null when all pass. Unknown guard names fail closed. */
export function checkGuards(names: readonly string[] | undefined, facts: GuardFacts): Veto | null {
  for (const name of names ?? []) {
    const guard = GUARDS[name];
    if (!guard) return { guard: name, messageKey: 'application.veto.unknownGuard', params: { guard: name }, details: [] };
    const veto = guard(facts);
    if (veto) return { guard: name, ...veto };
  }
  return null;
}
