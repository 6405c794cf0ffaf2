import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, conflict, forbid, type Decision } from '../common/policy.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { decideApplicationDocument } from './application-document.policy.js';
import { checkGuards, type GuardFacts } from './workflow/guards.js';
import { EDITABLE_STATES, machineOf, type ApplicationType } from './workflow/workflows.js';

/**
 * The applications module's rules: who may file, edit, comment, record and resolve objections,
 * record repayments and grant subsidies, and — for the page and the JSON view alike — which
 * workflow actions the actor is offered on one application and, when one cannot succeed yet, why.
 * Role gates of the transitions stay in the state machine's table (src/applications/workflow/):
 * this module reads them, it does not repeat them. Pure: no framework, no database.
 */

/** A reason an offered action cannot be taken now: a catalogue key and its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

/** One action offered with a record: allowed, or shown disabled with its reason. */
export interface ActionOption {
  action: string;
  allowed: boolean;
  reason: Reason | null;
}

export const option = (action: string, d: Decision | Reason | null): ActionOption => {
  if (d === null || ('allowed' in d && d.allowed)) return { action, allowed: true, reason: null };
  if ('key' in d) return { action, allowed: false, reason: d };
  return { action, allowed: false, reason: { key: 'messageKey' in d ? d.messageKey : 'common.notFound', params: {} } };
};

// Who files an application: the enterprise, or its district officer on its behalf; admins support.
const APPLICANTS: readonly Role[] = ['enterprise', 'officer', 'admin'];
// Objections are resolved, and batches run, by the city (rules.md §1 process).
const CITY: readonly Role[] = ['manager', 'admin'];
// Repayments of a monitored loan are the district's record.
const LOAN_RECORDERS: readonly Role[] = ['officer', 'admin'];

export const isApplicant = (actor: Actor): boolean => APPLICANTS.includes(actor.role);
export const isCity = (actor: Actor): boolean => CITY.includes(actor.role);
/** The applicant itself (not staff acting for it). */
export const isEnterpriseUser = (actor: Actor): boolean => actor.role === 'enterprise';

export function decideCreateApplication(actor: Actor): Decision {
  return isApplicant(actor) ? ALLOW : forbid('application.denied.create', 'Only the enterprise, its district officer or an administrator may file an application');
}

/** Editing the form: an applicant while the application holds the pen (draft, returned). */
export function decideEditApplication(actor: Actor, app: { status: string }): Decision {
  if (!isApplicant(actor)) return forbid('application.denied.edit', 'Only the enterprise, its district officer or an administrator may change an application form');
  if (!EDITABLE_STATES.includes(app.status)) {
    return conflict('application.notEditable', `The form can be changed only in draft or when returned (now ${app.status})`, [{ field: 'status', message: app.status }]);
  }
  return ALLOW;
}

/**
 * Drafts belong to whoever writes them: officers and managers see another's draft only once it is
 * submitted (an officer's own draft filed for an enterprise stays theirs). Enterprises are scoped
 * to their own file anyway; admins support everyone.
 */
export function seesOnlyOwnDrafts(actor: Actor): boolean {
  return actor.role === 'officer' || actor.role === 'manager';
}

/** An enterprise's comment always goes to the reviewers (it has no internal notes). */
export function commentIsPublic(actor: Actor, requested: boolean): boolean {
  return isEnterpriseUser(actor) ? true : requested;
}

/** Objections are received by the bureau (whatever the application). */
export function decideObjectionRecorder(actor: Actor): Decision {
  return seesInternal(actor) ? ALLOW : forbid('objection.denied.record', 'Objections are recorded by the bureau');
}

/** …during the public notice. */
export function decideRecordObjection(actor: Actor, app: { status: string }): Decision {
  const role = decideObjectionRecorder(actor);
  if (!role.allowed) return role;
  if (app.status !== 'public-notice') return conflict('objection.notOnNotice', 'Objections are recorded during the public notice', [{ field: 'status', message: app.status }]);
  return ALLOW;
}

export function decideResolveObjection(actor: Actor): Decision {
  return isCity(actor) ? ALLOW : forbid('objection.denied.resolve', 'Batches are run by managers');
}

