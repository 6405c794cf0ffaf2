import { scopeAllows, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, badReference, forbid, type Decision } from '../common/policy.js';

/**
 * Who may do what with an enterprise file: the one place of the enterprises module's role rules,
 * asked by the service for the JSON API and the HTML pages alike (and by the documents and
 * activities modules for what they attach to a file). Visibility of the file itself is the
 * access scope's job (src/auth/access-scope.ts): these rules apply to files the actor already sees.
 * Unknown roles may do nothing (fail closed).
 */
export const ENTERPRISE_ACTIONS = [
  'create', 'edit', 'delete', 'restore', 'listDeleted', 'readDeleted', 'merge', 'import', 'reportFigures', 'recordActivity', 'addTask',
] as const;
export type EnterpriseAction = (typeof ENTERPRISE_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly EnterpriseAction[]>> = {
  admin: ENTERPRISE_ACTIONS,
  officer: ['create', 'edit', 'delete', 'import', 'reportFigures', 'recordActivity', 'addTask'],
  manager: [],
  // The enterprise reads its own file and reports its own figures (self-reported until verified).
  enterprise: ['reportFigures'],
};

const DENIAL_MESSAGES: Record<EnterpriseAction, string> = {
  create: 'Your role may not create enterprise files',
  edit: 'Your role may not change enterprise files',
  delete: 'Your role may not change enterprise files',
  restore: 'Only an administrator restores deleted files',
  listDeleted: 'Only an administrator may list deleted files',
  readDeleted: 'Only an administrator may read deleted files',
  merge: 'Only an administrator merges files',
  import: 'Only administrators and officers import data',
  reportFigures: 'Managers read enterprise files; they do not edit them',
  recordActivity: 'Your role may not record activities',
  addTask: 'Your role may not create tasks',
};

export function enterpriseActions(actor: Actor): ReadonlySet<EnterpriseAction> {
  return new Set(Object.prototype.hasOwnProperty.call(BY_ROLE, actor.role) ? BY_ROLE[actor.role] : []);
}

export function decideEnterprise(actor: Actor, action: EnterpriseAction): Decision {
  return enterpriseActions(actor).has(action) ? ALLOW : forbid(`enterprise.denied.${action}`, DENIAL_MESSAGES[action]);
}

/** Flags for a page: `can.edit`, `can.merge`, … (the same decisions as the service's). */
export function enterpriseCan(actor: Actor): Record<EnterpriseAction, boolean> {
  const set = enterpriseActions(actor);
  return Object.fromEntries(ENTERPRISE_ACTIONS.map((a) => [a, set.has(a)])) as Record<EnterpriseAction, boolean>;
}

/**
 * The parts of a file that are the bureau's working papers: tasks, the timeline (visits, calls,
 * internal notes, field changes with staff usernames). Staff only, on every face.
 */
export function seesInternal(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager' || actor.role === 'officer';
}

/** A functional zone as the policy needs it: its code and the district it lies in. */
export interface ZoneRef {
  code: string;
  districtCode: string;
}

/**
 * Where the actor may place a file (create, update, import): inside the actor's scope, and a zone
 * only of the actor's own area (an officer's zone, or a zone lying in the officer's district).
 */
export function decidePlacement(actor: Actor, place: { districtCode: string; zone: ZoneRef | null }): Decision {
  const scope = scopeOf(actor);
  const outside = forbid('enterprise.denied.outsideScope', 'That district or zone is outside your scope');
  if (!scopeAllows(scope, { id: -1, districtCode: place.districtCode, zoneCode: place.zone?.code ?? null })) return outside;
  if (place.zone && scope.kind === 'area' && !scope.zoneCodes.includes(place.zone.code) && !scope.districtCodes.includes(place.zone.districtCode)) return outside;
  return ALLOW;
}

/** A user as the assignment rules need it. */
export interface StaffRef {
  role: Role;
  active: boolean;
  districtCode: string | null;
  zoneCode: string | null;
}

/** Can this user see the file (an officer of its area, or city-wide staff)? Through the access scope. */
export function staffSeesFile(user: StaffRef, file: { districtCode: string; zoneCode: string | null }): boolean {
  const asActor = { userId: -1, username: '', displayName: '', role: user.role, districtCode: user.districtCode, zoneCode: user.zoneCode, enterpriseId: null, locale: 'zh-CN' } satisfies Actor;
  return scopeAllows(scopeOf(asActor), { id: -1, ...file });
}

/**
 * The file's assigned officer: an active officer who sees the file. An officer of another area
 * answers exactly like a user id that does not exist (no oracle on other districts' staff).
 */
export function decideAssignedOfficer(officer: StaffRef | null, file: { districtCode: string; zoneCode: string | null }): Decision {
  if (officer && officer.active && officer.role === 'officer' && staffSeesFile(officer, file)) return ALLOW;
  return badReference('assignedOfficerId', 'must be the id of an officer', 'enterprise.denied.assignedOfficer');
}

/** Who a new file is assigned to when the form names nobody: the officer who creates it. */
export function defaultAssignedOfficer(actor: Actor): number | null {
  return actor.role === 'officer' ? actor.userId : null;
}

/** Figures the enterprise enters itself are self-reported until staff verify them. */
export function figuresSelfReported(actor: Actor): boolean {
  return actor.role === 'enterprise';
}

/** The sources a form offers the actor: an enterprise states its own facts; staff name where theirs came from (an import names itself). */
export function claimableSources<S extends string>(actor: Actor, all: readonly S[]): S[] {
  return figuresSelfReported(actor) ? all.filter((s) => s === 'enterprise') : all.filter((s) => s !== 'import');
}

/**
 * The provenance a stored fact may claim (api.md "Facts and provenance"): omitted → `enterprise` for
 * an enterprise user, `officer` for staff; an enterprise states only its own (self-reported) facts.
 */
export function decideFactSource(actor: Actor, source: string | undefined): Decision & { source?: string } {
  const own = figuresSelfReported(actor);
  if (source === undefined) return { allowed: true, source: own ? 'enterprise' : 'officer' };
  if (own && source !== 'enterprise') return badReference('source', 'an enterprise reports its own facts: source must be enterprise', 'enterprise.denied.factSource');
  return { allowed: true, source };
}
