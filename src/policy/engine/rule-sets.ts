import type { EngineReference } from './context.js';
import type { RuleSet } from './criteria.js';
import { ALL_PROGRAMS, PROGRAMS, type AnyProgram, type Program, type RdPostSubsidyProgram, type SrdiProgram } from './facts.js';
import { PARAMS_2026_1 } from './params-2026-1.js';
import { DEFAULT_PARAMS, DOCUMENT_DATES, PROVISIONAL_PATHS, type ParamsByProgram } from './params.js';

/** The active rule set of every programme, as `evaluate` needs them. */
export type RuleSets = { [P in Program]: RuleSet<ParamsByProgram[P]> } & { [P in SrdiProgram | RdPostSubsidyProgram]?: RuleSet<ParamsByProgram[P]> };

/** Version name of the rule sets that brought the SRDI programmes (rules.md §7, §12). */
export const SRDI_RULE_SET_VERSION = '2026.3';
/** Version name of the rule set that brought the R&D post-subsidy (rules.md §8, §12): the next label after 2026.3. */
export const RD_POST_SUBSIDY_RULE_SET_VERSION = '2026.4';

/**
 * Rule sets may carry the reference numbers in force on the same date (`reference`; absent: the
 * seeded defaults). They ride along with the rule sets so that worker threads, which receive the
 * rule sets, evaluate with the same numbers, and no caller of `evaluate` has to pass them.
 */
export function withReference(ruleSets: RuleSets, reference: EngineReference): RuleSets {
  return Object.assign({ ...ruleSets }, { reference });
}

/** program → version of the rule sets (what an evaluation records to be reproduced). */
export function ruleSetVersions(ruleSets: RuleSets): Record<Program, string> & Partial<Record<SrdiProgram | RdPostSubsidyProgram, string>> {
  return Object.fromEntries(ALL_PROGRAMS.flatMap((p) => (ruleSets[p] ? [[p, ruleSets[p].version]] : []))) as Record<Program, string>;
}

export function referenceOf(ruleSets: RuleSets): EngineReference | undefined {
  return (ruleSets as RuleSets & { reference?: EngineReference }).reference;
}

export const DEFAULT_RULE_SET_VERSION = 'default';

/**
 * The engine's own version, stored with every recorded evaluation (api.md: `engineVersion`), so a
 * stored decision says which code produced it besides which rule-set versions. Bump it whenever a
 * change to the code could change a result; 2.x evaluates rule-set editions 1 and 2.
 */
export const ENGINE_VERSION = '2.0.0';

/** rules.md's numbers as rule sets (version "default"), provisional paths flagged, dated from their documents. */
export const DEFAULT_RULE_SETS: RuleSets = Object.fromEntries(
  ALL_PROGRAMS.map((p: AnyProgram) => [
    p,
    { version: DEFAULT_RULE_SET_VERSION, params: DEFAULT_PARAMS[p], provisional: PROVISIONAL_PATHS[p], effectiveFrom: DOCUMENT_DATES[p] },
  ]),
) as RuleSets;

/** The rule sets of version 2026.1 (edition 1), for reproducing what was stored under them. */
export const RULE_SETS_2026_1: RuleSets = Object.fromEntries(
  PROGRAMS.map((p) => [p, { version: '2026.1', params: PARAMS_2026_1[p], provisional: PROVISIONAL_PATHS[p], effectiveFrom: DOCUMENT_DATES[p] }]),
) as unknown as RuleSets;
