import type { FieldMessage } from './errors.js';
import { ALLOW, conflict, forbid, type Decision } from './policy.js';

/**
 * The one state machine of the product (issue 13): every status — applications, batches, rule
 * sets, pool memberships, and the modules to come — changes through a `StateMachine` built from a
 * transitions table in the owning module. Pure: no framework, no I/O, no clock.
 *
 * API (kept small on purpose):
 *   new StateMachine({ name, states, initial, terminal, transitions, guards?, refusal? })
 *     – checked once when built (unknown states, dead ends, unreachable states, rows nobody may take).
 *     – a row: { from, action, to, roles, guards?: ['guard-name', …], when?: (subject) => boolean }.
 *       A row with from === to is an action of the stage that changes no status (e.g. a batch's
 *       "assign"): it gets the same role/status/guard answers.
 *     – `guards`: name → (facts) => Veto | null, declared in the owning module. A veto carries the
 *       catalogue key that says *why not* (shown beside a disabled button, sent as 409).
 *     – `refusal(reason, status, action)`: the module's own wording of a role or status refusal
 *       (defaults: `state.denied.role`, `state.denied.status`).
 *   machine.resolve(status, action, role, subject)         → the row, or why not (no guards)
 *   machine.decide(status, action, role, subject, facts?)  → Verdict: resolve, then the row's guards
 *                                                             in order (skipped when facts is undefined)
 *   machine.options(status, role, subject, facts?)         → a Verdict per action the role has here:
 *                                                             the buttons, disabled ones with reasons
 *   machine.from / availableTo / actorsOf / isTerminal     → the table, read
 *   verdictDecision(verdict)                               → common/policy `Decision` (403/409/400),
 *                                                             so services `enforce()` it
 *   runEffect(effects, action, ctx)                        → the side effect the owning module
 *                                                             declared for the action, if any
 * The service then writes the status (conditional UPDATE on version) and calls
 * `HistoryService.record(em, actor, …)` (src/audit/history.service.ts) in the same transaction.
 * docs/development.md "Adding a status machine" has a copyable example.
 *
 * Resolving answers in a fixed order, which the HTTP layer maps to codes:
 *   unknown-action (400)  the machine has no such action at all;
 *   role           (403)  the caller's role may take this action nowhere in the machine, or not from
 *                         this status (while another role may);
 *   status         (409)  nobody may take this action from the current status;
 *   guard          (409)  a guard of the row vetoed, with its message key.
 */
export interface TransitionRule<S extends string, Subj = unknown, R extends string = string> {
  from: S;
  action: string;
  to: S;
  roles: readonly R[];
  /** The row applies only to some subjects (e.g. the on-site check for leader tiers). */
  when?: (subject: Subj) => boolean;
  /** Names of the guards to pass, in order. */
  guards?: readonly string[];
}

/** Why not, as a catalogue key with its parameters (and field details for the JSON face). */
export interface Veto {
  guard?: string;
  messageKey: string;
  params: Record<string, string | number>;
  details: FieldMessage[];
  /** English text for logs and API clients without a catalogue; the key words the answer. */
  message?: string;
}

export type Guard<F> = (facts: F) => Omit<Veto, 'guard'> | null;
export type GuardTable<F> = Readonly<Record<string, Guard<F>>>;

export type RefusalReason = 'unknown-action' | 'role' | 'status';

export type Resolution<S extends string, Subj, R extends string = string> =
  | { ok: true; rule: TransitionRule<S, Subj, R> }
  | { ok: false; reason: RefusalReason };

export type Verdict<S extends string, Subj = unknown, R extends string = string> =
  | { action: string; allowed: true; to: S; rule: TransitionRule<S, Subj, R> }
  | { action: string; allowed: false; reason: RefusalReason | 'guard'; veto: Veto };

