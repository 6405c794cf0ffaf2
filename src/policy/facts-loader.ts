import { isPostgres, type Queryable } from '../database/queryable.js';
import { todayIso } from '../common/format.js';
import { flagFact } from '../enterprises/credit-status.js';
import { attachSrdiFacts } from '../srdi/srdi-loader.js';
import { attachTechSmeListings } from '../rd-post-subsidy/tech-sme-listings-loader.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, RD_EXPENSE_MONEY_FIELDS, type Facts, type FinancialYear, type RdExpenseDetail } from './engine/facts.js';

const MONEY_COLUMNS = FINANCIAL_MONEY_FIELDS.map((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
const RD_COLUMNS = RD_EXPENSE_MONEY_FIELDS.map((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
const COUNT_COLUMNS = FINANCIAL_COUNT_FIELDS.map((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

function placeholders(dataSource: Queryable, n: number, offset = 0): string {
  return isPostgres(dataSource) ? Array.from({ length: n }, (_, i) => `$${i + 1 + offset}`).join(',') : Array(n).fill('?').join(',');
}

const bool = (v: unknown) => (v === null || v === undefined ? undefined : v === true || v === 1 || v === '1' || v === 't');

/**
 * Facts of many stored enterprises at once: seven set-based queries per chunk (three more for the SRDI facts) instead of seven per
 * enterprise, raw rows instead of entities (the batch evaluation and the impact preview read
 * 120,000 files this way). `beforeYear` drops fiscal years that have not ended (N and later).
 * `asOf` (default: today, at most the end of year N) decides which credit listings are in force
 * and which checks had been made; callers that evaluate at a date pass it. Inside a transaction,
 * pass its EntityManager: the facts are then read on its connection, its own writes included.
 */
export async function loadFacts(dataSource: Queryable, ids: number[], beforeYear: number, asOf?: string): Promise<Map<number, Facts>> {
  const at = asOf ?? [todayIso(), `${beforeYear}-12-31`].sort()[0]!;
  const out = new Map<number, Facts>();
  if (!ids.length) return out;
  // Chunks are id-ordered, so one index range scan per table beats a long IN list; rows of ids
  // outside the chunk (deleted files in the range) are skipped below.
  const range = `BETWEEN ${placeholders(dataSource, 1)} AND ${placeholders(dataSource, 1, 1)}`;
  const bounds = [Math.min(...ids), Math.max(...ids)];
  const [enterprises, financials, ips, quals, flags, ledgers, checks] = await Promise.all([
    dataSource.query(`SELECT id, uscc, name, district_code, established_on, industry_code, tax_mode, high_tech_field, rd_ledger, restricted_category FROM enterprise WHERE id ${range}`, bounds),
    dataSource.query(`SELECT * FROM annual_financials WHERE enterprise_id ${range} ORDER BY enterprise_id, year`, bounds),
    dataSource.query(`SELECT enterprise_id, kind, number, status, granted_on, expires_on, acquisition, used_in_high_tech_application, related_to_main_products FROM ip_asset WHERE enterprise_id ${range}`, bounds),
    dataSource.query(`SELECT enterprise_id, kind, level, rank, position_rank, amount, obtained_on, valid_until, ranking FROM qualification WHERE enterprise_id ${range}`, bounds),
    dataSource.query(`SELECT enterprise_id, kind, flagged_on, removed_on FROM credit_flag WHERE enterprise_id ${range}`, bounds),
    // The latest ledger of a completed fiscal year is the claim (rdExpenseDetail, rules.md §4.5).
    dataSource.query(`SELECT * FROM rd_ledger WHERE enterprise_id ${range} AND year < ${placeholders(dataSource, 1, 2)} ORDER BY enterprise_id, year`, [...bounds, beforeYear]),
    dataSource.query(`SELECT DISTINCT enterprise_id, subject FROM fact_check WHERE enterprise_id ${range} AND checked_on <= ${placeholders(dataSource, 1, 2)}`, [...bounds, at]),
  ]) as [Row[], Row[], Row[], Row[], Row[], Row[], Row[]];
  const wanted = new Set(ids);

  for (const e of enterprises) {
    if (!wanted.has(Number(e.id))) continue;
    const enterprise: Facts['enterprise'] = { uscc: String(e.uscc), name: String(e.name), districtCode: String(e.district_code), flags: [] };
    if (e.established_on) enterprise.establishedOn = String(e.established_on);
    if (e.industry_code) enterprise.industryCode = String(e.industry_code);
    if (e.tax_mode) enterprise.taxMode = e.tax_mode as never;
    if (e.high_tech_field) enterprise.highTechField = e.high_tech_field as never;
    if (e.rd_ledger !== null && e.rd_ledger !== undefined) enterprise.rdLedger = e.rd_ledger === true || e.rd_ledger === 1;
    if (e.restricted_category !== null && e.restricted_category !== undefined) enterprise.restrictedCategory = e.restricted_category === true || e.restricted_category === 1;
    // Never checked → false, so an empty list is unknown (`missing`), not none (api.md Facts).
    enterprise.ipChecked = false;
    enterprise.qualificationsChecked = false;
    enterprise.creditChecked = false;
    out.set(Number(e.id), { enterprise, financials: [], ipAssets: [], qualifications: [] });
  }
  for (const c of checks) {
    const facts = out.get(Number(c.enterprise_id));
    if (!facts) continue;
    if (c.subject === 'ip-assets') facts.enterprise.ipChecked = true;
    else if (c.subject === 'qualifications') facts.enterprise.qualificationsChecked = true;
    else if (c.subject === 'credit') facts.enterprise.creditChecked = true;
  }
  for (const l of ledgers) {
    const facts = out.get(Number(l.enterprise_id));
    if (!facts) continue;
    // Rows are year-ordered: the last one wins, i.e. the latest completed year.
    facts.rdExpenseDetail = ledgerDetail(l);
    // A ledger on file is a ledger kept, unless the file says otherwise.
    if (facts.enterprise.rdLedger === undefined) facts.enterprise.rdLedger = true;
  }
  for (const f of financials) {
    const facts = out.get(Number(f.enterprise_id));
    if (!facts || Number(f.year) >= beforeYear) continue;
    const year: Record<string, number> = { year: Number(f.year) };
    for (const [key, col] of MONEY_COLUMNS) if (f[col] !== null && f[col] !== undefined) year[key] = Number(f[col]) / 100;
    for (const [key, col] of COUNT_COLUMNS) if (f[col] !== null && f[col] !== undefined) year[key] = Number(f[col]);
    (facts.financials as FinancialYear[]).push(year as unknown as FinancialYear);
  }
  for (const a of ips) {
    const facts = out.get(Number(a.enterprise_id));
    if (!facts) continue;
    (facts.ipAssets as object[]).push({
      kind: a.kind, number: a.number, status: a.status, grantedOn: str(a.granted_on), expiresOn: str(a.expires_on), acquisition: a.acquisition,
      usedInHighTechApplication: a.used_in_high_tech_application === true || a.used_in_high_tech_application === 1,
      relatedToMainProducts: a.related_to_main_products === true || a.related_to_main_products === 1,
    });
  }
  for (const q of quals) {
    const facts = out.get(Number(q.enterprise_id));
    if (!facts) continue;
    (facts.qualifications as object[]).push({
      kind: q.kind, level: str(q.level), rank: str(q.rank),
      unitRank: q.kind === 'st-award' ? num(q.position_rank) : undefined,
      drafterRank: q.kind === 'standard-drafting' ? num(q.position_rank) : undefined,
      amount: q.amount === null || q.amount === undefined ? undefined : Number(q.amount) / 100,
      on: str(q.obtained_on), validUntil: str(q.valid_until), ranking: str(q.ranking),
    });
  }
  for (const fl of flags) {
    const facts = out.get(Number(fl.enterprise_id));
    if (!facts) continue;
    const fact = flagFact({ kind: String(fl.kind), listedOn: String(fl.flagged_on), removedOn: str(fl.removed_on) ?? null }, at);
    if (fact) (facts.enterprise.flags as object[]).push(fact);
  }
  // The SRDI ladder's facts (rules.md §7): facts, yearly figures, recognitions.
  await attachSrdiFacts(dataSource, out, bounds, beforeYear, at);
  await attachTechSmeListings(dataSource, out, bounds, at);
  return out;
}

/** One rd_ledger row → the engine's rdExpenseDetail (money from fen to yuan; unknown figures left out). */
export function ledgerDetail(l: Row): RdExpenseDetail {
  const d: Record<string, unknown> = { year: Number(l.year) };
  for (const [key, col] of RD_COLUMNS) if (l[col] !== null && l[col] !== undefined) d[key] = Number(l[col]) / 100;
  for (const [key, col] of [['manufacturing', 'manufacturing'], ['icOrMachineTool', 'ic_or_machine_tool'], ['techSme', 'tech_sme']] as const) {
    const b = bool(l[col]);
    if (b !== undefined) d[key] = b;
  }
  if (l.projects) d.projects = JSON.parse(String(l.projects)) as unknown;
  return d as RdExpenseDetail;
}
