import type { Actor } from '../auth/actor.js';
import { ALLOW, badReference, forbid, hidden, type Decision } from '../common/policy.js';
import { decideEnterprise, seesInternal, staffSeesFile, type StaffRef } from '../enterprises/enterprise.policy.js';

/**
 * The activities module's rules: the timeline and tasks are the bureau's working papers (staff
 * only, whatever the route), who may complete a task, whom a task may be given to. The services
 * of both faces ask these; the enterprise file's visibility is checked before (access scope).
 */

/** The timeline of a file (visits, internal notes, field changes with staff usernames). */
export function decideTimeline(actor: Actor): Decision {
  return seesInternal(actor) ? ALLOW : forbid('activity.denied.staffOnly', 'The timeline is for bureau staff');
}

/** Recording a visit, call, meeting or note on a file. */
export function decideRecordActivity(actor: Actor): Decision {
  return decideEnterprise(actor, 'recordActivity');
}

/** Creating a task on a file, and whom it goes to (an assignee who cannot see the file answers like an unknown id). */
export function decideCreateTask(actor: Actor, assignee: StaffRef | null, file: { districtCode: string; zoneCode: string | null }): Decision {
  const may = decideEnterprise(actor, 'addTask');
  if (!may.allowed) return may;
  const staff = assignee?.role === 'officer' || assignee?.role === 'manager' || assignee?.role === 'admin';
  if (assignee && assignee.active && staff && staffSeesFile(assignee, file)) return ALLOW;
  return badReference('assigneeId', 'must be an active staff user', 'activity.denied.assignee');
}

/**
 * Completing a task of a file the actor sees. Enterprises never learn tasks exist (404, as for an
 * unknown id); officers and admins complete the tasks of the files they work on; a manager reads
 * files and completes only the tasks given to them.
 */
export function decideCompleteTask(actor: Actor, task: { assigneeId: number | null }): Decision {
  if (!seesInternal(actor)) return hidden('Task');
  if (task.assigneeId !== null && task.assigneeId === actor.userId) return ALLOW;
  if (decideEnterprise(actor, 'addTask').allowed) return ALLOW;
  return forbid('activity.denied.completeOthers', 'You may complete only the tasks assigned to you');
}