export interface MachineDefinition<S extends string, Subj = unknown, R extends string = string, F = unknown> {
  name: string;
  states: readonly S[];
  initial: S;
  /** No action leads out of these. */
  terminal: readonly S[];
  transitions: readonly TransitionRule<S, Subj, R>[];
  /** The guards the rows name (a name without a guard fails closed). */
  guards?: GuardTable<F>;
  /** The module's wording of a role or status refusal. */
  refusal?: (reason: RefusalReason, status: S, action: string) => Omit<Veto, 'guard'> | null;
}

/** Side effects of actions, declared in the owning module and run by its service inside the transaction. */
export type Effects<Ctx> = Readonly<Partial<Record<string, (ctx: Ctx) => unknown>>>;

export async function runEffect<Ctx>(effects: Effects<Ctx>, action: string, ctx: Ctx): Promise<unknown> {
  const effect = Object.prototype.hasOwnProperty.call(effects, action) ? effects[action] : undefined;
  return effect ? effect(ctx) : undefined;
}

const DEFAULT_REFUSAL: Record<RefusalReason, (status: string, action: string) => Omit<Veto, 'guard'>> = {
  'unknown-action': (_s, action) => ({ messageKey: 'state.denied.unknown', params: { action }, details: [{ field: 'action', message: `unknown action ${action}` }], message: `Unknown action ${action}` }),
  role: (_s, action) => ({ messageKey: 'state.denied.role', params: { action }, details: [], message: `Your role may not ${action} this record` }),
  status: (status, action) => ({ messageKey: 'state.denied.status', params: { action, status }, details: [{ field: 'action', message: `not allowed from ${status}` }], message: `Cannot ${action} from status ${status}` }),
};

export class StateMachine<S extends string, Subj = unknown, R extends string = string, F = unknown> {
  readonly name: string;
  readonly states: readonly S[];
  readonly initial: S;
  readonly terminal: readonly S[];
  readonly transitions: readonly TransitionRule<S, Subj, R>[];
  readonly actions: readonly string[];
  private readonly guards: GuardTable<F>;
  private readonly refusal: MachineDefinition<S, Subj, R, F>['refusal'];

  constructor(def: MachineDefinition<S, Subj, R, F>) {
    this.name = def.name;
    this.states = def.states;
    this.initial = def.initial;
    this.terminal = def.terminal;
    this.transitions = def.transitions;
    this.guards = def.guards ?? {};
    this.refusal = def.refusal;
    this.actions = [...new Set(def.transitions.map((t) => t.action))];
    const known = new Set<string>(def.states);
    const problems: string[] = [];
    if (!known.has(def.initial)) problems.push(`initial state ${def.initial} is not a state`);
    for (const t of def.transitions) {
      if (!known.has(t.from)) problems.push(`${t.from} --${t.action}--> ${t.to}: unknown from-state`);
      if (!known.has(t.to)) problems.push(`${t.from} --${t.action}--> ${t.to}: unknown to-state`);
      if (def.terminal.includes(t.from)) problems.push(`${t.from} is terminal but has action ${t.action}`);
      if (!t.roles.length) problems.push(`${t.from} --${t.action}--> ${t.to}: no role may take it`);
      if (def.guards) for (const g of t.guards ?? []) if (!Object.prototype.hasOwnProperty.call(def.guards, g)) problems.push(`${t.from} --${t.action}--> ${t.to}: unknown guard ${g}`);
    }
    for (const s of def.states) {
      if (!def.terminal.includes(s) && !def.transitions.some((t) => t.from === s)) problems.push(`${s} is a dead end but not terminal`);
      if (s !== def.initial && !def.transitions.some((t) => t.to === s && t.from !== s)) problems.push(`${s} is unreachable`);
    }
    if (problems.length) throw new Error(`State machine ${def.name} is inconsistent:\n  ${problems.join('\n  ')}`);
  }

  isTerminal(status: S): boolean {
    return this.terminal.includes(status);
  }

