import type { Actor } from '../auth/actor.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';

/**
 * What the home page shows whom: staff get their tasks and the radar, an enterprise user its own
 * summary, the auditor (who sees no enterprise data) a note on its audit-only scope. Pure.
 */
export interface HomeSections {
  tasks: boolean;
  radar: boolean;
  ownSummary: boolean;
  auditScope: boolean;
}

export function homeSections(actor: Actor): HomeSections {
  const staff = seesInternal(actor);
  return {
    tasks: staff,
    radar: staff,
    ownSummary: actor.role === 'enterprise' && !!actor.enterpriseId,
    auditScope: actor.role === 'auditor',
  };
}

/** The inbox badge: every signed-in user except the auditor (who gets no notifications). */
export function hasInbox(actor: Actor): boolean {
  return actor.role !== 'auditor';
}
