import type { Role } from '../../auth/role.js';
import { StateMachine, type TransitionRule } from './fsm.js';
import { lookupTable } from '../../common/own-key.js';

/**
 * The four application workflows as transitions tables (issue 5, rules.md §1 process, §2, §4, §5.2).
 * Everything a status change may do is a row here; the service never assigns a status otherwise.
 */
export const APPLICATION_TYPES = ['tier-recognition', 'high-tech-certification', 'super-deduction-precheck', 'ip-pledge-loan', 'srdi-recognition', 'rd-post-subsidy'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

/** What a row's `when` may look at. */
export interface WorkflowSubject {
  type: ApplicationType;
  /** The rung applied for: a Tianjin tier (tier-recognition) or an SRDI rung (srdi-recognition, the API's `rung`). */
  tier: string | null;
}

/** The SRDI rungs an srdi-recognition may apply for (rules.md §7), lowest first. */
export const SRDI_RUNGS = ['innovative-sme', 'srdi-sme', 'little-giant'] as const;
export type SrdiRung = (typeof SRDI_RUNGS)[number];
const isLittleGiant = (s: WorkflowSubject) => s.tier === 'little-giant';

export const LEADER_TIERS: readonly string[] = ['leader-candidate', 'leader'];
const isLeaderTier = (s: WorkflowSubject) => s.tier !== null && LEADER_TIERS.includes(s.tier);

// Who acts. The applicant side: the enterprise, or an officer filing on its behalf; admins support.
const APPLICANT: readonly Role[] = ['enterprise', 'officer', 'admin'];
const WITHDRAWER: readonly Role[] = ['enterprise', 'admin'];
const DISTRICT: readonly Role[] = ['officer', 'admin'];
const CITY: readonly Role[] = ['manager', 'admin'];

type Row<S extends string> = TransitionRule<S, WorkflowSubject>;
const row = <S extends string>(from: S, action: string, to: S, roles: readonly Role[], guards?: readonly string[], when?: (s: WorkflowSubject) => boolean): Row<S> =>
  ({ from, action, to, roles, ...(guards ? { guards } : {}), ...(when ? { when } : {}) });
const withdrawals = <S extends string>(froms: readonly S[], to: S): Row<S>[] => froms.map((f) => row(f, 'withdraw', to, WITHDRAWER));

/** Submission, district acceptance and the return ↔ resubmit loop every type shares. */
function intake<S extends string>(s: { draft: S; submitted: S; review: S; returned: S; resubmitted: S }, submitGuards: readonly string[]): Row<S>[] {
  return [
    row(s.draft, 'submit', s.submitted, APPLICANT, submitGuards),
    row(s.submitted, 'accept', s.review, DISTRICT),
    row(s.submitted, 'return', s.returned, DISTRICT, ['comment-required']),
    row(s.review, 'return', s.returned, DISTRICT, ['comment-required']),
    row(s.returned, 'resubmit', s.resubmitted, APPLICANT, submitGuards),
    row(s.resubmitted, 'accept', s.review, DISTRICT),
    row(s.resubmitted, 'return', s.returned, DISTRICT, ['comment-required']),
  ];
}

// ---------------------------------------------------------------------------------------------
// Tier recognition (rules.md §1 process).
export const TIER_STATES = [
  'draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'on-site-check',
  'public-notice', 'approved', 'rejected', 'withdrawn',
] as const;
export type TierState = (typeof TIER_STATES)[number];

export const tierRecognitionMachine = new StateMachine<TierState, WorkflowSubject>({
  name: 'tier-recognition',
  states: TIER_STATES,
  initial: 'draft',
  terminal: ['approved', 'rejected', 'withdrawn'],
  transitions: [
    ...intake<TierState>({ draft: 'draft', submitted: 'submitted', review: 'district-review', returned: 'returned', resubmitted: 'resubmitted' }, ['documents-complete']),
    row('district-review', 'recommend', 'municipal-review', DISTRICT),
    row('district-review', 'reject', 'rejected', DISTRICT, ['comment-required']),
    row('municipal-review', 'return', 'returned', CITY, ['comment-required']),
    row('municipal-review', 'reject', 'rejected', CITY, ['comment-required']),
    row('municipal-review', 'site-check', 'on-site-check', CITY, undefined, isLeaderTier),
    row('municipal-review', 'publish-notice', 'public-notice', CITY, ['batch-notice-open'], (s) => !isLeaderTier(s)),
    row('on-site-check', 'publish-notice', 'public-notice', CITY, ['batch-notice-open']),
    row('on-site-check', 'reject', 'rejected', CITY, ['comment-required']),
    row('public-notice', 'approve', 'approved', CITY, ['notice-ended', 'no-open-objections', 'no-upheld-objections']),
    row('public-notice', 'reject', 'rejected', CITY, ['comment-required']),
    ...withdrawals<TierState>(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'on-site-check'], 'withdrawn'),
  ],
});

