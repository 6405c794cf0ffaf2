import type { Role } from '../auth/role.js';

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

const CITY: readonly Mover[] = ['manager', 'admin'];

export const TRANSITIONS: readonly MembershipTransition[] = [
  { from: 'proposed', action: 'admit', to: 'admitted', roles: CITY },
  { from: 'proposed', action: 'decline', to: 'withdrawn', roles: CITY, commentRequired: true },
  { from: 'proposed', action: 'withdraw', to: 'withdrawn', roles: ['officer', ...CITY] },
  { from: 'admitted', action: 'certify', to: 'certified', roles: [...CITY, 'system'] },
  { from: 'admitted', action: 'not-yet', to: 'not-yet', roles: [...CITY, 'system'] },
  { from: 'admitted', action: 'withdraw', to: 'withdrawn', roles: [...CITY, 'system'] },
  { from: 'admitted', action: 'roll-over', to: 'rolled-over', roles: CITY },
  { from: 'not-yet', action: 'roll-over', to: 'rolled-over', roles: CITY },
];

export function transitionFor(from: string, action: string): MembershipTransition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** The actions a role may take from a status (the buttons a page shows). */
export function actionsFor(from: string, role: Mover): MembershipTransition[] {
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role));
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
