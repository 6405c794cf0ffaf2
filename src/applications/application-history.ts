import { defineHistory } from '../audit/history.service.js';
import { ApplicationHistory, type HistoryKind } from './application.entity.js';

/**
 * The applications' history table for `HistoryService.record`: transitions, comments, uploads,
 * repayments, subsidies, objections and batch moves of an application (kind defaults to transition).
 * Batches have no table of their own: their history is the audit log (BATCH_HISTORY).
 */
export const APPLICATION_HISTORY = defineHistory({
  entity: 'application',
  write: (em, r) =>
    em.insert(ApplicationHistory, {
      applicationId: r.subjectId, kind: (r.kind ?? 'transition') as HistoryKind, action: r.action, fromStatus: r.from, toStatus: r.to,
      actorId: r.actor.userId || null, actorName: r.actor.displayName.slice(0, 64), actorRole: r.actor.role, comment: r.note, isPublic: r.isPublic,
      data: r.data as never, at: r.at,
    }),
});

export const BATCH_HISTORY = defineHistory({ entity: 'application_batch' });
