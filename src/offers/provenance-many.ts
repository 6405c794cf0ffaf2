import type { DataSource } from 'typeorm';
import type { Provenance } from '../policy/criterion-sources.js';

/**
 * loadProvenance (src/policy/fact-provenance.ts) for many enterprises at once — the same four
 * questions, each one query over the id list — so freezing the evaluations of a run's new offers
 * costs four queries per chunk, not four per offer.
 */
export async function loadProvenanceMany(dataSource: DataSource, ids: readonly number[], beforeYear: number, asOf: string): Promise<Map<number, Provenance>> {
  const out = new Map<number, Provenance>();
  if (!ids.length) return out;
  const pg = dataSource.options.type === 'postgres';
  const list = ids.map((_, i) => (pg ? `$${i + 1}` : '?')).join(',');
  const p = (i: number) => (pg ? `$${ids.length + i}` : '?');
  const [figures, ledgers, flags, checks] = (await Promise.all([
    dataSource.query(`SELECT DISTINCT enterprise_id, source FROM annual_financials WHERE enterprise_id IN (${list}) AND year >= ${p(1)} AND year < ${p(2)}`, [...ids, beforeYear - 4, beforeYear]),
    dataSource.query(`SELECT enterprise_id, year, source FROM rd_ledger WHERE enterprise_id IN (${list}) AND year < ${p(1)}`, [...ids, beforeYear]),
    dataSource.query(`SELECT DISTINCT enterprise_id, source FROM credit_flag WHERE enterprise_id IN (${list}) AND flagged_on <= ${p(1)}`, [...ids, asOf]),
    dataSource.query(`SELECT DISTINCT enterprise_id, subject, source FROM fact_check WHERE enterprise_id IN (${list}) AND checked_on <= ${p(1)}`, [...ids, asOf]),
  ])) as { enterprise_id: number | string; source: unknown; year?: number | string; subject?: string }[][];
  const sets = new Map<number, Record<string, Set<string>>>();
  const add = (id: number | string, subject: string, source: unknown) => {
    if (!source) return;
    const key = Number(id);
    const entry = sets.get(key) ?? {};
    (entry[subject] ??= new Set()).add(String(source));
    sets.set(key, entry);
  };
  for (const r of figures) add(r.enterprise_id, 'financials', r.source);
  // The latest completed-year ledger only.
  const latest = new Map<number, { year: number; source: unknown }>();
  for (const r of ledgers) {
    const prev = latest.get(Number(r.enterprise_id));
    if (!prev || Number(r.year) > prev.year) latest.set(Number(r.enterprise_id), { year: Number(r.year), source: r.source });
  }
  for (const [id, l] of latest) add(id, 'rd-ledger', l.source);
  for (const r of flags) add(r.enterprise_id, 'credit', r.source);
  for (const r of checks) add(r.enterprise_id, r.subject === 'credit' ? 'credit' : String(r.subject), r.source);
  const sorted = (s?: Set<string>) => [...(s ?? [])].sort();
  for (const id of ids) {
    const e = sets.get(id) ?? {};
    out.set(id, { financials: sorted(e.financials), 'rd-ledger': sorted(e['rd-ledger']), credit: sorted(e.credit), 'ip-assets': sorted(e['ip-assets']), qualifications: sorted(e.qualifications) });
  }
  return out;
}
