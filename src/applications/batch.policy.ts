import type { Actor } from '../auth/actor.js';
import { ALLOW, conflict, forbid, type Decision } from '../common/policy.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { isCity, option, type ActionOption } from './application.policy.js';

/**
 * Batches (rules.md §1 process): bureau staff read them, the city runs them. What a batch allows
 * depends on its stage — gathering (`open`), on public notice, announced — and on the notice's
 * end, the undecided applications and the open objections. One function per action answers for
 * the service (enforced in its transaction) and for the page (the same answer before the click).
 * Pure: no framework, no database.
 */
export const BATCH_ACTIONS = ['assign', 'remove', 'openNotice', 'approve', 'reject', 'announce'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

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

const notOpen = (b: BatchState, what: string) => conflict('batch.notOpen', `${what} while the batch is open`, [{ field: 'status', message: b.status }]);
const notOnNotice = (b: BatchState, what: string) => conflict('batch.notOnNotice', what, [{ field: 'status', message: b.status }]);

/** The state rules of one batch action (the role is checked by decideRunBatches). */
export function decideBatchState(b: BatchState, action: BatchAction, f: BatchFacts): Decision {
  switch (action) {
    case 'assign':
      return b.status === 'open' ? ALLOW : notOpen(b, 'Applications are added');
    case 'remove':
      return b.status === 'open' ? ALLOW : notOpen(b, 'Applications are removed');
    case 'openNotice':
      if (b.status !== 'open') return conflict('batch.notOpen', `The notice of this batch is already ${b.status}`, [{ field: 'status', message: b.status }]);
      return f.active ? ALLOW : conflict('batch.empty', 'The batch has no applications to put on notice', [{ field: 'applications', message: 'empty' }]);
    case 'approve':
    case 'reject':
      if (b.status !== 'notice') return notOnNotice(b, 'Decisions are taken while the batch is on notice');
      if (!f.undecided.length) return conflict('batch.nothingToDecide', 'No application of the batch is waiting for a decision', [{ field: 'applicationIds', message: 'none undecided' }]);
      // Approval ends the notice (the workflow's notice-ended guard); rejecting an upheld objection need not wait.
      if (action === 'approve' && !noticeEnded(b, f.asOf)) return noticeRunning(b);
      return ALLOW;
    case 'announce':
      if (b.status !== 'notice') return notOnNotice(b, `Only a batch on notice can be announced (now ${b.status})`);
      if (!noticeEnded(b, f.asOf)) return conflict('batch.noticeRunning', `The public notice runs until ${b.noticeEndsOn}`, [{ field: 'noticeEndsOn', message: `announce after ${b.noticeEndsOn}` }]);
      if (f.undecided.length) return conflict('batch.undecided', `${f.undecided.length} application(s) still await a decision`, f.undecided.map((r) => ({ field: r, message: 'undecided' })));
      if (f.openObjections) return conflict('batch.openObjections', `${f.openObjections} objection(s) are not resolved`, [{ field: 'objections', message: `${f.openObjections} open` }]);
      return ALLOW;
  }
}

const noticeEnded = (b: BatchState, asOf: string) => !!b.noticeEndsOn && asOf > b.noticeEndsOn;
const noticeRunning = (b: BatchState) =>
  conflict('application.veto.noticeRunning', `The public notice runs until ${b.noticeEndsOn}; decide after it ends`, [{ field: 'batch.noticeEndsOn', message: `the public notice runs until ${b.noticeEndsOn}` }]);

/** The role and the state: what the service enforces. */
export function decideBatch(actor: Actor, b: BatchState, action: BatchAction, f: BatchFacts): Decision {
  const role = decideRunBatches(actor);
  return role.allowed ? decideBatchState(b, action, f) : role;
}

/** Actions that belong to a stage of the batch: the page shows only those (disabled with the reason when they cannot succeed). */
const STAGE_ACTIONS: Record<string, readonly BatchAction[]> = {
  open: ['assign', 'remove', 'openNotice'],
  notice: ['approve', 'reject', 'announce'],
  announced: [],
};

/** The actions offered on a batch page: none for those who do not run batches. */
export function batchOptions(actor: Actor, b: BatchState, f: BatchFacts): ActionOption[] {
  if (!decideRunBatches(actor).allowed) return [];
  return (STAGE_ACTIONS[b.status] ?? []).map((a) => {
    let d = decideBatchState(b, a, f);
    // "Approve all" would meet each open objection's veto (the workflow's guard): say so first.
    if (d.allowed && a === 'approve' && f.openObjections) d = conflict('batch.openObjections', `${f.openObjections} objection(s) are not resolved`);
    return d.allowed || d.status !== 409 ? option(a, d) : { action: a, allowed: false, reason: { key: d.messageKey, params: reasonParams(b, d.messageKey, f) } };
  });
}

function reasonParams(b: BatchState, key: string, f: BatchFacts): Record<string, string | number> {
  if (key === 'application.veto.noticeRunning' || key === 'batch.noticeRunning') return { endsOn: b.noticeEndsOn ?? '—' };
  if (key === 'batch.openObjections') return { count: f.openObjections };
  if (key === 'batch.undecided') return { count: f.undecided.length };
  return {};
}
