import { scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import type { StateMachine } from '../common/state-machine.js';
import type { ProjectFacts } from './project-machines.js';
import { ALLOW, conflict, forbid, hidden, type Decision } from '../common/policy.js';
import { ownValue } from '../common/own-key.js';

/**
 * Who may do what with key projects (rules.md §10, issue 17). Pure: the service enforces these,
 * the pages ask the same functions for their buttons.
 *
 * - enterprise: reads the projects it leads or takes part in; the lead submits the monthly reports;
 * - officer: the projects whose lead enterprise is in its district or zone: creates them, reviews
 *   reports, accepts milestones, suspends/resumes/completes;
 * - manager: reads city-wide, terminates; admin: everything.
 * A project outside the actor's sight answers like an unknown id (404).
 */
export const PROJECT_ROLE_ACTIONS = ['read', 'create', 'export', 'submitReport', 'seeAllDistricts'] as const;
export type ProjectRoleAction = (typeof PROJECT_ROLE_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly ProjectRoleAction[]>> = {
  admin: PROJECT_ROLE_ACTIONS,
  manager: ['read', 'export', 'seeAllDistricts'],
  officer: ['read', 'create', 'export'],
  enterprise: ['read', 'submitReport'],
};

const DENIAL: Record<ProjectRoleAction, string> = {
  read: 'Your role may not read key projects',
  create: 'Officers create key projects',
  export: 'The project export is for bureau staff',
  submitReport: 'The lead enterprise submits the monthly reports',
  seeAllDistricts: 'City-wide figures are for managers',
};

export function projectCan(actor: Actor, action: ProjectRoleAction): boolean {
  const mine = ownValue(BY_ROLE, actor.role) ?? [];
  if (!mine.includes(action)) return false;
  // Staff without an area see nothing and create nothing.
  return scopeOf(actor).kind !== 'none';
}

export function decideProject(actor: Actor, action: ProjectRoleAction): Decision {
  return projectCan(actor, action) ? ALLOW : forbid(`project.denied.${action}`, DENIAL[action]);
}

/** What the visibility rule needs of a project. */
export interface ProjectSight {
  leadEnterpriseId: number;
  participantIds: readonly number[];
  lead: { districtCode: string; zoneCode: string | null };
}

/** The access scope applied to one project: staff through the lead's district, an enterprise as lead or participant. */
export function seesProject(actor: Actor, p: ProjectSight): boolean {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'area':
      return scope.districtCodes.includes(p.lead.districtCode) || (p.lead.zoneCode !== null && scope.zoneCodes.includes(p.lead.zoneCode));
    case 'enterprise':
      return scope.enterpriseId === p.leadEnterpriseId || p.participantIds.includes(scope.enterpriseId);
    default:
      return false;
  }
}

export function decideRead(actor: Actor, p: ProjectSight): Decision {
  return projectCan(actor, 'read') && seesProject(actor, p) ? ALLOW : hidden('Project');
}

/** Submitting (or resubmitting) a month's report: the lead enterprise (or an admin helping), on a running project. */
export function decideSubmitReport(actor: Actor, p: ProjectSight & { status: string }): Decision {
  if (!projectCan(actor, 'submitReport')) return forbid('project.denied.submitReport', DENIAL.submitReport);
  if (actor.role === 'enterprise' && actor.enterpriseId !== p.leadEnterpriseId) return forbid('project.denied.notLead', 'Only the lead enterprise reports on the project');
  if (p.status !== 'active' && p.status !== 'suspended') return conflict('project.denied.closed', 'The project is closed');
  return ALLOW;
}

/**
 * A status change on one of the project's machines: the machine decides (403 role, 409 status);
 * `unknown-action` is a 409 here too because the actions come from our own buttons and routes.
 */
export function decideTransition<S extends string>(actor: Actor, machine: StateMachine<S, unknown, Role, ProjectFacts>, status: S, action: string): Decision {
  const r = machine.resolve(status, action, actor.role, undefined);
  if (r.ok) return ALLOW;
  if (r.reason === 'role') return forbid(`project.denied.role`, `Your role may not ${action} here`);
  return conflict('project.denied.status', `Cannot ${action} from ${status}`);
}

/** The project's own status actions the actor may take now (the page's buttons). */
export function projectActionsFor<S extends string>(actor: Actor, machine: StateMachine<S, unknown, Role, ProjectFacts>, status: S): string[] {
  return machine.availableTo(status, actor.role, undefined).map((t) => t.action);
}

/** Evidence on a milestone: the lead enterprise (as for its reports), or district staff who create projects. */
export function decideMilestoneDocument(actor: Actor, p: ProjectSight & { status: string }): Decision {
  if (actor.role === 'enterprise') return decideSubmitReport(actor, p);
  return projectCan(actor, 'create') ? ALLOW : forbid('project.denied.document', 'Your role may not attach milestone evidence');
}

/** The enterprise user's view of its own projects (the portal's wording). */
export function readsOwnProjects(actor: Actor): boolean {
  return scopeOf(actor).kind === 'enterprise';
}
