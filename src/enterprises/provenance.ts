import type { Actor } from '../auth/actor.js';
import { now } from '../common/clock.js';
import { enforce } from '../common/policy.js';
import { decideFactSource } from './enterprise.policy.js';

/** The provenance columns every stored fact carries (api.md "Facts and provenance"). */
export interface ProvenanceColumns {
  source: string;
  sourceAsOf: string | null;
  recordedBy: number | null;
  recordedAt: Date | null;
}

/**
 * Provenance of a fact written by a form or the API: the source the actor may claim (omitted →
 * `enterprise` for an enterprise user, `officer` for staff; enterprise-policy decision), the
 * source's date, and who records it now. Throws the policy's 400 for a claim the actor may not make.
 */
export function recordedBy(actor: Actor, given: { source?: string; sourceAsOf?: string }): ProvenanceColumns {
  const decision = decideFactSource(actor, given.source);
  enforce(decision);
  return { source: decision.source!, sourceAsOf: given.sourceAsOf ?? null, recordedBy: actor.userId || null, recordedAt: now() };
}

/** The four provenance fields of a fact resource in JSON (recordedAt as an ISO instant). */
export function provenanceJson(row: { source: string | null; sourceAsOf?: string | null; recordedBy?: number | null; recordedAt?: Date | string | null }) {
  return {
    source: row.source ?? null,
    sourceAsOf: row.sourceAsOf ?? null,
    recordedBy: row.recordedBy ?? null,
    recordedAt: row.recordedAt ? new Date(row.recordedAt).toISOString() : null,
  };
}
