import type { Actor } from '../auth/actor.js';
import { ALLOW, badReference, type Decision } from '../common/policy.js';

/**
 * The users module's rules on an account's shape and on self-service: an officer works in a
 * district or zone, an enterprise user belongs to one enterprise, other roles carry no scope; and
 * nobody changes their own role (separation of duties). Pure.
 */
export const roleHasArea = (role: string): boolean => role === 'officer';
export const roleHasEnterprise = (role: string): boolean => role === 'enterprise';

/** Only the scope fields that matter for the role are kept, so a role change cannot leave a stale scope. */
export function scopeForRole(dto: { role: string; districtCode?: string; zoneCode?: string; enterpriseId?: number }) {
  return {
    districtCode: roleHasArea(dto.role) ? (dto.districtCode ?? null) : null,
    zoneCode: roleHasArea(dto.role) ? (dto.zoneCode ?? null) : null,
    enterpriseId: roleHasEnterprise(dto.role) ? (dto.enterpriseId ?? null) : null,
  };
}

/** An admin cannot make itself an auditor, or back: its own role stays. */
export function decideRoleChange(actor: Actor, userId: number, newRole: string): Decision {
  return userId === actor.userId && newRole !== actor.role ? badReference('role', 'users.ownRole', 'users.ownRole', 'You cannot change your own role') : ALLOW;
}
