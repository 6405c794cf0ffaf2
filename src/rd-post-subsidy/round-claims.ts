import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError } from '../common/errors.js';
import { proRata, toFen } from './pro-rata.js';
import { RdPostSubsidyClaim, RdPostSubsidyRound } from './rd-post-subsidy.entities.js';

/** What an approved post-subsidy application brings to its round. */
export interface ApprovedApplication {
  id: number;
  enterpriseId: number;
  year: number;
}

/**
 * Approved R&D post-subsidy applications as claims of their round (rules.md §8). Runs inside the
 * approval's transaction: the claim (the amount frozen at submission) is added, and every claim of
 * the round is scaled again to the budget, so the round's page, list and payments always stand on
 * the approved applications. Plain functions over the caller's EntityManager (no module wiring).
 */
export async function claimFromApplication(em: EntityManager, audit: AuditService, actor: Actor, app: ApprovedApplication, amountYuan: number): Promise<Record<string, unknown>> {
  const round = await em.findOneBy(RdPostSubsidyRound, { year: app.year });
  // The guards checked this; a round published meanwhile takes no new claim.
  if (!round || round.status === 'published') throw new ConflictError(`The ${app.year} round takes no more claims`, [{ field: 'year', message: 'the round is published or missing' }], 'application.veto.rdRoundPublished');
  if (await em.existsBy(RdPostSubsidyClaim, { roundId: round.id, enterpriseId: app.enterpriseId })) {
    throw new ConflictError(`The enterprise already has a claim in the ${app.year} round`, [{ field: 'year', message: 'a claim of this enterprise exists in the round' }], 'application.rdDuplicate');
  }
  const requested = Number(toFen(amountYuan));
  const saved = await em.save(em.create(RdPostSubsidyClaim, { roundId: round.id, enterpriseId: app.enterpriseId, requested, granted: requested, status: 'granted', paidOn: null, paymentReference: null, paidBy: null }));
  const scaled = await rescaleRound(em, round);
  const claim = await em.findOneByOrFail(RdPostSubsidyClaim, { id: saved.id });
  await audit.record(em, actor, {
    action: 'create', entity: 'rd_post_subsidy_claim', entityId: saved.id, enterpriseId: app.enterpriseId,
    after: { roundId: round.id, year: round.year, applicationId: app.id, requested: requested / 100, granted: claim.granted / 100, factor: scaled.factor },
  });
  return { roundId: round.id, claimId: saved.id, requested: requested / 100, granted: claim.granted / 100, factor: scaled.factor, scaled: scaled.scaled };
}

/** Scales every claim of the round to its budget (pro rata when oversubscribed) and stores the totals. */
export async function rescaleRound(em: EntityManager, round: RdPostSubsidyRound): Promise<{ factor: string; scaled: boolean }> {
  const claims = await em.find(RdPostSubsidyClaim, { where: { roundId: round.id }, order: { id: 'ASC' } });
  const split = proRata(BigInt(round.budget), claims.map((c) => BigInt(c.requested)));
  for (const [i, c] of claims.entries()) {
    const granted = Number(split.granted[i]!);
    if (granted !== c.granted) await em.update(RdPostSubsidyClaim, { id: c.id }, { granted });
  }
  await em.createQueryBuilder().update(RdPostSubsidyRound)
    .set({ totalRequested: Number(split.totalRequested), totalGranted: Number(split.totalGranted), factor: split.factor, version: () => 'version + 1' } as never)
    .where('id = :id', { id: round.id }).execute();
  return { factor: split.factor, scaled: split.scaled };
}
