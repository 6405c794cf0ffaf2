import type { DataSource } from 'typeorm';
import type { Provenance } from './criterion-sources.js';

/**
 * Where one enterprise's stored facts came from, as the evaluation at asOf reads them: the sources
 * of the figures of N-4 … N-1, of the latest completed-year R&D ledger, of the credit listings and
 * the credit check, of the IP and qualification checks (those lists carry no source of their own), and of the
 * SRDI facts and yearly SRDI figures.
 */
export async function loadProvenance(dataSource: DataSource, enterpriseId: number, beforeYear: number, asOf: string): Promise<Provenance> {
  const p = (i: number) => (dataSource.options.type === 'postgres' ? `$${i}` : '?');
  const distinct = (rows: { source: unknown }[]) => [...new Set(rows.map((r) => String(r.source ?? '')).filter(Boolean))].sort();
  const [figures, ledger, flags, checks, srdiFacts, srdiYears] = await Promise.all([
    dataSource.query(`SELECT DISTINCT source FROM annual_financials WHERE enterprise_id = ${p(1)} AND year >= ${p(2)} AND year < ${p(3)}`, [enterpriseId, beforeYear - 4, beforeYear]),
    dataSource.query(`SELECT source FROM rd_ledger WHERE enterprise_id = ${p(1)} AND year < ${p(2)} ORDER BY year DESC LIMIT 1`, [enterpriseId, beforeYear]),
    dataSource.query(`SELECT DISTINCT source FROM credit_flag WHERE enterprise_id = ${p(1)} AND flagged_on <= ${p(2)}`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT subject, source FROM fact_check WHERE enterprise_id = ${p(1)} AND checked_on <= ${p(2)}`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT source FROM srdi_fact WHERE enterprise_id = ${p(1)}`, [enterpriseId]),
    dataSource.query(`SELECT DISTINCT source FROM srdi_year WHERE enterprise_id = ${p(1)} AND year < ${p(2)}`, [enterpriseId, beforeYear]),
  ]) as [{ source: unknown }[], { source: unknown }[], { source: unknown }[], { subject: string; source: unknown }[], { source: unknown }[], { source: unknown }[]];
  const checked = (subject: string) => distinct(checks.filter((c) => c.subject === subject));
  return {
    financials: distinct(figures),
    'rd-ledger': distinct(ledger),
    credit: [...new Set([...distinct(flags), ...checked('credit')])].sort(),
    'ip-assets': checked('ip-assets'),
    qualifications: checked('qualifications'),
    srdi: [...new Set([...distinct(srdiFacts), ...distinct(srdiYears)])].sort(),
  };
}
