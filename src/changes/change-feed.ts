/**
 * The change feed's vocabulary (pure): which audited entities a feed type covers, whether an entry
 * is an upsert or a delete, and the cursor. The feed is read from the audit chain (audit_entry),
 * which every change writes in its own transaction, in commit order (PostgreSQL appends under the
 * chain's advisory lock; SQLite has one writer) — so an id cursor never skips a change that commits
 * later, and nothing is lost across restarts.
 */
export const FEED_TYPES = ['enterprise', 'financials', 'recognition', 'application', 'offer', 'project', 'kpi'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/**
 * Audited entity → feed type. A change to a record of the file (contact, IP, qualification, credit,
 * checks, ledger) is an `enterprise` change: the consumer re-reads the file named by `enterpriseId`.
 */
const ENTITY_TYPES: ReadonlyMap<string, FeedType> = new Map<string, FeedType>([
  ['enterprise', 'enterprise'],
  ['contact', 'enterprise'],
  ['ip_asset', 'enterprise'],
  ['qualification', 'enterprise'],
  ['credit_flag', 'enterprise'],
  ['fact_check', 'enterprise'],
  ['rd_ledger', 'enterprise'],
  ['annual_financials', 'financials'],
  ['recognition', 'recognition'],
  ['application', 'application'],
  ['offer', 'offer'],
  ['project', 'project'],
  ['kpi_figures', 'kpi'],
]);

export function feedTypeOf(entity: string): FeedType | null {
  return ENTITY_TYPES.get(entity) ?? null;
}

/** The audited entities behind the requested types (for the indexed `entity IN (…)` filter). */
export function entitiesOf(types: readonly FeedType[]): string[] {
  return [...ENTITY_TYPES].filter(([, t]) => types.includes(t)).map(([e]) => e);
}

const DELETE_ACTIONS = new Set(['delete', 'delete-draft', 'remove']);

/** A record that ceased to exist (deleted, merged away) is a `delete`; anything else an `upsert`. */
export function opOf(action: string, entity: string, after: unknown): 'upsert' | 'delete' {
  if (DELETE_ACTIONS.has(action) || action.endsWith('.delete') || action.endsWith('.remove')) return entity === 'enterprise' || !SUB_RECORDS.has(entity) ? 'delete' : 'upsert';
  if (after && typeof after === 'object' && (after as { deleted?: unknown }).deleted === true && entity === 'enterprise') return 'delete';
  return 'upsert';
}

/** Records whose deletion is a change (upsert) of the enterprise file they belong to. */
const SUB_RECORDS = new Set(['contact', 'ip_asset', 'qualification', 'credit_flag', 'fact_check', 'rd_ledger']);

/** The id a consumer re-reads: the file for its sub-records, the record itself otherwise. */
export function feedIdOf(entity: string, entityId: string, enterpriseId: number | null): string {
  return SUB_RECORDS.has(entity) && enterpriseId !== null ? String(enterpriseId) : entityId;
}

/** Cursors are opaque to clients: "c" + the audit entry id in base 36. */
export function encodeCursor(id: number): string {
  return `c${id.toString(36)}`;
}

export function decodeCursor(cursor: string | undefined | null): number | null {
  if (cursor === undefined || cursor === null || cursor === '' || cursor === '0') return 0;
  const m = /^c([0-9a-z]{1,11})$/.exec(cursor);
  if (!m) return null;
  const n = parseInt(m[1]!, 36);
  return Number.isSafeInteger(n) ? n : null;
}
