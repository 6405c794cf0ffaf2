import type { Role } from '../auth/role.js';
import { StateMachine, verdictDecision, type RefusalReason, type Verdict, type Veto } from '../common/state-machine.js';
import { InvalidInputError } from '../common/errors.js';
import { enforce } from '../common/policy.js';

/**
 * A pool membership's life (选苗 → 入库 → 培育 → 认定): every status change is a row here and the
 * service never sets a status otherwise. Officers propose (and may take back their proposal);
 * managers admit, close and roll over. `system` is the linked HNTE application closing the
 * membership with its outcome.
 *
 *   proposed ──admit──▶ admitted ──certify──▶ certified
 *      │                   │ └────not-yet──▶ not-yet ──roll-over──▶ rolled-over (+ admitted next year)
 *      │ decline/withdraw  │ withdraw                   ▲
 *      ▼                   ▼                            │
 *   withdrawn          withdrawn          admitted ─roll-over─┘
 */
export const MEMBERSHIP_STATUSES = ['proposed', 'admitted', 'certified', 'not-yet', 'withdrawn', 'rolled-over'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** Statuses in which the member is still being cultivated (re-evaluated on changes, in the pool size). */
export const OPEN_STATUSES: readonly MembershipStatus[] = ['proposed', 'admitted'];
/** Closed statuses (the conversion rate's denominator when the member had been admitted). */
export const CLOSED_STATUSES: readonly MembershipStatus[] = ['certified', 'not-yet', 'withdrawn', 'rolled-over'];

export const MEMBERSHIP_ACTIONS = ['admit', 'decline', 'withdraw', 'certify', 'not-yet', 'roll-over'] as const;
export type MembershipAction = (typeof MEMBERSHIP_ACTIONS)[number];

export type Mover = Role | 'system';

export interface MembershipTransition {
  from: MembershipStatus;
  action: MembershipAction;
  to: MembershipStatus;
  roles: readonly Mover[];
  commentRequired?: boolean;
}

/** What the guards look at: the comment typed with the click. */
export interface MembershipFacts {
  comment: string | null;
}

const CITY: readonly Mover[] = ['manager', 'admin'];

function membershipRefusal(reason: RefusalReason, status: string, action: string): Veto {
  return reason === 'role'
    ? { messageKey: 'cultivation.denied.transition', params: { action }, details: [], message: `Your role may not ${action} a pool member` }
    : { messageKey: 'cultivation.illegal', params: { action, status }, details: [{ field: 'action', message: `not possible from ${status}` }], message: `${action} is not possible from ${status}` };
}

const row = (from: MembershipStatus, action: MembershipAction, to: MembershipStatus, roles: readonly Mover[], guards?: readonly string[]) =>
  ({ from, action, to, roles, ...(guards ? { guards } : {}) });

export const membershipMachine = new StateMachine<MembershipStatus, unknown, Mover, MembershipFacts>({
  name: 'cultivation-membership',
  states: MEMBERSHIP_STATUSES,
  initial: 'proposed',
  terminal: ['certified', 'withdrawn', 'rolled-over'],
  transitions: [
    row('proposed', 'admit', 'admitted', CITY),
    row('proposed', 'decline', 'withdrawn', CITY, ['comment-required']),
    row('proposed', 'withdraw', 'withdrawn', ['officer', ...CITY]),
    row('admitted', 'certify', 'certified', [...CITY, 'system']),
    row('admitted', 'not-yet', 'not-yet', [...CITY, 'system']),
    row('admitted', 'withdraw', 'withdrawn', [...CITY, 'system']),
    row('admitted', 'roll-over', 'rolled-over', CITY),
    row('not-yet', 'roll-over', 'rolled-over', CITY),
  ],
  guards: {
    'comment-required': (f) => (f.comment ? null : { messageKey: 'cultivation.veto.commentRequired', params: {}, details: [{ field: 'comment', message: 'required for this action' }], message: 'A comment is required' }),
  },
  refusal: (reason, status, action) => membershipRefusal(reason, status, action),
});

const asTransition = (t: (typeof membershipMachine.transitions)[number]): MembershipTransition => ({
  from: t.from, action: t.action as MembershipAction, to: t.to, roles: t.roles, ...(t.guards?.includes('comment-required') ? { commentRequired: true } : {}),
});

/** The table as rows (pages, tests). */
export const TRANSITIONS: readonly MembershipTransition[] = membershipMachine.transitions.map(asTransition);

export function transitionFor(from: string, action: string): MembershipTransition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** The actions a role may take from a status (the buttons a page shows). */
export function actionsFor(from: string, role: Mover): MembershipTransition[] {
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role));
}

/** The machine's answer for a membership, the status checked before the role (as the service always answered). */
export function membershipVerdict(status: MembershipStatus, action: string, role: Mover, facts?: MembershipFacts): Verdict<MembershipStatus, unknown, Mover> {
  // The status speaks first (an officer admitting an admitted member hears "not possible", as before).
  if (!transitionFor(status, action)) return { action, allowed: false, reason: 'status', veto: membershipRefusal('status', status, action) };
  return membershipMachine.decide(status, action, role, undefined, facts);
}

/**
 * Enforces a membership transition for `role` (the service's answer, both faces): 409 when nobody
 * may take the action from this status, 403 when the role may not, 400 when a required comment is
 * missing (a field error, as the form shows it).
 */
export function enforceMembership(status: string, action: string, role: Mover, facts: MembershipFacts): void {
  const v = membershipVerdict(status as MembershipStatus, action, role, facts);
  if (v.allowed) return;
  if (v.reason === 'guard') throw new InvalidInputError(v.veto.message ?? 'A comment is required', v.veto.details, v.veto.messageKey);
  enforce(verdictDecision(v));
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The membership outcome of a linked HNTE application's terminal status (null: not decided yet). */
export function outcomeOfApplication(status: string): MembershipAction | null {
  switch (status) {
    case 'certified':
      return 'certify';
    case 'rejected':
      return 'not-yet';
    case 'withdrawn':
      return 'withdraw';
    default:
      return null;
  }
}