// ---------------------------------------------------------------------------------------------
// National high-tech enterprise certification (rules.md §2): tracked from the district's and the
// bureau's recommendation through expert review and public notice to the certificate.
export const HIGH_TECH_STATES = [
  'draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'expert-review',
  'public-notice', 'approved', 'certified', 'rejected', 'withdrawn',
] as const;
export type HighTechState = (typeof HIGH_TECH_STATES)[number];

export const highTechMachine = new StateMachine<HighTechState, WorkflowSubject>({
  name: 'high-tech-certification',
  states: HIGH_TECH_STATES,
  initial: 'draft',
  terminal: ['certified', 'rejected', 'withdrawn'],
  transitions: [
    ...intake<HighTechState>({ draft: 'draft', submitted: 'submitted', review: 'district-review', returned: 'returned', resubmitted: 'resubmitted' }, ['documents-complete']),
    row('district-review', 'recommend', 'municipal-review', DISTRICT),
    row('district-review', 'reject', 'rejected', DISTRICT, ['comment-required']),
    row('municipal-review', 'recommend', 'expert-review', CITY),
    row('municipal-review', 'return', 'returned', CITY, ['comment-required']),
    row('municipal-review', 'reject', 'rejected', CITY, ['comment-required']),
    row('expert-review', 'publish-notice', 'public-notice', CITY, ['batch-notice-open']),
    row('expert-review', 'reject', 'rejected', CITY, ['comment-required']),
    row('public-notice', 'approve', 'approved', CITY, ['notice-ended', 'no-open-objections', 'no-upheld-objections']),
    row('public-notice', 'reject', 'rejected', CITY, ['comment-required']),
    row('approved', 'issue-certificate', 'certified', CITY),
    ...withdrawals<HighTechState>(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'expert-review'], 'withdrawn'),
  ],
});

// ---------------------------------------------------------------------------------------------
// R&D super-deduction pre-check (rules.md §4): reviewed with the engine's computed amount.
export const SUPER_DEDUCTION_STATES = ['draft', 'submitted', 'returned', 'resubmitted', 'reviewed', 'withdrawn'] as const;
export type SuperDeductionState = (typeof SUPER_DEDUCTION_STATES)[number];

export const superDeductionMachine = new StateMachine<SuperDeductionState, WorkflowSubject>({
  name: 'super-deduction-precheck',
  states: SUPER_DEDUCTION_STATES,
  initial: 'draft',
  terminal: ['reviewed', 'withdrawn'],
  transitions: [
    row('draft', 'submit', 'submitted', APPLICANT, ['documents-complete']),
    row('submitted', 'review', 'reviewed', DISTRICT),
    row('submitted', 'return', 'returned', DISTRICT, ['comment-required']),
    row('returned', 'resubmit', 'resubmitted', APPLICANT, ['documents-complete']),
    row('resubmitted', 'review', 'reviewed', DISTRICT),
    row('resubmitted', 'return', 'returned', DISTRICT, ['comment-required']),
    ...withdrawals<SuperDeductionState>(['draft', 'submitted', 'returned', 'resubmitted'], 'withdrawn'),
  ],
});

// ---------------------------------------------------------------------------------------------
// IP-pledge loan (rules.md §5.2).
export const LOAN_STATES = [
  'draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'valuation', 'bank-review', 'loan-approved',
  'credit-enhancement', 'contracts-signed', 'pledge-registered', 'post-loan-monitoring', 'repaid', 'defaulted',
  'compensated', 'disposed', 'rejected', 'withdrawn',
] as const;
export type LoanState = (typeof LOAN_STATES)[number];

/** Statuses in which the pledge is registered with the IP office (the assets are marked pledged). */
export const PLEDGE_STANDING: readonly LoanState[] = ['pledge-registered', 'post-loan-monitoring', 'defaulted', 'compensated'];
const BEFORE_DISBURSEMENT: readonly LoanState[] = ['valuation', 'bank-review', 'loan-approved', 'credit-enhancement', 'contracts-signed', 'pledge-registered'];

