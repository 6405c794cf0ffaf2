import type { Role } from '../auth/role.js';
import { StateMachine, type Veto } from '../common/state-machine.js';

/**
 * A batch's life (rules.md §1 process) as the one StateMachine: gathering (`open`) → on public
 * notice → announced. Actions of a stage that change no status (adding members, bulk decisions)
 * are rows from the stage to itself, so the page and the service get their answers from the same
 * table. The guards read what the service (or the page) knows of the batch's members. Pure.
 */
export const BATCH_STATUSES = ['open', 'notice', 'announced'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const BATCH_ACTIONS = ['assign', 'remove', 'openNotice', 'approve', 'reject', 'announce'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** What the guards look at. */
export interface BatchGuardFacts {
  noticeEndsOn: string | null;
  /** The day the action would take effect (today; the announcement date for `announce`). */
  asOf: string;
  /** Members not withdrawn or rejected (they go on notice). */
  active: number;
  /** References of members still in public notice. */
  undecided: readonly string[];
  openObjections: number;
}

/** The city runs batches (rules.md §1 process). */
export const BATCH_RUNNERS: readonly Role[] = ['manager', 'admin'];

const noticeEnded = (f: BatchGuardFacts) => !!f.noticeEndsOn && f.asOf > f.noticeEndsOn;
const OPEN_STAGE: readonly string[] = ['assign', 'remove', 'openNotice'];

function refusal(status: string, action: string): Omit<Veto, 'guard'> {
  const details = [{ field: 'status', message: status }];
  if (OPEN_STAGE.includes(action)) return { messageKey: 'batch.notOpen', params: {}, details, message: `${action} only while the batch is open (now ${status})` };
  return { messageKey: 'batch.notOnNotice', params: {}, details, message: `${action} only while the batch is on notice (now ${status})` };
}

export const batchMachine = new StateMachine<BatchStatus, unknown, Role, BatchGuardFacts>({
  name: 'application-batch',
  states: BATCH_STATUSES,
  initial: 'open',
  terminal: ['announced'],
  transitions: [
    { from: 'open', action: 'assign', to: 'open', roles: BATCH_RUNNERS },
    { from: 'open', action: 'remove', to: 'open', roles: BATCH_RUNNERS },
    { from: 'open', action: 'openNotice', to: 'notice', roles: BATCH_RUNNERS, guards: ['has-members'] },
    // Approval ends the notice (the workflow's notice-ended guard); rejecting an upheld objection need not wait.
    { from: 'notice', action: 'approve', to: 'notice', roles: BATCH_RUNNERS, guards: ['has-undecided', 'notice-ended'] },
    { from: 'notice', action: 'reject', to: 'notice', roles: BATCH_RUNNERS, guards: ['has-undecided'] },
    { from: 'notice', action: 'announce', to: 'announced', roles: BATCH_RUNNERS, guards: ['notice-over', 'all-decided', 'no-open-objections'] },
  ],
  guards: {
    'has-members': (f) => (f.active ? null : { messageKey: 'batch.empty', params: {}, details: [{ field: 'applications', message: 'empty' }], message: 'The batch has no applications to put on notice' }),
    'has-undecided': (f) =>
      f.undecided.length ? null : { messageKey: 'batch.nothingToDecide', params: {}, details: [{ field: 'applicationIds', message: 'none undecided' }], message: 'No application of the batch is waiting for a decision' },
    'notice-ended': (f) =>
      noticeEnded(f)
        ? null
        : {
          messageKey: 'application.veto.noticeRunning', params: { endsOn: f.noticeEndsOn ?? '—' },
          details: [{ field: 'batch.noticeEndsOn', message: `the public notice runs until ${f.noticeEndsOn}` }], message: `The public notice runs until ${f.noticeEndsOn}; decide after it ends`,
        },
    'notice-over': (f) =>
      noticeEnded(f)
        ? null
        : { messageKey: 'batch.noticeRunning', params: { endsOn: f.noticeEndsOn ?? '—' }, details: [{ field: 'noticeEndsOn', message: `announce after ${f.noticeEndsOn}` }], message: `The public notice runs until ${f.noticeEndsOn}` },
    'all-decided': (f) =>
      f.undecided.length
        ? { messageKey: 'batch.undecided', params: { count: f.undecided.length }, details: f.undecided.map((r) => ({ field: r, message: 'undecided' })), message: `${f.undecided.length} application(s) still await a decision` }
        : null,
    'no-open-objections': (f) =>
      f.openObjections
        ? { messageKey: 'batch.openObjections', params: { count: f.openObjections }, details: [{ field: 'objections', message: `${f.openObjections} open` }], message: `${f.openObjections} objection(s) are not resolved` }
        : null,
  },
  refusal: (reason, status, action) => (reason === 'status' ? refusal(status, action) : null),
});
