/**
 * The policy engine: pure functions from facts and rule-set parameters to eligibility results
 * (rules.md, api.md "Eligibility"). No framework, no I/O, no clock.
 */
export * from './facts.js';
export { usccIsValid, usccCheckChar, normalizeUscc } from './uscc.js';
export { PARAMS_2026_1 } from './params-2026-1.js';
export {
  DEFAULT_PARAMS,
  DEFAULT_REFERENCES,
  DOCUMENT_DATES,
  CURRENT_EDITION,
  PROVISIONAL_PATHS,
  PARAM_PROGRAMS,
  PARAM_SPECS,
  validateParams,
  paramPaths,
  type Band,
  type PointRange,
  type NegativeListParams,
  type TechSmeParams,
  type YoungEagleParams,
  type GazelleParams,
  type LeaderParams,
  type RdTier,
  type HighTechScoreParams,
  type HighTechParams,
  type SdRateRow,
  type SuperDeductionParams,
  type SmallLowProfitParams,
  type RuleSetMeta,
  type IpPledgeParams,
  type ParamProgram,
  type ParamsByProgram,
  type Params,
  type ParamSpec,
  type ParamIssue,
} from './params.js';
export { DEFAULT_RULE_SETS, DEFAULT_RULE_SET_VERSION, ENGINE_VERSION, RULE_SETS_2026_1, referenceOf, ruleSetVersions, withReference, type RuleSets } from './rule-sets.js';
export { editionOf } from './criteria.js';
export type { CriterionResult, MissingInput, ProgramResult, RuleSet, Shortfall, Json, ScoreMove, ScoreOption } from './criteria.js';
export {
  evaluate,
  evaluateProgram,
  contextFor,
  createEvaluator,
  evaluateAll,
  type EvaluateRequest,
  type EvaluateOptions,
  type EvaluationResponse,
} from './evaluate.js';
export { buildContext, DEFAULT_ENGINE_REFERENCE, type EvalCtx, type ContextOptions, type EngineReference } from './context.js';
export { computeLadder, computeLadders, ladderStanding, gapItems, type Ladder, type GapItem, type LadderResult, type LadderStanding, type RungOutcome } from './ladder.js';
export { evaluateTechSme } from './tech-sme.js';
export { evaluateYoungEagle } from './young-eagle.js';
export { evaluateGazelle } from './gazelle.js';
export { evaluateLeaderCandidate, evaluateLeader } from './leader.js';
export { evaluateHighTech } from './high-tech.js';
export { evaluateSuperDeduction } from './super-deduction.js';
export { techSmeScore, scoreOptions, type TsScore } from './ts-score.js';
export { highTechScore, type HtScore, type Range } from './ht-score.js';
export { superDeductionAmount, superDeductionRate, type SdAmount, type RateBasis, type EitBasis, type EitChoice } from './sd-amount.js';
export {
  evaluateIpPledge,
  interestSubsidy,
  appraisalSubsidy,
  riskCompensation,
  type PledgedAsset,
  type IpPledgeRequest,
  type IpPledgeResult,
  type PledgedAssetResult,
} from './ip-pledge.js';
export { negativeListPrefix } from './industry.js';
export { isIpValid, isClassI, isClassII } from './ip.js';
export {
  CRITERION_LABELS,
  CRITERIA_BY_PROGRAM,
  PROGRAM_LABELS,
  TIER_LABELS,
  OUTCOME_LABELS,
  PROGRAM_OUTCOME_LABELS,
  FLAG_LABELS,
  HIGH_TECH_FIELD_LABELS,
  IP_KIND_LABELS,
  QUALIFICATION_KIND_LABELS,
  CONTEST_RANK_LABELS,
  ACTIVITY_TYPE_LABELS,
  FIELD_LABELS,
  label,
  type Label,
  type CriterionCode,
} from './labels.js';
