import type { EvaluationResponse } from './engine/evaluate.js';

/**
 * Which stored subjects of the file each criterion reads, and so which provenance (`source` codes:
 * tax, import, enterprise …) a stored evaluation lists per criterion (api.md "Facts and provenance").
 * The registration profile has no recorded source, so criteria that read only it list none.
 */
export const FACT_SUBJECTS = ['financials', 'ip-assets', 'qualifications', 'credit', 'rd-ledger', 'srdi'] as const;
export type FactSubject = (typeof FACT_SUBJECTS)[number];

/** Subject → the source codes of the facts an evaluation used (distinct, sorted). */
export type Provenance = Partial<Record<FactSubject, string[]>>;
/** Programme → criterion code → source codes. */
export type CriterionSources = Record<string, Record<string, string[]>>;

const EXACT: Record<string, FactSubject[]> = {
  'TS-SCORE': ['financials', 'ip-assets', 'qualifications'],
  'TS-DIRECT': ['ip-assets', 'qualifications'],
  'YE-PATH': ['ip-assets', 'qualifications'],
  'YE-PATH-IP': ['ip-assets'],
  'HT-IP': ['ip-assets'],
  'HT-SCORE': ['financials', 'ip-assets'],
  'SD-ACTIVITY': ['rd-ledger'],
  'SD-LEDGER': ['rd-ledger'],
  // The SRDI ladder (rules.md §7): `srdi` = the SRDI facts and yearly figures of the file.
  'IN-SME': ['financials'],
  'IN-SCORE': ['financials', 'ip-assets', 'srdi'],
  'IN-DIRECT': ['qualifications', 'srdi'],
  'SP-INNOVATIVE': ['srdi'],
  'SP-NICHE': ['srdi'],
  'SP-REVENUE': ['financials', 'srdi'],
  'SP-SCORE': ['srdi'],
  'SP-DIRECT': ['financials', 'qualifications', 'srdi'],
  'LG-SRDI': ['srdi'],
  'LG-NICHE': ['srdi'],
  'LG-MAIN': ['financials'],
  'LG-DEBT': ['financials'],
  'LG-RD': ['financials', 'srdi'],
  'LG-INSTITUTION': ['qualifications', 'srdi'],
  'LG-CHAIN': ['srdi'],
  // The R&D post-subsidy (rules.md §8): the HNTE certificate among the qualifications, the N-1 ledger.
  'RP-STATUS': ['qualifications'],
  'RP-CLAIMED': ['rd-ledger'],
};

/** Subjects a criterion reads, by its code (exact first, then by kind). */
export function subjectsOf(code: string): FactSubject[] {
  if (EXACT[code]) return EXACT[code]!;
  if (code.startsWith('YE-PATH-')) return ['qualifications'];
  if (code.startsWith('IPP-') || /-IP$/.test(code)) return ['ip-assets'];
  if (/-CREDIT$/.test(code) || code === 'HT-COMPLIANCE') return ['credit'];
  if (/-(SIZE|REVENUE|GROWTH|RD|RD-DOMESTIC|STAFF|PS)$/.test(code)) return ['financials'];
  return [];
}

/** Per programme and criterion, the sources of the facts it used. */
export function criterionSources(response: EvaluationResponse, provenance: Provenance): CriterionSources {
  const out: CriterionSources = {};
  for (const r of response.results) {
    const criteria: Record<string, string[]> = {};
    for (const c of r.criteria) {
      const sources = new Set<string>();
      for (const s of subjectsOf(c.code)) for (const src of provenance[s] ?? []) sources.add(src);
      criteria[c.code] = [...sources].sort();
    }
    out[r.program] = criteria;
  }
  return out;
}

/** Puts each criterion's `sources` on a response of a stored evaluation ([] when none was recorded for it). */
export function withSources(response: EvaluationResponse, sources: CriterionSources): EvaluationResponse {
  for (const r of response.results) for (const c of r.criteria) (c as typeof c & { sources?: string[] }).sources = sources[r.program]?.[c.code] ?? [];
  return response;
}
