import type { DataSource } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import { AuditEntry } from './audit-entry.entity.js';

export const AUDIT_TRIGGERS = ['trg_audit_entry_no_update', 'trg_audit_entry_no_delete'] as const;

export interface ChainReport {
  ok: boolean;
  /** Entries checked (all of them when ok). */
  checked: number;
  /** The first entry where the chain breaks, and why: its content was changed ('content'), or the
   *  entry before it is missing or was replaced ('link'), or it was never chained ('unchained'). */
  brokenAt: { id: number; reason: 'content' | 'link' | 'unchained' } | null;
  /** The newest entry: note its id and hash elsewhere to detect a truncated tail later. */
  head: { id: number; hash: string } | null;
  /** The triggers that refuse UPDATE/DELETE are in place. */
  triggersPresent: boolean;
  checkedAt: Date;
}

const BATCH = 1000;

/** Walks the whole audit log in id order and recomputes every hash. Read-only. */
export async function verifyAuditChain(dataSource: DataSource): Promise<ChainReport> {
  const repo = dataSource.getRepository(AuditEntry);
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  let head: ChainReport['head'] = null;
  const triggersPresent = await auditTriggersPresent(dataSource);
  for (;;) {
    const rows = await repo.createQueryBuilder('a').where('a.id > :lastId', { lastId }).orderBy('a.id', 'ASC').limit(BATCH).getMany();
    if (!rows.length) break;
    for (const row of rows) {
      const broken = (reason: 'content' | 'link' | 'unchained'): ChainReport => ({ ok: false, checked, brokenAt: { id: row.id, reason }, head, triggersPresent, checkedAt: new Date() });
      if (!row.hash || !row.prevHash) return broken('unchained');
      if (row.prevHash !== prev) return broken('link');
      if (chainHash(row.prevHash, row) !== row.hash) return broken('content');
      prev = row.hash;
      checked++;
      head = { id: row.id, hash: row.hash };
    }
    lastId = rows[rows.length - 1]!.id;
  }
  return { ok: triggersPresent, checked, brokenAt: null, head, triggersPresent, checkedAt: new Date() };
}

export async function auditTriggersPresent(dataSource: DataSource): Promise<boolean> {
  const rows: { name: string }[] =
    dataSource.options.type === 'postgres'
      ? await dataSource.query("SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal")
      : await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'");
  const names = new Set(rows.map((r) => r.name));
  return AUDIT_TRIGGERS.every((t) => names.has(t));
}
