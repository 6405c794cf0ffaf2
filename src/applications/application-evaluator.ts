import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import type { Locale } from '../i18n/locale.js';
import { EligibilityService } from '../policy/eligibility.service.js';
import type { ProgramResult } from '../policy/engine/criteria.js';
import { evaluate } from '../policy/engine/evaluate.js';
import type { AnyProgram, Facts, IpKind, IpStatus, SrdiProgram } from '../policy/engine/facts.js';
import type { RpAmount } from '../policy/engine/criteria.js';
import { evaluateIpPledge, type IpPledgeRequest, type IpPledgeResult } from '../policy/engine/ip-pledge.js';
import type { IpPledgeParams } from '../policy/engine/params.js';
import { RuleSetsService, toEngine } from '../policy/rule-sets/rule-sets.service.js';
import { ApplicationEvaluation, type Application } from './application.entity.js';
import { addMonths } from './workflow/working-days.js';

/** The IP-pledge programme parameters in effect (rules.md §5.3 defaults are provisional). */
export interface PledgeParams {
  version: string;
  params: IpPledgeParams;
  provisional: readonly string[];
}

/** The programme an application type is evaluated under. */
export function programOf(app: Pick<Application, 'type' | 'tier'>): AnyProgram | 'ip-pledge' {
  switch (app.type) {
    case 'tier-recognition':
      return app.tier as AnyProgram;
    case 'srdi-recognition':
      return app.tier as SrdiProgram;
    case 'rd-post-subsidy':
      return 'rd-post-subsidy';
    case 'high-tech-certification':
      return 'high-tech';
    case 'super-deduction-precheck':
      return 'super-deduction';
    default:
      return 'ip-pledge';
  }
}

export interface PledgeFormAsset {
  ipAssetId: number;
  feesPaid: boolean;
  disputed: boolean;
  coOwnersConsented?: boolean;
}

/**
 * The evaluation date of an R&D post-subsidy application of round `year` (the fiscal year whose
 * growth is rewarded): the end of the following year, or today when earlier — as the round does.
 */
export function rdPostSubsidyAsOf(year: number, today: string): string {
  const end = `${year + 1}-12-31`;
  return today < end ? today : end;
}

/** The post-subsidy claim of a result (yuan), or null when the result has none. */
export function rdClaimOf(result: { outcome?: unknown; amount?: unknown } | null | undefined): { outcome: string | null; amount: number | null; detail: RpAmount | null } {
  const a = result?.amount as RpAmount | undefined;
  const detail = a && a.kind === 'rd-post-subsidy' ? a : null;
  return { outcome: typeof result?.outcome === 'string' ? result.outcome : null, amount: detail ? detail.subsidy : null, detail };
}

export interface FrozenEvaluation {
  asOf: string;
  ruleSets: Record<string, string>;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
  outcome: string;
}

/**
 * Evaluates an application's enterprise with the pure engine and freezes the result: rule-set
 * versions, the input snapshot (the file's facts plus what the form adds) and the result.
 */
@Injectable()
export class ApplicationEvaluator {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  /** The IP-pledge parameters in effect on asOf (the published rule set of programme ip-pledge). */
  async pledgeParams(asOf: string): Promise<PledgeParams> {
    const row = await this.ruleSets.resolveOne('ip-pledge', asOf);
    const rs = toEngine<'ip-pledge'>(row);
    return { version: rs.version, params: rs.params, provisional: rs.provisional };
  }

  /** The IPP-* request for the pledged assets of a loan form (assets read fresh from the file). */
  async pledgeRequest(em: EntityManager, enterprise: Enterprise, assets: readonly PledgeFormAsset[], asOf: string, loanMaturity: string | null): Promise<IpPledgeRequest> {
    const ids = assets.map((a) => a.ipAssetId);
    const rows = ids.length ? await em.getRepository(IpAsset).find({ where: { id: In(ids), enterpriseId: enterprise.id } }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      asOf,
      pledgorUscc: enterprise.uscc,
      ...(loanMaturity ? { loanMaturity } : {}),
      assets: assets.map((a) => {
        const ip = byId.get(a.ipAssetId);
        return {
          kind: (ip?.kind ?? 'trademark') as IpKind,
          number: ip?.number ?? `#${a.ipAssetId}`,
          ...(ip ? { status: ip.status as IpStatus } : {}),
          ...(ip?.expiresOn ? { expiresOn: ip.expiresOn } : {}),
          // The asset is on the pledgor's own file: the file records it as the owner.
          ...(ip ? { ownerUscc: enterprise.uscc } : {}),
          pledged: ip?.pledged ?? false,
          disputed: a.disputed,
          coOwners: ip?.coOwners ?? [],
          ...(a.coOwnersConsented !== undefined ? { coOwnersConsented: a.coOwnersConsented } : {}),
          feesPaid: a.feesPaid,
        };
      }),
    };
  }

  async checkPledge(request: IpPledgeRequest, locale: Locale): Promise<{ result: IpPledgeResult; version: string }> {
    const p = await this.pledgeParams(request.asOf);
    return { result: evaluateIpPledge(request, p.params, { locale }), version: p.version };
  }

