import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { auditMany } from '../imports/audit-many.js';
import type { OfferAudit } from './matching.js';

/** The audit writer of matching: auditMany (changed fields, request id) as the given actor, entity `offer`. */
export function offerAuditor(actor: Actor): (em: EntityManager, entries: OfferAudit[]) => Promise<void> {
  return (em, entries) => auditMany(em, actor, entries.map((e) => ({ ...e, entity: 'offer' })));
}
