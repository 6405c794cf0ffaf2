import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';
import { lookupTable } from '../common/own-key.js';

/**
 * Reference data (dated settings, plan periods, the holiday calendar, rule sets): administrators
 * edit it and are the ones warned when it needs entering (the calendar status on the home and
 * radar pages, with a link to the editor). Pure: a role table, one line per action.
 */
export const REFERENCE_ACTIONS = ['edit', 'seeCalendarStatus'] as const;
export type ReferenceAction = (typeof REFERENCE_ACTIONS)[number];

const TABLE: Readonly<Record<ReferenceAction, readonly Role[]>> = lookupTable<Readonly<Record<ReferenceAction, readonly Role[]>>>({
  edit: ['admin'],
  seeCalendarStatus: ['admin'],
});

export function referenceCan(actor: Actor, action: ReferenceAction): boolean {
  const roles = Object.prototype.hasOwnProperty.call(TABLE, action) ? TABLE[action] : [];
  return roles.includes(actor.role);
}

export function decideEditReference(actor: Actor): Decision {
  return referenceCan(actor, 'edit') ? ALLOW : forbid('reference.denied.edit', 'Only administrators edit reference data');
}
