import type { Role } from '../auth/role.js';
import { StateMachine, type GuardTable } from '../common/state-machine.js';

/**
 * The three lives of a key project as transitions tables on the product's one StateMachine
 * (src/common/state-machine.ts): the project itself, a monthly report's review and a
 * milestone's acceptance. The service never sets one of these statuses otherwise.
 */
const DISTRICT: readonly Role[] = ['officer', 'admin'];
const CITY: readonly Role[] = ['manager', 'admin'];

/** What the guards look at: the comment typed with the action and the milestones still open. */
export interface ProjectFacts {
  comment: string | null;
  openMilestones: number;
}

/** The guards of the three machines (the "why not" of a disabled button, and the service's answer). */
const GUARDS: GuardTable<ProjectFacts> = {
  'comment-required': (f) => (f.comment?.trim() ? null : { messageKey: 'project.validation.commentRequired', params: {}, details: [{ field: 'comment', message: 'a comment is required' }], message: 'a comment is required' }),
  'milestones-accepted': (f) => (f.openMilestones > 0 ? { messageKey: 'project.denied.milestonesOpen', params: {}, details: [], message: 'Every milestone must be accepted first' } : null),
};

export const PROJECT_TYPES = ['major-st', 'challenge', 'tech-upgrade', 'industrialisation'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

//   active ⇄ suspended;  active ──complete──▶ completed;  active/suspended ──terminate──▶ terminated
export const PROJECT_STATUSES = ['active', 'suspended', 'completed', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const projectMachine = new StateMachine<ProjectStatus, unknown, Role, ProjectFacts>({
  guards: GUARDS,
  name: 'project',
  states: PROJECT_STATUSES,
  initial: 'active',
  terminal: ['completed', 'terminated'],
  transitions: [
    { from: 'active', action: 'suspend', to: 'suspended', roles: DISTRICT, guards: ['comment-required'] },
    { from: 'suspended', action: 'resume', to: 'active', roles: DISTRICT },
    { from: 'active', action: 'complete', to: 'completed', roles: DISTRICT, guards: ['milestones-accepted'] },
    { from: 'active', action: 'terminate', to: 'terminated', roles: CITY, guards: ['comment-required'] },
    { from: 'suspended', action: 'terminate', to: 'terminated', roles: CITY, guards: ['comment-required'] },
  ],
});
export const PROJECT_ACTIONS = ['suspend', 'resume', 'complete', 'terminate'] as const;

//   submitted ──accept──▶ accepted;  submitted ──return──▶ returned ──resubmit──▶ submitted
export const REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const reportMachine = new StateMachine<ReportStatus, unknown, Role, ProjectFacts>({
  guards: GUARDS,
  name: 'project-report',
  states: REPORT_STATUSES,
  initial: 'submitted',
  terminal: ['accepted'],
  transitions: [
    { from: 'submitted', action: 'accept', to: 'accepted', roles: DISTRICT },
    { from: 'submitted', action: 'return', to: 'returned', roles: DISTRICT, guards: ['comment-required'] },
    { from: 'returned', action: 'resubmit', to: 'submitted', roles: ['enterprise', 'admin'] },
  ],
});
export const REPORT_REVIEW_ACTIONS = ['accept', 'return'] as const;

//   open ──accept──▶ accepted (the deliverable checked; its funding tranche is released with it)
export const MILESTONE_STATUSES = ['open', 'accepted'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const milestoneMachine = new StateMachine<MilestoneStatus, unknown, Role, ProjectFacts>({
  guards: GUARDS,
  name: 'project-milestone',
  states: MILESTONE_STATUSES,
  initial: 'open',
  terminal: ['accepted'],
  transitions: [{ from: 'open', action: 'accept', to: 'accepted', roles: DISTRICT }],
});
