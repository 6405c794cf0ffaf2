import { defineHistory } from '../audit/history.service.js';
import { CultivationHistory } from './cultivation.entity.js';

/** The pool memberships' history table for `HistoryService.record` (transitions, plan changes, links, re-evaluations). */
export const MEMBERSHIP_HISTORY = defineHistory({
  entity: 'cultivation_membership',
  write: (em, r) =>
    em.insert(CultivationHistory, {
      membershipId: r.subjectId, action: r.action ?? 'note', fromStatus: r.from, toStatus: r.to, actorId: r.actor.userId || null,
      actorName: r.actor.displayName.slice(0, 64), comment: r.note, data: r.data as never, at: r.at,
    }),
});