export const ipPledgeMachine = new StateMachine<LoanState, WorkflowSubject>({
  name: 'ip-pledge-loan',
  states: LOAN_STATES,
  initial: 'draft',
  terminal: ['repaid', 'disposed', 'rejected', 'withdrawn'],
  transitions: [
    ...intake<LoanState>({ draft: 'draft', submitted: 'submitted', review: 'district-review', returned: 'returned', resubmitted: 'resubmitted' }, ['documents-complete', 'pledge-assets-eligible']),
    row('district-review', 'recommend', 'valuation', DISTRICT),
    row('district-review', 'reject', 'rejected', DISTRICT, ['comment-required']),
    row('valuation', 'record-valuation', 'bank-review', DISTRICT),
    row('bank-review', 'approve-loan', 'loan-approved', DISTRICT, ['pledge-term-fits']),
    row('loan-approved', 'arrange-enhancement', 'credit-enhancement', DISTRICT),
    row('loan-approved', 'sign-contracts', 'contracts-signed', DISTRICT),
    row('credit-enhancement', 'sign-contracts', 'contracts-signed', DISTRICT),
    row('contracts-signed', 'register-pledge', 'pledge-registered', DISTRICT, ['pledge-assets-eligible']),
    row('pledge-registered', 'disburse', 'post-loan-monitoring', DISTRICT),
    row('post-loan-monitoring', 'cancel-pledge', 'repaid', DISTRICT, ['fully-repaid']),
    row('post-loan-monitoring', 'declare-default', 'defaulted', DISTRICT, ['comment-required']),
    row('defaulted', 'compensate', 'compensated', CITY),
    row('compensated', 'dispose', 'disposed', [...DISTRICT, 'manager']),
    ...BEFORE_DISBURSEMENT.map((s) => row<LoanState>(s, 'reject', 'rejected', DISTRICT, ['comment-required'])),
    ...withdrawals<LoanState>(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', ...BEFORE_DISBURSEMENT], 'withdrawn'),
  ],
});

// ---------------------------------------------------------------------------------------------
// SRDI recognition (rules.md §7): the district recommends, the municipal bureau of industry and
// information technology (工信局) reviews; it recognises innovative and 专精特新 SMEs itself, while a
// little giant goes on to the ministry after the provincial recommendation. Then the public notice
// (through a batch, like the tier lists) and approval, which records the 3-year recognition.
export const SRDI_STATES = [
  'draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'ministry-review',
  'public-notice', 'approved', 'rejected', 'withdrawn',
] as const;
export type SrdiState = (typeof SRDI_STATES)[number];

export const srdiRecognitionMachine = new StateMachine<SrdiState, WorkflowSubject>({
  name: 'srdi-recognition',
  states: SRDI_STATES,
  initial: 'draft',
  terminal: ['approved', 'rejected', 'withdrawn'],
  transitions: [
    ...intake<SrdiState>({ draft: 'draft', submitted: 'submitted', review: 'district-review', returned: 'returned', resubmitted: 'resubmitted' }, ['documents-complete']),
    row('district-review', 'recommend', 'municipal-review', DISTRICT),
    row('district-review', 'reject', 'rejected', DISTRICT, ['comment-required']),
    row('municipal-review', 'return', 'returned', CITY, ['comment-required']),
    row('municipal-review', 'reject', 'rejected', CITY, ['comment-required']),
    row('municipal-review', 'recommend', 'ministry-review', CITY, undefined, isLittleGiant),
    row('municipal-review', 'publish-notice', 'public-notice', CITY, ['batch-notice-open'], (s) => !isLittleGiant(s)),
    // The ministry's stage exists for little giants only.
    row('ministry-review', 'publish-notice', 'public-notice', CITY, ['batch-notice-open'], isLittleGiant),
    row('ministry-review', 'reject', 'rejected', CITY, ['comment-required'], isLittleGiant),
    row('public-notice', 'approve', 'approved', CITY, ['notice-ended', 'no-open-objections', 'no-upheld-objections']),
    row('public-notice', 'reject', 'rejected', CITY, ['comment-required']),
    ...withdrawals<SrdiState>(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review'], 'withdrawn'),
    row('ministry-review', 'withdraw', 'withdrawn', WITHDRAWER, undefined, isLittleGiant),
  ],
});

// ---------------------------------------------------------------------------------------------
// R&D post-subsidy (rules.md §8): an application for a round's year, reviewed by the district and
// the bureau; approval makes it a claim of the round (which scales, publishes and pays the claims).
export const RD_POST_SUBSIDY_STATES = [
  'draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review', 'approved', 'rejected', 'withdrawn',
] as const;
export type RdPostSubsidyState = (typeof RD_POST_SUBSIDY_STATES)[number];

export const rdPostSubsidyMachine = new StateMachine<RdPostSubsidyState, WorkflowSubject>({
  name: 'rd-post-subsidy',
  states: RD_POST_SUBSIDY_STATES,
  initial: 'draft',
  terminal: ['approved', 'rejected', 'withdrawn'],
  transitions: [
    ...intake<RdPostSubsidyState>({ draft: 'draft', submitted: 'submitted', review: 'district-review', returned: 'returned', resubmitted: 'resubmitted' }, ['documents-complete']),
    row('district-review', 'recommend', 'municipal-review', DISTRICT),
    row('district-review', 'reject', 'rejected', DISTRICT, ['comment-required']),
    row('municipal-review', 'return', 'returned', CITY, ['comment-required']),
    row('municipal-review', 'reject', 'rejected', CITY, ['comment-required']),
    row('municipal-review', 'approve', 'approved', CITY, ['rd-round-open', 'rd-claim-eligible']),
    ...withdrawals<RdPostSubsidyState>(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'municipal-review'], 'withdrawn'),
  ],
});

export type AnyState = TierState | HighTechState | SuperDeductionState | LoanState | SrdiState | RdPostSubsidyState;

export const MACHINES: Record<ApplicationType, StateMachine<string, WorkflowSubject>> = lookupTable<Record<ApplicationType, StateMachine<string, WorkflowSubject>>>({
  'tier-recognition': tierRecognitionMachine as StateMachine<string, WorkflowSubject>,
  'high-tech-certification': highTechMachine as StateMachine<string, WorkflowSubject>,
  'super-deduction-precheck': superDeductionMachine as StateMachine<string, WorkflowSubject>,
  'ip-pledge-loan': ipPledgeMachine as StateMachine<string, WorkflowSubject>,
  'srdi-recognition': srdiRecognitionMachine as StateMachine<string, WorkflowSubject>,
  'rd-post-subsidy': rdPostSubsidyMachine as StateMachine<string, WorkflowSubject>,
});

export function machineOf(type: ApplicationType): StateMachine<string, WorkflowSubject> {
  return MACHINES[type];
}

/** Every status of every workflow (for filters and labels). */
export const ALL_STATUSES: readonly string[] = [...new Set(Object.values(MACHINES).flatMap((m) => m.states))];
/** Every action of every workflow. */
export const ALL_ACTIONS: readonly string[] = [...new Set(Object.values(MACHINES).flatMap((m) => m.actions))];

/** Statuses that are a decision (decidedAt is stamped on entering them). */
export const DECISION_STATES: readonly string[] = ['approved', 'rejected', 'reviewed', 'certified', 'withdrawn', 'repaid', 'disposed'];

/** Statuses in which the applicant may edit the form and its documents. */
export const EDITABLE_STATES: readonly string[] = ['draft', 'returned'];

/**
 * Due date of each stage in working days from entering it (issue 5: district review within 10
 * working days). `notice` ends with the batch's notice period; `maturity` with the loan's maturity.
 */
export const STAGE_DEADLINES: Readonly<Record<string, number | 'notice' | 'maturity'>> = lookupTable<Readonly<Record<string, number | 'notice' | 'maturity'>>>({
  submitted: 5,
  resubmitted: 5,
  'district-review': 10,
  returned: 10,
  'municipal-review': 15,
  'on-site-check': 10,
  'expert-review': 20,
  'ministry-review': 60,
  'public-notice': 'notice',
  approved: 30,
  valuation: 15,
  'bank-review': 20,
  'loan-approved': 10,
  'credit-enhancement': 10,
  // The IP office decides within 3 working days of a complete filing (rules.md §5.2).
  'contracts-signed': 3,
  'pledge-registered': 5,
  'post-loan-monitoring': 'maturity',
  defaulted: 20,
  compensated: 60,
});
