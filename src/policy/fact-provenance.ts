import type { DataSource } from 'typeorm';
import type { Provenance } from './criterion-sources.js';

/** Where a stored fact came from (api.md "Facts and provenance", rules.md §0). */
export const FACT_SOURCES = ['tax', 'market-regulation', 'ip-office', 'statistics', 'credit-china', 'enterprise', 'officer', 'import'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/**
 * rules.md §0: the sources a decision may rest on without anyone vouching for it again — the State's
 * registers and an officer's verification. `enterprise` (self-reported) and `import` (a file of
 * unstated origin) are not; neither is an unknown code.
 */
export const AUTHORITATIVE_SOURCES: readonly FactSource[] = ['tax', 'market-regulation', 'ip-office', 'statistics', 'credit-china', 'officer'];

/** Is a fact from this source authoritative (rules.md §0; fast-track offers, §11)? Pure. */
export function isAuthoritative(source: string | null | undefined): boolean {
  return typeof source === 'string' && (AUTHORITATIVE_SOURCES as readonly string[]).includes(source);
}

/** Sources an import may name (what the file is an extract of); `import` when it names none. */
export const IMPORT_SOURCES: readonly FactSource[] = ['tax', 'market-regulation', 'ip-office', 'statistics', 'credit-china', 'import'];

/**
 * Where one enterprise's stored facts came from, as the evaluation at asOf reads them: the sources
 * of the figures of N-4 … N-1, of the latest completed-year R&D ledger, of the credit listings and
 * the credit check, of the IP assets and qualifications on record at asOf with their checks (an
 * item and the check that says the list is complete are both facts the criterion rests on), and of
 * the SRDI facts and yearly SRDI figures.
 */
export async function loadProvenance(dataSource: DataSource, enterpriseId: number, beforeYear: number, asOf: string): Promise<Provenance> {
  const p = (i: number) => (dataSource.options.type === 'postgres' ? `$${i}` : '?');
  const distinct = (rows: { source: unknown }[]) => [...new Set(rows.map((r) => String(r.source ?? '')).filter(Boolean))].sort();
  const [figures, ledger, flags, checks, ip, qualifications, srdiFacts, srdiYears] = await Promise.all([
    dataSource.query(`SELECT DISTINCT source FROM annual_financials WHERE enterprise_id = ${p(1)} AND year >= ${p(2)} AND year < ${p(3)}`, [enterpriseId, beforeYear - 4, beforeYear]),
    dataSource.query(`SELECT source FROM rd_ledger WHERE enterprise_id = ${p(1)} AND year < ${p(2)} ORDER BY year DESC LIMIT 1`, [enterpriseId, beforeYear]),
    dataSource.query(`SELECT DISTINCT source FROM credit_flag WHERE enterprise_id = ${p(1)} AND flagged_on <= ${p(2)}`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT subject, source FROM fact_check WHERE enterprise_id = ${p(1)} AND checked_on <= ${p(2)}`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT source FROM ip_asset WHERE enterprise_id = ${p(1)} AND (granted_on IS NULL OR granted_on <= ${p(2)})`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT source FROM qualification WHERE enterprise_id = ${p(1)} AND obtained_on <= ${p(2)}`, [enterpriseId, asOf]),
    dataSource.query(`SELECT DISTINCT source FROM srdi_fact WHERE enterprise_id = ${p(1)}`, [enterpriseId]),
    dataSource.query(`SELECT DISTINCT source FROM srdi_year WHERE enterprise_id = ${p(1)} AND year < ${p(2)}`, [enterpriseId, beforeYear]),
  ]) as [{ source: unknown }[], { source: unknown }[], { source: unknown }[], { subject: string; source: unknown }[], { source: unknown }[], { source: unknown }[], { source: unknown }[], { source: unknown }[]];
  const checked = (subject: string) => distinct(checks.filter((c) => c.subject === subject));
  const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();
  return {
    financials: distinct(figures),
    'rd-ledger': distinct(ledger),
    credit: union(distinct(flags), checked('credit')),
    'ip-assets': union(distinct(ip), checked('ip-assets')),
    qualifications: union(distinct(qualifications), checked('qualifications')),
    srdi: union(distinct(srdiFacts), distinct(srdiYears)),
  };
}
