import { isPostgres, type Queryable } from '../database/queryable.js';
import { SRDI_PROGRAMS, type Facts, type SrdiFacts, type SrdiYearFact } from '../policy/engine/facts.js';
import { applyFact } from './srdi-facts.js';

type Row = Record<string, unknown>;
const p = (dataSource: Queryable, i: number) => (isPostgres(dataSource) ? `$${i}` : '?');

/**
 * The SRDI facts of the stored files in an id range, set-based like loadFacts (three queries per
 * chunk): the facts with their verification, the yearly figures of completed years (< beforeYear),
 * and the SRDI recognitions granted by asOf. A file with none of them gets no `srdi` (every SRDI
 * fact unknown) except `recognitions: []` — the bureau's own records say which recognitions it holds.
 */
export async function attachSrdiFacts(dataSource: Queryable, out: Map<number, Facts>, bounds: number[], beforeYear: number, asOf: string): Promise<void> {
  if (!out.size) return;
  const range = `BETWEEN ${p(dataSource, 1)} AND ${p(dataSource, 2)}`;
  const tiers = SRDI_PROGRAMS.map((_, i) => p(dataSource, i + 4)).join(',');
  const [facts, years, recognitions] = (await Promise.all([
    dataSource.query(`SELECT enterprise_id, fact, value, verified_by FROM srdi_fact WHERE enterprise_id ${range}`, bounds),
    dataSource.query(`SELECT enterprise_id, year, equity_financing, rd_staff FROM srdi_year WHERE enterprise_id ${range} AND year < ${p(dataSource, 3)} ORDER BY enterprise_id, year`, [...bounds, beforeYear]),
    dataSource.query(
      `SELECT enterprise_id, tier, valid_from, valid_until FROM recognition WHERE enterprise_id ${range} AND valid_from <= ${p(dataSource, 3)} AND tier IN (${tiers})`,
      [...bounds, asOf, ...SRDI_PROGRAMS],
    ),
  ])) as [Row[], Row[], Row[]];
  const srdi = (id: number): SrdiFacts | undefined => {
    const f = out.get(id);
    if (!f) return undefined;
    return (f.srdi ??= { recognitions: [] });
  };
  for (const [, f] of out) f.srdi = { recognitions: [] };
  for (const r of facts) {
    const s = srdi(Number(r.enterprise_id));
    if (s) applyFact(s, String(r.fact), String(r.value), r.verified_by !== null && r.verified_by !== undefined);
  }
  for (const r of years) {
    const s = srdi(Number(r.enterprise_id));
    if (!s) continue;
    const y: SrdiYearFact = { year: Number(r.year) };
    if (r.equity_financing !== null && r.equity_financing !== undefined) y.equityFinancing = Number(r.equity_financing) / 100;
    if (r.rd_staff !== null && r.rd_staff !== undefined) y.rdStaff = Number(r.rd_staff);
    ((s.years ??= []) as SrdiYearFact[]).push(y);
  }
  for (const r of recognitions) {
    const s = srdi(Number(r.enterprise_id));
    if (s) (s.recognitions as object[]).push({ program: String(r.tier), validFrom: String(r.valid_from), validUntil: String(r.valid_until) });
  }
}
