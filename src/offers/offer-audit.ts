import type { EntityManager } from 'typeorm';
import { defineHistory, type HistoryService } from '../audit/history.service.js';
import type { Actor } from '../auth/actor.js';
import type { OfferAudit } from './matching.js';

/** Offers keep their history in the audit log alone (as batches and rule sets do): entity `offer`. */
export const OFFER_HISTORY = defineHistory({ entity: 'offer' });

/** The machine's action of an audit key (`offer.withdraw` → `withdraw`). */
const machineAction = (key: string): string => key.replace(/^offer\./, '');
const statusOf = (o: Record<string, unknown> | null | undefined): string | null | undefined =>
  (o && typeof o.status === 'string' ? o.status : o === undefined ? undefined : null);

/**
 * The history writer of matching: one HistoryService.recordMany per transaction as the given
 * actor, keeping the audit wording matching has always written (offer.create/reopen/withdraw/expire).
 * Entries without an offer status (a rule-change notice) are written as audit entries of the same entity.
 */
export function offerRecorder(history: HistoryService, actor: Actor): (em: EntityManager, entries: OfferAudit[]) => Promise<void> {
  return (em, entries) => history.recordMany(em, actor, entries.map((e) => ({
    subject: { table: OFFER_HISTORY, id: e.entityId, enterpriseId: e.enterpriseId },
    action: machineAction(e.action), from: statusOf(e.before), to: statusOf(e.after),
    audit: { action: e.action, before: e.before ?? null, after: e.after ?? null },
  })));
}
