import type { Role } from '../../auth/role.js';

/**
 * A finite-state machine as data: a transitions table (from, action, to, roles, guards), checked
 * once when built. Pure — no I/O, no clock — so every row is unit-tested on its own line.
 *
 * Resolving an action for a caller answers in a fixed order, which the HTTP layer maps to codes:
 *   unknown-action (400)  the machine has no such action at all;
 *   role           (403)  the caller's role may take this action nowhere in the machine, or not from
 *                         this status (while another role may);
 *   status         (409)  nobody may take this action from the current status.
 * Guards (named in the row, evaluated by the caller against facts it gathers) may then veto with a
 * message key (409 too).
 */
export interface TransitionRule<S extends string, Subj> {
  from: S;
  action: string;
  to: S;
  roles: readonly Role[];
  /** The row applies only to some subjects (e.g. the on-site check for leader tiers). */
  when?: (subject: Subj) => boolean;
  /** Names of the guards to pass, in order. */
  guards?: readonly string[];
}

export type Resolution<S extends string, Subj> =
  | { ok: true; rule: TransitionRule<S, Subj> }
  | { ok: false; reason: 'unknown-action' | 'role' | 'status' };

export interface MachineDefinition<S extends string, Subj> {
  name: string;
  states: readonly S[];
  initial: S;
  /** No action leads out of these. */
  terminal: readonly S[];
  transitions: readonly TransitionRule<S, Subj>[];
}

export class StateMachine<S extends string, Subj = unknown> {
  readonly name: string;
  readonly states: readonly S[];
  readonly initial: S;
  readonly terminal: readonly S[];
  readonly transitions: readonly TransitionRule<S, Subj>[];
  readonly actions: readonly string[];

  constructor(def: MachineDefinition<S, Subj>) {
    this.name = def.name;
    this.states = def.states;
    this.initial = def.initial;
    this.terminal = def.terminal;
    this.transitions = def.transitions;
    this.actions = [...new Set(def.transitions.map((t) => t.action))];
    const known = new Set<string>(def.states);
    const problems: string[] = [];
    if (!known.has(def.initial)) problems.push(`initial state ${def.initial} is not a state`);
    for (const t of def.transitions) {
      if (!known.has(t.from)) problems.push(`${t.from} --${t.action}--> ${t.to}: unknown from-state`);
      if (!known.has(t.to)) problems.push(`${t.from} --${t.action}--> ${t.to}: unknown to-state`);
      if (def.terminal.includes(t.from)) problems.push(`${t.from} is terminal but has action ${t.action}`);
      if (!t.roles.length) problems.push(`${t.from} --${t.action}--> ${t.to}: no role may take it`);
    }
    for (const s of def.states) {
      if (!def.terminal.includes(s) && !def.transitions.some((t) => t.from === s)) problems.push(`${s} is a dead end but not terminal`);
      if (s !== def.initial && !def.transitions.some((t) => t.to === s)) problems.push(`${s} is unreachable`);
    }
    if (problems.length) throw new Error(`State machine ${def.name} is inconsistent:\n  ${problems.join('\n  ')}`);
  }

  isTerminal(status: S): boolean {
    return this.terminal.includes(status);
  }

  /** Rows leaving `status` that apply to the subject (whatever the role). */
  from(status: S, subject: Subj): TransitionRule<S, Subj>[] {
    return this.transitions.filter((t) => t.from === status && (!t.when || t.when(subject)));
  }

  /** What `role` may do from `status` (before guards). */
  availableTo(status: S, role: Role, subject: Subj): TransitionRule<S, Subj>[] {
    return this.from(status, subject).filter((t) => t.roles.includes(role));
  }

  /** Roles that may act on an application in `status` (who has work waiting). */
  actorsOf(status: S, subject: Subj): Role[] {
    return [...new Set(this.from(status, subject).flatMap((t) => t.roles))];
  }

  resolve(status: S, action: string, role: Role, subject: Subj): Resolution<S, Subj> {
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
}
