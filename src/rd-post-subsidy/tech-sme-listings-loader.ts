import { isPostgres, type Queryable } from '../database/queryable.js';
import type { Facts, TechSmeListingFact } from '../policy/engine/facts.js';

const p = (dataSource: Queryable, i: number) => (isPostgres(dataSource) ? `$${i}` : '?');

/**
 * The tech-SME listings (recognitions of tier tech-sme granted by asOf) of the stored files in an id
 * range, set-based like loadFacts (one query per chunk), for RP-STATUS (rules.md §8). The bureau's own
 * records say which listings a file holds, so every file gets a list ([] = none).
 */
export async function attachTechSmeListings(dataSource: Queryable, out: Map<number, Facts>, bounds: number[], asOf: string): Promise<void> {
  if (!out.size) return;
  const rows = (await dataSource.query(
    `SELECT enterprise_id, valid_from, valid_until FROM recognition WHERE enterprise_id BETWEEN ${p(dataSource, 1)} AND ${p(dataSource, 2)} AND valid_from <= ${p(dataSource, 3)} AND tier = ${p(dataSource, 4)}`,
    [...bounds, asOf, 'tech-sme'],
  )) as Record<string, unknown>[];
  for (const [, f] of out) f.techSmeListings = [];
  for (const r of rows) {
    const f = out.get(Number(r.enterprise_id));
    if (!f) continue;
    const l: TechSmeListingFact = { validFrom: String(r.valid_from).slice(0, 10) };
    if (r.valid_until) l.validUntil = String(r.valid_until).slice(0, 10);
    (f.techSmeListings as TechSmeListingFact[]).push(l);
  }
}
