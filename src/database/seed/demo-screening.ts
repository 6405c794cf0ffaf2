import type { DataSource } from 'typeorm';
import { now as clockNow } from '../../common/clock.js';
import { todayIso } from '../../common/format.js';
import { Seedling } from '../../cultivation/cultivation.entity.js';
import { employeeBand, revenueBand } from '../../cultivation/ranking.js';
import { screenChunk } from '../../cultivation/screen-chunk.js';
import { SCREENING, type ScreeningSummary } from '../../cultivation/screening.service.js';
import { Job } from '../../jobs/job.entity.js';
import { PROGRAMS } from '../../policy/engine/facts.js';
import { DEFAULT_PARAMS, PROVISIONAL_PATHS } from '../../policy/engine/params.js';
import { DEFAULT_RULE_SETS, type RuleSets } from '../../policy/engine/rule-sets.js';
import { loadFacts } from '../../policy/facts-loader.js';
import { CORRECTED_VERSION } from '../../policy/rule-sets/rule-sets.service.js';

/**
 * The seedling screening (选苗) run once at seed (issue 18.8), so /cultivation lists candidates
 * on a fresh demo without anyone starting a run: the same pure screening as the job (screenChunk),
 * inline (a few hundred files), recorded as a finished `cultivation-screening` job with the same
 * summary and the same ranks (score, unmet, missing, id) the job's finish step writes.
 */
export async function seedDemoScreening(dataSource: DataSource, now: Date | string = clockNow()): Promise<ScreeningSummary> {
  const asOf = typeof now === 'string' ? now : todayIso(now);
  const ruleSets = { ...DEFAULT_RULE_SETS, ...Object.fromEntries(PROGRAMS.map((p) => [p, { version: CORRECTED_VERSION, params: DEFAULT_PARAMS[p], provisional: PROVISIONAL_PATHS[p] }])) } as RuleSets;
  const ids: number[] = (await dataSource.query('SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id')).map((r: { id: number | string }) => Number(r.id));
  const facts = await loadFacts(dataSource, ids, Number(asOf.slice(0, 4)));
  const started = Date.now();
  const result = screenChunk(asOf, ruleSets, ids.filter((id) => facts.has(id)).map((id) => [id, facts.get(id)!]));
  const summary: ScreeningSummary = { asOf, ruleSet: ruleSets['high-tech'].version, evaluated: result.evaluated, certified: result.certified, blocked: result.blocked, candidates: result.rows.length };
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  const at = new Date();
  const order = [...result.rows].sort((a, b) => Math.round(a.score * 1000) - Math.round(b.score * 1000) || a.unmet.length - b.unmet.length || a.missing.length - b.missing.length || a.enterpriseId - b.enterpriseId);
  const districtRank = new Map<string, number>();
  await dataSource.transaction(async (em) => {
    const job = await em.save(em.create(Job, {
      kind: SCREENING, status: 'done', params: { asOf }, progressDone: result.evaluated, progressTotal: ids.length, cursor: String(ids[ids.length - 1] ?? 0),
      summary: summary as unknown as Record<string, unknown>, error: null, leaseOwner: null, heartbeatAt: null, createdBy: null, startedAt: at, finishedAt: at,
    }));
    const rows = order.map((r, i) => {
      const d = (districtRank.get(r.districtCode) ?? 0) + 1;
      districtRank.set(r.districtCode, d);
      return {
        runId: job.id, enterpriseId: r.enterpriseId, districtCode: r.districtCode, highTechField: r.highTechField, revenue: r.revenue, employees: r.employees,
        revenueBand: revenueBand(r.revenue), employeeBand: employeeBand(r.employees), score: Math.round(r.score * 1000), unmetCount: r.unmet.length, missingCount: r.missing.length,
        openCodes: r.open.join(',').slice(0, 255), reasons: r.reasons, districtRank: d, cityRank: i + 1, asOf, evaluatedAt: at,
      };
    });
    for (let i = 0; i < rows.length; i += 100) await em.insert(Seedling, rows.slice(i, i + 100) as never);
  });
  return summary;
}
