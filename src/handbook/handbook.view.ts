/**
 * The public policy handbook's page models (pure: no framework, unit-tested without HTTP).
 *
 * Why from an evaluation: the engine already words every criterion's threshold from the active rule
 * set (`required`), its reference and its provisional flag. Evaluating an empty file at today's date
 * yields exactly that for every programme the engine knows — so a new programme or a rule-set edit
 * reaches the handbook with no change here.
 */
import type { EvaluationResponse } from '../policy/engine/evaluate.js';
import type { CriterionResult, ProgramResult } from '../policy/engine/criteria.js';
import { CRITERION_LABELS, PROGRAM_LABELS, label } from '../policy/engine/labels.js';
import type { Locale } from '../policy/engine/facts.js';
import { ownValue } from '../common/own-key.js';

export interface RuleSetInfo {
  version: string;
  effectiveFrom?: string;
  provisional: readonly string[];
}

export interface HandbookCriterion {
  code: string;
  label: string;
  required: string;
  reference: string | null;
  provisional: boolean;
  /** A sub-criterion (YE-PATH-IP of YE-PATH): shown indented under its aggregate. */
  sub: boolean;
  /** "any one of" alternatives (TS-SCORE / TS-DIRECT). */
  alternatives: string | null;
}

export interface HandbookProgramme {
  programme: string;
  label: string;
  url: string;
  version: string;
  effectiveFrom: string | null;
  inForce: boolean;
  provisional: boolean;
  /** The documents the programme rests on (the distinct document numbers of its references). */
  documents: string[];
  criteria: HandbookCriterion[];
}

/**
 * The documents a reference cites, without their articles: "国科发火〔2016〕32号 第十一条（七）；国科发火〔2016〕195号"
 * → both numbers. A document number has no space; the article follows the first one.
 */
export function documentsOf(reference: string): string[] {
  return reference.split(/[；;]/).map((part) => part.trim().split(/\s+/)[0]!).filter((d) => d.length > 0);
}

function criterionRow(c: CriterionResult, locale: Locale, labelOf: (code: string) => string): HandbookCriterion {
  return {
    code: c.code,
    label: labelOf(c.code),
    required: c.required,
    reference: c.reference ?? null,
    provisional: c.provisional === true,
    sub: c.partOf !== undefined,
    alternatives: c.anyOf && c.anyOf.length > 1 ? c.anyOf.map(labelOf).join(locale === 'en' ? ' or ' : ' 或 ') : null,
  };
}

/** One programme's handbook entry from its result on an empty file and its rule set. */
export function handbookProgramme(result: ProgramResult, ruleSet: RuleSetInfo | undefined, asOf: string, locale: Locale): HandbookProgramme {
  const labelOf = (code: string) => {
    const l = ownValue(CRITERION_LABELS as Readonly<Record<string, { 'zh-CN': string; en: string }>>, code);
    return l ? l[locale] : code;
  };
  const criteria = result.criteria.map((c) => criterionRow(c, locale, labelOf));
  const documents = [...new Set(criteria.map((c) => c.reference).filter((r): r is string => !!r).flatMap(documentsOf))];
  const effectiveFrom = ruleSet?.effectiveFrom ?? null;
  return {
    programme: result.program,
    label: label(PROGRAM_LABELS, result.program, locale),
    url: `/policies/${result.program}`,
    version: ruleSet?.version ?? result.ruleSet.version,
    effectiveFrom,
    inForce: result.outcome !== 'not-applicable' && (effectiveFrom === null || effectiveFrom <= asOf),
    provisional: criteria.some((c) => c.provisional) || (ruleSet?.provisional.length ?? 0) > 0,
    documents,
    criteria,
  };
}

/** Every programme of an empty-file evaluation, in the engine's order. */
export function handbookIndex(response: EvaluationResponse, ruleSets: (programme: string) => RuleSetInfo | undefined, locale: Locale): HandbookProgramme[] {
  return response.results.map((r) => handbookProgramme(r, ruleSets(r.program), response.asOf, locale));
}
