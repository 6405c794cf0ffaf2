import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';

/**
 * The portal module's rules: who invites an enterprise's users (the district officer, or an
 * administrator), and who may choose a username suffix (administrators: a second account of the
 * same enterprise). Pure.
 */
export const PORTAL_ACTIONS = ['invite', 'chooseSuffix'] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly PortalAction[]>> = {
  admin: PORTAL_ACTIONS,
  officer: ['invite'],
};

const DENIAL: Record<PortalAction, string> = {
  invite: 'Only officers and administrators invite enterprises',
  chooseSuffix: 'Only an administrator chooses a username suffix',
};

export function portalCan(actor: Actor, action: PortalAction): boolean {
  return (Object.prototype.hasOwnProperty.call(BY_ROLE, actor.role) ? BY_ROLE[actor.role] ?? [] : []).includes(action);
}

export function decidePortal(actor: Actor, action: PortalAction): Decision {
  return portalCan(actor, action) ? ALLOW : forbid(`portal.denied.${action}`, DENIAL[action]);
}