  /** Rows leaving `status` that apply to the subject (whatever the role). */
  from(status: S, subject: Subj): TransitionRule<S, Subj, R>[] {
    return this.transitions.filter((t) => t.from === status && (!t.when || t.when(subject)));
  }

  /** What `role` may do from `status` (before guards). */
  availableTo(status: S, role: R, subject: Subj): TransitionRule<S, Subj, R>[] {
    return this.from(status, subject).filter((t) => t.roles.includes(role));
  }

  /** Roles that may act on a record in `status` (who has work waiting). */
  actorsOf(status: S, subject: Subj): R[] {
    return [...new Set(this.from(status, subject).flatMap((t) => t.roles))];
  }

  resolve(status: S, action: string, role: R, subject: Subj): Resolution<S, Subj, R> {
    if (!this.actions.includes(action)) return { ok: false, reason: 'unknown-action' };
    const rows = this.transitions.filter((t) => t.action === action && (!t.when || t.when(subject)));
    // An action that exists but not for this subject (the on-site check of a gazelle) is a state matter.
    if (!rows.length) return { ok: false, reason: 'status' };
    if (!rows.some((t) => t.roles.includes(role))) return { ok: false, reason: 'role' };
    const here = rows.filter((t) => t.from === status);
    if (!here.length) return { ok: false, reason: 'status' };
    const mine = here.find((t) => t.roles.includes(role));
    return mine ? { ok: true, rule: mine } : { ok: false, reason: 'role' };
  }

  /** The first veto of the named guards against `facts`, or null. Unknown names fail closed. */
  check(names: readonly string[] | undefined, facts: F): Veto | null {
    for (const name of names ?? []) {
      const guard = Object.prototype.hasOwnProperty.call(this.guards, name) ? this.guards[name] : undefined;
      if (!guard) return { guard: name, messageKey: 'state.denied.unknownGuard', params: { guard: name }, details: [], message: `Unknown guard ${name}` };
      const veto = guard(facts);
      if (veto) return { guard: name, ...veto };
    }
    return null;
  }

  /** May `role` take `action` from `status` now, and if not, why. Guards run only when `facts` is given. */
  decide(status: S, action: string, role: R, subject: Subj, facts?: F): Verdict<S, Subj, R> {
    const r = this.resolve(status, action, role, subject);
    if (!r.ok) return { action, allowed: false, reason: r.reason, veto: this.refused(r.reason, status, action) };
    if (facts !== undefined) {
      const veto = this.check(r.rule.guards, facts);
      if (veto) return { action, allowed: false, reason: 'guard', veto };
    }
    return { action, allowed: true, to: r.rule.to, rule: r.rule };
  }

  /** Every action `role` has from `status`, each allowed or with the reason (the page's buttons). */
  options(status: S, role: R, subject: Subj, facts?: F): Verdict<S, Subj, R>[] {
    const actions = [...new Set(this.availableTo(status, role, subject).map((t) => t.action))];
    return actions.map((a) => this.decide(status, a, role, subject, facts));
  }

  private refused(reason: RefusalReason, status: S, action: string): Veto {
    return this.refusal?.(reason, status, action) ?? DEFAULT_REFUSAL[reason](status, action);
  }
}

/** A verdict as a module policy's decision: 400 unknown action, 403 role, 409 status or guard. */
export function verdictDecision<S extends string, Subj, R extends string>(v: Verdict<S, Subj, R>): Decision {
  if (v.allowed) return ALLOW;
  const message = v.veto.message ?? v.veto.messageKey;
  if (v.reason === 'role') return forbid(v.veto.messageKey, message);
  if (v.reason === 'unknown-action') return { allowed: false, status: 400, messageKey: v.veto.messageKey, message, field: 'action', fieldMessage: v.veto.details[0]?.message ?? 'unknown action' };
  return conflict(v.veto.messageKey, message, v.veto.details);
}