  /** Evaluates the application as of `asOf` (for a preview, or to freeze). */
  async evaluate(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, today: string): Promise<FrozenEvaluation> {
    const program = programOf(app);
    // The post-subsidy reads the year after the round's (N-1 and N-2 figures of evaluation year N).
    const asOf = program === 'rd-post-subsidy' ? rdPostSubsidyAsOf(app.year, today) : today;
    const locale = actor.locale;
    if (program === 'ip-pledge') {
      const form = app.form as { assets?: PledgeFormAsset[]; termMonths?: number };
      const request = await this.pledgeRequest(em, enterprise, form.assets ?? [], asOf, form.termMonths ? addMonths(asOf, form.termMonths) : null);
      const { result, version } = await this.checkPledge(request, locale);
      return { asOf, ruleSets: { 'ip-pledge': version }, input: request as unknown as Record<string, unknown>, result: result as unknown as Record<string, unknown>, outcome: result.outcome };
    }
    const facts: Facts = { ...(await this.eligibility.factsOf(actor, enterprise.id, asOf, em)) };
    const form = app.form as { expertScores?: Facts['expertScores']; rdExpenseDetail?: Facts['rdExpenseDetail'] };
    if (program === 'high-tech' && form.expertScores) facts.expertScores = form.expertScores;
    if (program === 'super-deduction' && form.rdExpenseDetail) facts.rdExpenseDetail = { ...form.rdExpenseDetail, year: form.rdExpenseDetail.year ?? app.year };
    if (app.type === 'srdi-recognition') facts.srdi = withFormFacts(facts.srdi, app.form);
    const sets = await this.ruleSets.resolve(asOf);
    const response = evaluate({ asOf, programs: [program], facts }, sets, { locale });
    const programResult = response.results[0] as ProgramResult | undefined;
    // Rule sets older than the SRDI programmes or the post-subsidy have none for them.
    if (!programResult) return { asOf, ruleSets: {}, input: facts as unknown as Record<string, unknown>, result: { program, outcome: 'incomplete' }, outcome: 'incomplete' };
    const result: Record<string, unknown> = { ...programResult };
    if (app.type === 'tier-recognition') result.ladder = response.ladder;
    return { asOf, ruleSets: { [program]: programResult.ruleSet.version }, input: facts as unknown as Record<string, unknown>, result, outcome: programResult.outcome };
  }

  /** Stores the evaluation as the application's frozen one. */
  async freeze(em: EntityManager, app: Application, frozen: FrozenEvaluation, trigger: string): Promise<ApplicationEvaluation> {
    return em.getRepository(ApplicationEvaluation).save(em.create(ApplicationEvaluation, {
      applicationId: app.id, trigger, asOf: frozen.asOf, ruleSets: frozen.ruleSets, input: frozen.input, result: frozen.result, outcome: frozen.outcome,
    }));
  }

  /**
   * A frozen evaluation for display in the reader's language: when its rule-set version is still
   * the one in effect for its date, the engine (deterministic) re-renders the same result from the
   * frozen input; otherwise the stored result is shown as it was.
   */
  async render(app: Pick<Application, 'type' | 'tier' | 'year'>, stored: Pick<ApplicationEvaluation, 'asOf' | 'ruleSets' | 'input' | 'result'>, locale: Locale): Promise<Record<string, unknown>> {
    const program = programOf(app);
    try {
      if (program === 'ip-pledge') {
        const p = await this.pledgeParams(stored.asOf);
        if (stored.ruleSets['ip-pledge'] !== p.version) return stored.result;
        return evaluateIpPledge(stored.input as unknown as IpPledgeRequest, p.params, { locale }) as unknown as Record<string, unknown>;
      }
      const sets = await this.ruleSets.resolve(stored.asOf);
      if (!sets[program] || stored.ruleSets[program] !== sets[program].version) return stored.result;
      const response = evaluate({ asOf: stored.asOf, programs: [program], facts: stored.input as unknown as Facts }, sets, { locale });
      const result: Record<string, unknown> = { ...response.results[0] };
      if (app.type === 'tier-recognition') result.ladder = response.ladder;
      return result;
    } catch {
      return stored.result;
    }
  }
}

/**
 * The SRDI facts of the file with what the form states filled in where the file has nothing: the
 * file's recorded facts (with their provenance) win; the applicant's statement completes the
 * evaluation the reviewers see, as the HNTE self-assessed scores do.
 */
function withFormFacts(srdi: Facts['srdi'], form: Record<string, unknown>): Facts['srdi'] {
  const out = { ...(srdi ?? {}) };
  if (out.nicheMarket === undefined && typeof form.nicheMarket === 'string' && form.nicheMarket) out.nicheMarket = form.nicheMarket;
  if (out.nicheSince === undefined && typeof form.nicheSince === 'string' && form.nicheSince) out.nicheSince = form.nicheSince;
  if (out.srdiScore === undefined && typeof form.srdiScore === 'number') out.srdiScore = form.srdiScore;
  return out;
}
