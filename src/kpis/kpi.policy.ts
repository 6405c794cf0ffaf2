import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { decideEnterprise, decideFactSource, enterpriseCan, figuresSelfReported } from '../enterprises/enterprise.policy.js';

/**
 * Who may write a file's KPI figures: whoever may report its figures (an enterprise its own file, an
 * officer the files of its district or zone, an administrator) — the enterprise policy's
 * `reportFigures`; visibility of the file is the access scope's (hidden → 404). Managers read only.
 */
export function decideKpiWrite(actor: Actor): Decision {
  return decideEnterprise(actor, 'reportFigures');
}

/** The provenance a write may claim: omitted → enterprise/officer; an enterprise only `enterprise`. */
export function decideKpiSource(actor: Actor, source: string | undefined): Decision & { source?: string } {
  return decideFactSource(actor, source);
}

/** Flags for the file's KPI card. */
export function kpiCan(actor: Actor): { write: boolean; chooseSource: boolean } {
  return { write: enterpriseCan(actor).reportFigures, chooseSource: !figuresSelfReported(actor) };
}
