import { createHash } from 'node:crypto';

/**
 * The audit log is a hash chain: every entry stores the SHA-256 of the previous entry's hash and
 * its own canonical content, so changing, inserting or deleting an entry anywhere but at the very
 * end breaks the chain at that entry. Pure functions, shared by AuditService, the migration that
 * back-fills old entries and the verify command; the canonical form must never change.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  at: Date;
  actorId: number | null;
  actorUsername: string;
  action: string;
  entity: string;
  entityId: string;
  enterpriseId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The canonical text of one entry (a fixed field order, timestamps in ISO form with milliseconds). */
export function canonicalContent(e: ChainedContent): string {
  const at = e.at instanceof Date ? e.at : new Date(e.at);
  return canonicalJson({
    v: 1,
    at: at.toISOString(),
    actorId: e.actorId ?? null,
    actorUsername: e.actorUsername,
    action: e.action,
    entity: e.entity,
    entityId: String(e.entityId),
    enterpriseId: e.enterpriseId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: e.requestId ?? null,
  });
}

/** hash = SHA-256(previous hash ‖ canonical content), hex. */
export function chainHash(prevHash: string, e: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalContent(e)).digest('hex');
}
