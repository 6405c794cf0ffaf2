import type { Role } from '../auth/role.js';
import { StateMachine } from '../common/state-machine.js';
import { ROUND_STATUSES, type RoundStatus } from './rd-post-subsidy.entities.js';

/**
 * A post-subsidy round's life (rules.md §8) as the one StateMachine: open (budget set) → calculated
 * (claims collected and scaled; may be recalculated) → published (the list is public). A claim is
 * paid only in a published round (a row from `published` to itself). Pure.
 */
export const ROUND_RUNNERS: readonly Role[] = ['manager', 'admin'];

export interface RoundGuardFacts {
  claims: number;
}

export const roundMachine = new StateMachine<RoundStatus, unknown, Role, RoundGuardFacts>({
  name: 'rd-post-subsidy-round',
  states: ROUND_STATUSES,
  initial: 'open',
  // No terminal status: a published round still records payments (a row to itself).
  terminal: [],
  transitions: [
    { from: 'open', action: 'calculate', to: 'calculated', roles: ROUND_RUNNERS },
    { from: 'calculated', action: 'calculate', to: 'calculated', roles: ROUND_RUNNERS },
    { from: 'calculated', action: 'publish', to: 'published', roles: ROUND_RUNNERS, guards: ['has-claims'] },
    { from: 'published', action: 'pay', to: 'published', roles: ROUND_RUNNERS },
  ],
  guards: {
    'has-claims': (f) =>
      f.claims > 0 ? null : { messageKey: 'rdps.veto.noClaims', params: {}, details: [{ field: 'claims', message: 'empty' }], message: 'The round has no claims to publish' },
  },
});
