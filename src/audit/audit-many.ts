import type { EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';
import { diff, type AuditChange } from './audit.service.js';
import type { Actor } from '../auth/actor.js';
import { currentRequestId } from '../common/request-context.js';

/**
 * The same entries AuditService.record writes (changed fields only, request id, actor), for the
 * thousands of records one import touches: inserted in batches through the caller's transaction,
 * so they commit or roll back with the import.
 */
export async function auditMany(em: EntityManager, actor: Actor, changes: AuditChange[]): Promise<void> {
  const at = new Date();
  const requestId = currentRequestId();
  const rows = changes.map((c) => {
    const { before, after } = diff(c.before, c.after);
    return {
      at, actorId: actor.userId || null, actorUsername: actor.username, action: c.action, entity: c.entity, entityId: String(c.entityId),
      enterpriseId: c.enterpriseId ?? null, before, after, requestId,
    };
  });
  for (let i = 0; i < rows.length; i += 300) {
    await em.createQueryBuilder().insert().into(AuditEntry).values(rows.slice(i, i + 300) as never).updateEntity(false).execute();
  }
}