/** Repayments: the district records them while the loan is monitored. */
export function decideRepayment(actor: Actor, app: { type: ApplicationType; status: string }): Decision {
  if (!seesInternal(actor)) return forbid('loan.denied.staff', 'Only bureau staff record repayments and subsidies');
  if (!LOAN_RECORDERS.includes(actor.role)) return forbid('loan.denied.repayment', 'Repayments are recorded by the district officer');
  if (app.type !== 'ip-pledge-loan') return conflict('loan.notLoan', 'Repayments belong to IP-pledge loans', [{ field: 'type', message: app.type }]);
  if (app.status !== 'post-loan-monitoring') return conflict('loan.notMonitoring', `Repayments are recorded while the loan is monitored (now ${app.status})`, [{ field: 'status', message: app.status }]);
  return ALLOW;
}

/** Interest and appraisal-fee subsidies: bureau staff. */
export function decideSubsidy(actor: Actor): Decision {
  return seesInternal(actor) ? ALLOW : forbid('loan.denied.staff', 'Only bureau staff record repayments and subsidies');
}

/**
 * Guards that depend on the record alone (not on what the user types with the click): checked
 * before the page offers the action, so a button that cannot succeed shows why instead. The
 * others (a comment, the pledge checks made with the step's data) are checked on the click only;
 * every guard is checked again by the workflow service on the click.
 */
export const RECORD_GUARDS: readonly string[] = ['documents-complete', 'batch-notice-open', 'notice-ended', 'no-open-objections', 'no-upheld-objections'];

/** What the page and the view know of an application before any click. */
export type RecordFacts = Pick<GuardFacts, 'today' | 'missingDocuments' | 'batch' | 'openObjections' | 'upheldObjections'>;

export interface TransitionOption extends ActionOption {
  to: string;
  guards: readonly string[];
}

/**
 * The workflow actions offered to the actor on one application: the rows of the type's state
 * machine the actor's role may take from the current status (the FSM decides), each allowed or
 * disabled with the first record guard that vetoes it.
 */
export function transitionOptions(actor: Actor, app: { type: ApplicationType; tier: string | null; status: string }, facts: RecordFacts): TransitionOption[] {
  const rows = machineOf(app.type).availableTo(app.status, actor.role, { type: app.type, tier: app.tier });
  return rows.map((t) => {
    const veto = checkGuards((t.guards ?? []).filter((g) => RECORD_GUARDS.includes(g)), { ...facts, comment: null });
    return { action: t.action, to: t.to, guards: t.guards ?? [], allowed: !veto, reason: veto ? { key: veto.messageKey, params: veto.params } : null };
  });
}

/** The record actions besides transitions a page may offer on one application. */
export const APPLICATION_RECORD_ACTIONS = ['edit', 'upload', 'comment', 'recordObjection', 'resolveObjection', 'repay', 'grantSubsidy'] as const;
export type ApplicationRecordAction = (typeof APPLICATION_RECORD_ACTIONS)[number];

/**
 * The record actions offered to the actor on one application. An action the role may never take
 * here is left out (nothing to show); one the role may take but not in this state is disabled with
 * the reason (the denial's catalogue key).
 */
export function recordOptions(actor: Actor, app: { type: ApplicationType; status: string; hasLoan: boolean }): ActionOption[] {
  const out: ActionOption[] = [];
  const offer = (action: ApplicationRecordAction, d: Decision) => {
    if (!d.allowed && d.status !== 409) return;
    out.push(option(action, d));
  };
  offer('edit', decideEditApplication(actor, app));
  const upload = decideApplicationDocument(actor, app);
  // The upload form is shown only where it works; the checklist says what is missing.
  if (upload.allowed) out.push(option('upload', upload));
  out.push(option('comment', ALLOW));
  if (seesInternal(actor)) offer('recordObjection', decideRecordObjection(actor, app));
  offer('resolveObjection', decideResolveObjection(actor));
  if (app.type === 'ip-pledge-loan') offer('repay', decideRepayment(actor, app));
  if (app.hasLoan) offer('grantSubsidy', decideSubsidy(actor));
  return out;
}

/** `can.edit`, `can.repay`, … for a page: the allowed ones of the options. */
export function canMap(options: readonly ActionOption[]): Record<string, boolean> {
  return Object.fromEntries(options.map((o) => [o.action, o.allowed]));
}
