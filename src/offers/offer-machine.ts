import type { Role } from '../auth/role.js';
import { StateMachine, type TransitionRule } from '../common/state-machine.js';
import { OFFER_STATUSES, type OfferStatus } from './offer.entity.js';

/**
 * The offer's life (rules.md §11) as a transitions table on the product's one StateMachine.
 * The enterprise answers (accept, decline); matching — run as the system actor (role admin) —
 * withdraws an offer whose enterprise is no longer eligible or has claimed meanwhile, reopens a
 * withdrawn one when it is eligible again the same year (the offer is unique per year), and
 * expires what nobody answered in time.
 */
const ENTERPRISE: readonly Role[] = ['enterprise'];
const SYSTEM: readonly Role[] = ['admin'];
const row = (from: OfferStatus, action: string, to: OfferStatus, roles: readonly Role[]): TransitionRule<OfferStatus, unknown, Role> => ({ from, action, to, roles });

export const OFFER_MACHINE = new StateMachine<OfferStatus, unknown, Role>({
  name: 'offer',
  states: OFFER_STATUSES,
  initial: 'open',
  terminal: ['accepted', 'declined', 'expired'],
  transitions: [
    row('open', 'accept', 'accepted', ENTERPRISE),
    row('open', 'decline', 'declined', ENTERPRISE),
    row('open', 'withdraw', 'withdrawn', SYSTEM),
    row('open', 'expire', 'expired', SYSTEM),
    row('withdrawn', 'reopen', 'open', SYSTEM),
    row('withdrawn', 'expire', 'expired', SYSTEM),
  ],
});

/** The target status of a system action (matching), checked against the machine once per run. */
export function systemTarget(from: OfferStatus, action: 'withdraw' | 'reopen' | 'expire'): OfferStatus {
  const r = OFFER_MACHINE.resolve(from, action, 'admin', null);
  if (!r.ok) throw new Error(`offer machine: ${action} from ${from} is not allowed (${r.reason})`);
  return r.rule.to;
}
