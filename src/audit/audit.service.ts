import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { currentRequestId } from '../common/request-context.js';
import { AuditEntry } from './audit-entry.entity.js';

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

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry using the caller's transaction manager, so the entry commits or rolls back
   * with the change it describes.
   */
  async record(manager: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    const { before, after } = diff(change.before, change.after);
    const entry: Partial<AuditEntry> = {
      at: new Date(),
      actorId: actor.userId || null,
      actorUsername: actor.username,
      action: change.action,
      entity: change.entity,
      entityId: String(change.entityId),
      enterpriseId: change.enterpriseId ?? null,
      before,
      after,
      requestId: currentRequestId(),
    };
    await manager.getRepository(AuditEntry).insert(entry);
  }

  /** For changes that are a single write outside any other transaction. */
  recordStandalone(actor: Actor, change: AuditChange): Promise<void> {
    return this.record(this.dataSource.manager, actor, change);
  }
}
