import type { CriterionResult } from '../policy/engine/criteria.js';
import { contextFor, evaluateProgram } from '../policy/engine/evaluate.js';
import type { Facts } from '../policy/engine/facts.js';
import { hasCurrent } from '../policy/engine/quals.js';
import type { RuleSets } from '../policy/engine/rule-sets.js';
import type { SeedlingReason } from './cultivation.entity.js';
import { closeness } from './ranking.js';

/** One screened enterprise that made the list, as the job writes it. */
export interface ScreenedRow {
  enterpriseId: number;
  districtCode: string;
  highTechField: string | null;
  revenue: number | null;
  employees: number | null;
  score: number;
  unmet: string[];
  missing: string[];
  open: string[];
  reasons: SeedlingReason[];
}

export interface ChunkResult {
  rows: ScreenedRow[];
  evaluated: number;
  certified: number;
  blocked: number;
}

/**
 * Screens one enterprise: `certified` when it holds a valid HNTE certificate on asOf (kept as stock,
 * not a seedling); otherwise the HNTE result and its closeness. Explanations are off here (the bulk
 * of the city); reasonsOf regenerates them, in both languages, for the few that make the list.
 */
export function screenOne(asOf: string, facts: Facts, ruleSets: RuleSets): { certified: true } | { certified: false; criteria: CriterionResult[]; closeness: ReturnType<typeof closeness> } {
  const ctx = contextFor({ asOf, facts }, ruleSets, { explanations: false });
  if (hasCurrent(ctx, 'hnte-certificate')) return { certified: true };
  const result = evaluateProgram('high-tech', ctx, ruleSets['high-tech']);
  return { certified: false, criteria: result.criteria, closeness: closeness(result.criteria) };
}

/** The non-met criteria with the engine's explanations in Chinese and English. */
export function reasonsOf(asOf: string, facts: Facts, ruleSets: RuleSets): SeedlingReason[] {
  const zh = evaluateProgram('high-tech', contextFor({ asOf, facts }, ruleSets, { locale: 'zh-CN' }), ruleSets['high-tech']);
  const en = evaluateProgram('high-tech', contextFor({ asOf, facts }, ruleSets, { locale: 'en' }), ruleSets['high-tech']);
  const english = new Map(en.criteria.map((c) => [c.code, c.explanation]));
  return zh.criteria
    .filter((c) => c.outcome !== 'met')
    .map((c) => ({ code: c.code, outcome: c.outcome, ...(c.shortfall ? { shortfall: { ...c.shortfall } } : {}), zh: c.explanation, en: english.get(c.code) ?? '' }));
}

/** Screens a chunk of files (pure: the same code runs inline and in worker threads). */
export function screenChunk(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): ChunkResult {
  const n = Number(asOf.slice(0, 4));
  const out: ChunkResult = { rows: [], evaluated: 0, certified: 0, blocked: 0 };
  for (const [id, f] of entries) {
    out.evaluated++;
    const screened = screenOne(asOf, f, ruleSets);
    if (screened.certified) {
      out.certified++;
      continue;
    }
    const c = screened.closeness;
    if (c.blockers.length) out.blocked++;
    if (!c.candidate) continue;
    const last = (f.financials ?? []).find((y) => y.year === n - 1);
    out.rows.push({
      enterpriseId: id, districtCode: f.enterprise.districtCode ?? '', highTechField: (f.enterprise.highTechField as string | undefined) ?? null,
      revenue: last?.operatingRevenue ?? null, employees: last?.employees ?? null, score: c.score,
      unmet: c.unmet, missing: c.missing, open: [...c.unmet, ...c.missing, ...c.uncertain],
      reasons: reasonsOf(asOf, f, ruleSets),
    });
  }
  return out;
}
