/**
 * Compile-time ties between response classes and the mappers in controllers (kept apart so the
 * controllers can import the classes without an import cycle): a declared field that a mapper stops
 * returning breaks the build. Nothing imports this file; tsc checks it.
 */
import type { Job } from '../jobs/job.entity.js';
import type { RuleSetRecord } from './rule-sets/rule-set.entity.js';
import { mapJob, mapRuleSet } from './policy.api.controller.js';
import type { JobDto, RuleSetDto } from './rule-set.response.js';

export const ruleSetDtoOf = (r: RuleSetRecord): RuleSetDto => mapRuleSet(r);
export const jobDtoOf = (j: Job): JobDto => mapJob(j);
