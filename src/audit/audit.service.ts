import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { paginate, type Page } from '../common/list-query.js';
import type { Actor } from '../auth/actor.js';
import { currentRequestId } from '../common/request-context.js';
import { AuditEntry } from './audit-entry.entity.js';
import { verifyAuditChain, type ChainReport } from './audit-verify.js';
import type { AuditListQueryDto } from './audit.dto.js';


export interface AuditChange {
  action: string;
  entity: string;
  entityId: string | number;
  enterpriseId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Keeps only the fields that changed, so an entry reads as "x: a → b". Secrets never enter. */
export function diff(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const strip = (o: Record<string, unknown> | null | undefined) => {
    if (!o) return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'passwordHash' || k === 'version' || k === 'updatedAt' || k === 'createdAt') continue;
      out[k] = v instanceof Date ? v.toISOString() : v;
    }
    return out;
  };
  const b = strip(before);
  const a = strip(after);
  if (!b || !a) return { before: b, after: a };
  const changedB: Record<string, unknown> = {};
  const changedA: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null)) {
      changedB[key] = b[key] ?? null;
      changedA[key] = a[key] ?? null;
    }
  }
  return { before: changedB, after: changedA };
}

export type AuditView = ReturnType<typeof mapAuditEntry>;

export function mapAuditEntry(e: AuditEntry) {
  return {
    id: e.id,
    at: e.at,
    actorId: e.actorId,
    actorUsername: e.actorUsername,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    enterpriseId: e.enterpriseId,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry using the caller's transaction manager, so the entry commits or rolls back
   * with the change it describes. AuditChainSubscriber chains it to the newest entry inside that
   * transaction; on PostgreSQL the chain lock needs a transaction, so a standalone write gets one.
   */
  async record(manager: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive && this.dataSource.options.type === 'postgres') {
      return this.dataSource.transaction((em) => this.record(em, actor, change));
    }
    const { before, after } = diff(change.before, change.after);
    await manager.getRepository(AuditEntry).insert({
      at: new Date(),
      actorId: actor.userId || null,
      actorUsername: actor.username,
      action: change.action,
      entity: change.entity,
      entityId: String(change.entityId),
      enterpriseId: change.enterpriseId ?? null,
      before: before as Record<string, any> | null,
      after: after as Record<string, any> | null,
      requestId: currentRequestId() ?? null,
    });
  }

  /** For changes that are a single write outside any other transaction. */
  recordStandalone(actor: Actor, change: AuditChange): Promise<void> {
    return this.dataSource.transaction((em) => this.record(em, actor, change));
  }

  /** The audit log, filtered, newest first (read by admins and auditors; nobody writes to it but record()). */
  async list(query: AuditListQueryDto): Promise<Page<AuditView>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actor) qb.andWhere('a.actor_username = :actor', { actor: query.actor });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    // Dates are Beijing calendar days.
    if (query.from) qb.andWhere('a.at >= :from', { from: new Date(`${query.from}T00:00:00+08:00`) });
    if (query.to) qb.andWhere('a.at < :to', { to: new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86400_000) });
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize ?? 50, sort: query.sort }, { at: 'a.at', id: 'a.id' }, '-id', 'a.id');
    return { ...page, items: page.items.map(mapAuditEntry) };
  }

  /** Recomputes the whole chain (the auditor's page and `npm run audit:verify`). */
  verify(): Promise<ChainReport> {
    return verifyAuditChain(this.dataSource);
  }
}
