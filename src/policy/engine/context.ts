import { isIsoDate, yearOf } from './dates.js';
import type { EnterpriseFacts, Facts, FinancialYear, Locale, QualificationFact } from './facts.js';
import { summarizeIp, type IpSummary } from './ip.js';

/**
 * Reference numbers that are not rules of a programme but still decide criteria: the credit
 * look-back window and the Tianjin division prefix. They are dated data (reference_setting), resolved
 * for the evaluation date by the caller and carried with the rule sets (`RuleSets.reference`).
 */
export interface EngineReference {
  /** Credit criteria look for flags in year N (up to asOf) and this many years before. */
  creditLookbackYears: number;
  /** *-REG: a district code starting with this is registered in Tianjin. */
  divisionPrefix: string;
}

/** The seeded values, for callers without a database (the stateless tests, fixtures). */
export const DEFAULT_ENGINE_REFERENCE: EngineReference = { creditLookbackYears: 1, divisionPrefix: '12' };

/**
 * Everything the rules read, indexed once per evaluation so that seven programmes do not rescan
 * the facts: financial years by year, IP counts at asOf, qualifications obtained by asOf.
 */
export interface EvalCtx {
  readonly asOf: string;
  /** Evaluation year N (the year of asOf). */
  readonly N: number;
  readonly locale: Locale;
  readonly explain: boolean;
  readonly facts: Facts;
  readonly ent: EnterpriseFacts;
  /** establishedOn when it is a valid date. */
  readonly established: string | undefined;
  /**
   * First fiscal year the enterprise operated: the establishment year, or when that is unknown the
   * earliest year with a financial record. Multi-year formulas expect figures from here on.
   */
  readonly firstYear: number | undefined;
  readonly fin: ReadonlyMap<number, FinancialYear>;
  readonly ip: IpSummary;
  /** Qualifications obtained on or before asOf (undated ones included). */
  readonly quals: readonly QualificationFact[];
  /** HNTE certificate validity, from the high-tech rule set (used by several programmes). */
  readonly hnteValidityYears: number;
  readonly reference: EngineReference;
  /**
   * "Unknown is not none": the subject was explicitly not checked (marker `false`), so what the lists
   * lack may still exist — a criterion those lists would fail is `missing` instead.
   */
  readonly unknown: { readonly ip: boolean; readonly qualifications: boolean; readonly credit: boolean };
}

export interface ContextOptions {
  locale?: Locale;
  explanations?: boolean;
  hnteValidityYears: number;
  reference?: EngineReference;
}

export function buildContext(asOf: string, facts: Facts, opts: ContextOptions): EvalCtx {
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got ${String(asOf)}`);
  const ent = facts.enterprise ?? {};
  const fin = new Map<number, FinancialYear>();
  let earliest: number | undefined;
  for (const f of facts.financials ?? []) {
    fin.set(f.year, f);
    if (earliest === undefined || f.year < earliest) earliest = f.year;
  }
  const established = isIsoDate(ent.establishedOn) ? ent.establishedOn : undefined;
  const quals: QualificationFact[] = [];
  for (const q of facts.qualifications ?? []) if (!(isIsoDate(q.on) && q.on > asOf)) quals.push(q);
  return {
    asOf,
    N: yearOf(asOf),
    locale: opts.locale ?? 'zh-CN',
    explain: opts.explanations ?? true,
    facts,
    ent,
    established,
    firstYear: established !== undefined ? yearOf(established) : earliest,
    fin,
    ip: summarizeIp(facts.ipAssets, asOf),
    quals,
    hnteValidityYears: opts.hnteValidityYears,
    reference: opts.reference ?? DEFAULT_ENGINE_REFERENCE,
    unknown: { ip: ent.ipChecked === false, qualifications: ent.qualificationsChecked === false, credit: ent.creditChecked === false },
  };
}
