import type { RuleSet } from './criteria.js';
import { PROGRAMS, type Program } from './facts.js';
import { DEFAULT_PARAMS, PROVISIONAL_PATHS, type ParamsByProgram } from './params.js';

/** The active rule set of every programme, as `evaluate` needs them. */
export type RuleSets = { [P in Program]: RuleSet<ParamsByProgram[P]> };

export const DEFAULT_RULE_SET_VERSION = 'default';

/** rules.md's numbers as rule sets (version "default"), provisional paths flagged. */
export const DEFAULT_RULE_SETS: RuleSets = Object.fromEntries(
  PROGRAMS.map((p) => [p, { version: DEFAULT_RULE_SET_VERSION, params: DEFAULT_PARAMS[p], provisional: PROVISIONAL_PATHS[p] }]),
) as RuleSets;
