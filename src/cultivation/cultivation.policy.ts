import { scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';

/**
 * The cultivation module's rules (rules.md §3, issue 7): the pool, its figures and the renewal
 * list are the bureau's working lists (staff with an area to see); the city admits and sets the
 * targets; an enterprise user reads its own plan only. Pure: asked by the services (enforced) and
 * the pages (flags) alike. Unknown roles may do nothing.
 */
export const CULTIVATION_ACTIONS = [
  'readPool', 'readFigures', 'readRenewals', 'screen', 'readCandidates', 'propose', 'editPlan', 'linkApplication', 'logService', 'setTargets', 'admit', 'seeAllDistricts',
] as const;
export type CultivationAction = (typeof CULTIVATION_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly CultivationAction[]>> = {
  admin: CULTIVATION_ACTIONS,
  // The city reads and decides; it does not log the services the district delivers.
  manager: CULTIVATION_ACTIONS.filter((a) => a !== 'logService'),
  officer: ['readPool', 'readFigures', 'readRenewals', 'screen', 'readCandidates', 'propose', 'editPlan', 'linkApplication', 'logService'],
};

const DENIAL: Record<CultivationAction, string> = {
  readPool: 'The pool list is for staff',
  readFigures: 'Pool figures are for staff',
  readRenewals: 'The renewal list is for staff',
  screen: 'Only staff start a screening',
  readCandidates: 'The cultivation pool is for staff',
  propose: 'Officers, managers and administrators propose pool members',
  editPlan: 'Your role may not change a cultivation plan',
  linkApplication: 'Your role may not link applications',
  logService: 'Officers log services delivered',
  setTargets: 'Managers set targets',
  admit: 'Managers admit pool members',
  seeAllDistricts: 'The city-wide figures are for managers',
};

// Lists that need an area: staff without one (an officer with no district or zone) see nothing.
const NEEDS_SCOPE: readonly CultivationAction[] = ['readFigures', 'readRenewals'];

export function cultivationCan(actor: Actor, action: CultivationAction): boolean {
  const mine = Object.prototype.hasOwnProperty.call(BY_ROLE, actor.role) ? BY_ROLE[actor.role] ?? [] : [];
  if (!mine.includes(action)) return false;
  return !NEEDS_SCOPE.includes(action) || scopeOf(actor).kind !== 'none';
}

export function decideCultivation(actor: Actor, action: CultivationAction): Decision {
  return cultivationCan(actor, action) ? ALLOW : forbid(`cultivation.denied.${action}`, DENIAL[action]);
}

/** The enterprise user reading its own membership (plan and progress), not the bureau's notes. */
export function readsOwnPlan(actor: Actor): boolean {
  return actor.role === 'enterprise';
}

/** A user as the member's officer must be: active, an officer, of the enterprise's district or zone. */
export function mayLookAfter(u: { active: boolean; role: Role; districtCode: string | null; zoneCode: string | null } | null, e: { districtCode: string; zoneCode: string | null }): boolean {
  return !!u && u.active && u.role === 'officer' && (u.districtCode === e.districtCode || (u.zoneCode !== null && u.zoneCode === e.zoneCode));
}
