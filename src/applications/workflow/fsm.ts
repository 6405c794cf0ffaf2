import type { Role } from '../../auth/role.js';
import * as common from '../../common/state-machine.js';

/**
 * The applications' machines use the one generic `StateMachine` (src/common/state-machine.ts)
 * with the product's roles as actors; their guards live in ./guards.ts (facts gathered by
 * WorkflowService). Kept as a file so the workflow folder reads on its own.
 */
export type TransitionRule<S extends string, Subj> = common.TransitionRule<S, Subj, Role>;
export type Resolution<S extends string, Subj> = common.Resolution<S, Subj, Role>;
export type MachineDefinition<S extends string, Subj> = common.MachineDefinition<S, Subj, Role>;

export class StateMachine<S extends string, Subj = unknown> extends common.StateMachine<S, Subj, Role> {}
