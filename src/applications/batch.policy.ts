import type { Actor } from '../auth/actor.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';
import { verdictDecision } from '../common/state-machine.js';
import { batchMachine, type BatchAction, type BatchStatus } from './batch-machine.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { isCity, option, type ActionOption } from './application.policy.js';

/**
 * Batches (rules.md §1 process): bureau staff read them, the city runs them. What a batch allows
 * depends on its stage — gathering (`open`), on public notice, announced — and on the notice's
 * end, the undecided applications and the open objections. One function per action answers for
 * the service (enforced in its transaction) and for the page (the same answer before the click).
 * Pure: no framework, no database.
 */
export { BATCH_ACTIONS, type BatchAction } from './batch-machine.js';

export function decideReadBatches(actor: Actor): Decision {
  return seesInternal(actor) ? ALLOW : forbid('batch.denied.staff', 'Batches are for bureau staff');
}

export function decideRunBatches(actor: Actor): Decision {
  return isCity(actor) ? ALLOW : forbid('batch.denied.manager', 'Batches are run by managers');
}

/** A batch as the rules need it. */
export interface BatchState {
  status: string;
  noticeEndsOn: string | null;
}

/** What the page knows of a batch's members. */
export interface BatchFacts {
  /** The day the action would take effect (today; the announcement date for `announce`). */
  asOf: string;
  /** Members not withdrawn or rejected (they go on notice). */
  active: number;
  /** References of members still in public notice. */
  undecided: readonly string[];
  openObjections: number;
}

/**
 * The state rules of one batch action (the role is checked by decideRunBatches): the batch
 * machine's answer as the city gets it — the stage, then the action's guards.
 */
export function decideBatchState(b: BatchState, action: BatchAction, f: BatchFacts): Decision {
  return verdictDecision(batchMachine.decide(b.status as BatchStatus, action, 'manager', undefined, { ...f, noticeEndsOn: b.noticeEndsOn }));
}

/** The role and the state: what the service enforces. */
export function decideBatch(actor: Actor, b: BatchState, action: BatchAction, f: BatchFacts): Decision {
  const role = decideRunBatches(actor);
  return role.allowed ? decideBatchState(b, action, f) : role;
}

/** The actions offered on a batch page: the machine's actions of the stage, disabled with the reason; none for those who do not run batches. */
export function batchOptions(actor: Actor, b: BatchState, f: BatchFacts): ActionOption[] {
  if (!decideRunBatches(actor).allowed) return [];
  return batchMachine.options(b.status as BatchStatus, 'manager', undefined, { ...f, noticeEndsOn: b.noticeEndsOn }).map((v) => {
    // "Approve all" would meet each open objection's veto (the workflow's guard): say so first.
    if (v.allowed && v.action === 'approve' && f.openObjections) return { action: v.action, allowed: false, reason: { key: 'batch.openObjections', params: { count: f.openObjections } } };
    return v.allowed ? option(v.action, null) : { action: v.action, allowed: false, reason: { key: v.veto.messageKey, params: v.veto.params } };
  });
}
