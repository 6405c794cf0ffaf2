import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, conflict, forbid, type Decision } from '../common/policy.js';
import { OFFER_MACHINE } from './offer-machine.js';
import type { OfferStatus } from './offer.entity.js';

/**
 * The offers module's rules (issue 15). Who sees which offer is the access scope's answer (an
 * enterprise its own, an officer its district's, managers and admins all); this file decides the
 * actions: answering an offer is the enterprise's alone, and only from a status the offer machine
 * allows (409 otherwise); running matching is for administrators and managers; the take-up report
 * and the officer worklist items are for staff. Pure.
 */
export const OFFER_ACTIONS = ['read', 'match', 'takeUp', 'worklist'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly OfferAction[]>> = {
  admin: ['read', 'match', 'takeUp', 'worklist'],
  manager: ['read', 'match', 'takeUp', 'worklist'],
  officer: ['read', 'takeUp', 'worklist'],
  enterprise: ['read'],
};

const DENIAL: Record<OfferAction, [string, string]> = {
  read: ['offer.denied.report', 'You may not read offers'],
  match: ['offer.denied.match', 'Only administrators and managers run matching'],
  takeUp: ['offer.denied.report', 'You may not read the take-up report'],
  worklist: ['offer.denied.report', 'You may not read offer worklists'],
};

export function offersCan(actor: Actor, action: OfferAction): boolean {
  return (Object.prototype.hasOwnProperty.call(BY_ROLE, actor.role) ? BY_ROLE[actor.role] ?? [] : []).includes(action);
}

export function decideOffers(actor: Actor, action: OfferAction): Decision {
  return offersCan(actor, action) ? ALLOW : forbid(DENIAL[action][0], DENIAL[action][1]);
}

/** Accepting or declining a visible offer: the enterprise's role, from a status the machine allows. */
export function decideRespond(actor: Actor, offer: { status: OfferStatus }, action: 'accept' | 'decline'): Decision {
  const r = OFFER_MACHINE.resolve(offer.status, action, actor.role, null);
  if (r.ok) return ALLOW;
  if (r.reason === 'role') return forbid('offer.denied.respond', 'Only the enterprise itself answers an offer');
  return conflict('offer.illegal', `The offer is ${offer.status}; it cannot be ${action === 'accept' ? 'accepted' : 'declined'}`, [{ field: 'status', message: offer.status }]);
}

/** Opening the page counts (openedAt) only when the enterprise itself opens it. */
export function countsAsOpened(actor: Actor): boolean {
  return actor.role === 'enterprise';
}
