import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Application, ApplicationEvaluation } from '../applications/application.entity.js';
import { referenceOf } from '../applications/application.mapper.js';
import { ApplicationsService } from '../applications/applications.service.js';
import { stageDeadline } from '../applications/workflow/deadlines.js';
import { machineOf } from '../applications/workflow/workflows.js';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY } from '../applications/application-history.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import { loadDeadlineRules } from '../calendar/deadline-rules.js';
import { now as clockNow } from '../common/clock.js';
import { InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { paginate, type Page } from '../common/list-query.js';
import { enforce } from '../common/policy.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { OFFER_HISTORY, offerRecorder } from './offer-audit.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService, type JobContext } from '../jobs/jobs.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { BatchEvaluationService, IMPACT_PREVIEW, type ImpactSummary } from '../policy/batch-evaluation.service.js';
import { evaluate, type EvaluationResponse } from '../policy/engine/evaluate.js';
import { withSources } from '../policy/criterion-sources.js';
import type { Program } from '../policy/engine/facts.js';
import { loadFacts } from '../policy/facts-loader.js';
import type { RuleSetRecord } from '../policy/rule-sets/rule-set.entity.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { runMatching, type MatchSummary, type OfferAudit } from './matching.js';
import { Offer, OFFER_STATUSES, type OfferStatus } from './offer.entity.js';
import { OFFER_MACHINE } from './offer-machine.js';
import { applicationFor, intakeStatus, isOfferProgramme, type OfferProgramme } from './offer-rules.js';
import { countsAsOpened, decideOffers, decideRespond } from './offer.policy.js';
import { takeUp, takeUpTable } from './take-up.js';
import { DashboardService } from '../reports/dashboard.service.js';

export const OFFER_MATCH = 'offer-match';

export interface OfferListQuery {
  programme?: string;
  districtCode?: string;
  status?: string;
  year?: number;
  enterpriseId?: number;
  page?: number;
  pageSize?: number;
}

export interface OfferItem {
  id: number;
  enterpriseId: number;
  programme: string;
  year: number;
  status: OfferStatus;
  fastTrack: boolean;
  evaluation: Offer['evaluation'];
  createdAt: Date;
  reason: string | null;
  expiresOn: string;
  openedAt: Date | null;
  acceptedAt: Date | null;
  applicationId: number | null;
  version: number;
}

export function mapOffer(o: Offer): OfferItem {
  return {
    id: o.id, enterpriseId: o.enterpriseId, programme: o.programme, year: o.year, status: o.status, fastTrack: !!o.fastTrack, evaluation: o.evaluation,
    createdAt: o.createdAt, reason: o.reason, expiresOn: o.expiresOn, openedAt: o.openedAt, acceptedAt: o.acceptedAt, applicationId: o.applicationId, version: o.version,
  };
}


/**
 * Offers (免申即享, rules.md §11, issue 15): matching after each batch evaluation and on demand,
 * the scoped list, the enterprise's answers (accept → an application filed from the offer, in the
 * status the fast track allows; decline → the reason) and the notices of a rule change.
 */
@Injectable()
export class OffersService implements OnModuleInit {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly history: HistoryService,
    private readonly jobs: JobsService,
    private readonly ruleSets: RuleSetsService,
    private readonly batch: BatchEvaluationService,
    private readonly applications: ApplicationsService,
    private readonly notifications: NotificationsService,
    private readonly dashboard: DashboardService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(OFFER_MATCH, (ctx) => this.runMatchJob(ctx));
    // Matching follows every batch evaluation (nightly, after an import or a publication, on demand).
    this.batch.afterBatch('offers', (asOf) => this.match(asOf) as unknown as Promise<Record<string, unknown>>);
    // The take-up sheet of the dashboard's XLSX export, under the reader's scope.
    this.dashboard.addExportTables(async (actor, year, districtCode) =>
      (decideOffers(actor, 'takeUp').allowed ? [takeUpTable(await takeUp(this.dataSource, scopeOf(actor), year, districtCode ?? undefined), actor.locale)] : []));
    this.ruleSets.onPublished(async (actor, record) => void (await this.afterPublication(actor, record)));
  }

  // ------------------------------------------------------------------------------------------
  // Matching

  /** Runs matching for asOf's year now (as the system), delivering e-mail copies after the commits. */
  async match(asOf: string = todayIso()): Promise<MatchSummary> {
    const summary = await runMatching(this.dataSource, {
      asOf, today: todayIso(), ruleSets: await this.ruleSets.resolve(asOf), expiryDays: this.config.offerExpiryDays,
      audit: offerRecorder(this.history, SYSTEM_ACTOR), offered: (em, offers) => this.tellOffered(em, offers),
    });
    void this.notifications.deliver(summary.notificationIds);
    return { ...summary, notificationIds: [] };
  }

  async startMatch(actor: Actor, asOf?: string | null): Promise<Job> {
    enforce(decideOffers(actor, 'match'));
    return this.jobs.enqueue(actor, OFFER_MATCH, { asOf: asOf ?? todayIso() });
  }

  private async runMatchJob(ctx: JobContext): Promise<Record<string, unknown>> {
    const summary = await this.match(String(ctx.job.params.asOf ?? todayIso()));
    const { notificationIds: _ids, ...rest } = summary;
    return rest as unknown as Record<string, unknown>;
  }

  /** The enterprise's users hear of each new offer (inbox, and e-mail when SMTP is set and they asked). */
  private async tellOffered(em: EntityManager, offers: Offer[]): Promise<number[]> {
    const ids: number[] = [];
    const enterprises = await em.getRepository(Enterprise).findBy(offers.map((o) => ({ id: o.enterpriseId })));
    const byId = new Map(enterprises.map((e) => [e.id, e]));
    for (const o of offers) {
      const e = byId.get(o.enterpriseId);
      if (!e) continue;
      const users = await this.notifications.recipients(em, { enterprise: { id: e.id, districtCode: e.districtCode, zoneCode: e.zoneCode }, roles: ['enterprise'] });
      ids.push(...(await this.notifications.notify(em, users, {
        kind: 'status', messageKey: 'offer.notice.new', params: { programme: o.programme, year: o.year, expiresOn: o.expiresOn }, link: `/offers/${o.id}`,
        dedupeKey: `offer:${o.id}:${o.version}`,
      })));
    }
    return ids;
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  private scoped(actor: Actor, em: EntityManager = this.dataSource.manager) {
    const qb = em.getRepository(Offer).createQueryBuilder('o').innerJoin(Enterprise, 'e', 'e.id = o.enterprise_id AND e.deleted_at IS NULL');
    applyScope(qb, 'e', scopeOf(actor));
    return qb;
  }

  async list(actor: Actor, query: OfferListQuery): Promise<Page<OfferItem>> {
    enforce(decideOffers(actor, 'read'));
    const qb = this.scoped(actor);
    if (query.programme !== undefined) {
      if (!isOfferProgramme(query.programme)) throw new InvalidInputError('Unknown programme', [{ field: 'programme', message: 'must be a programme code such as high-tech' }]);
      qb.andWhere('o.programme = :programme', { programme: query.programme });
    }
    if (query.status !== undefined) {
      if (!(OFFER_STATUSES as readonly string[]).includes(query.status)) throw new InvalidInputError('Unknown status', [{ field: 'status', message: `must be one of ${OFFER_STATUSES.join(', ')}` }]);
      qb.andWhere('o.status = :status', { status: query.status });
    }
    if (query.districtCode) qb.andWhere('e.district_code = :district', { district: query.districtCode });
    if (query.year !== undefined) qb.andWhere('o.year = :year', { year: query.year });
    if (query.enterpriseId !== undefined) qb.andWhere('o.enterprise_id = :eid', { eid: query.enterpriseId });
    // Open offers first, then the newest (the id breaks ties: ids grow with time).
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize }, { openFirst: "(CASE WHEN o.status = 'open' THEN 1 ELSE 0 END)" }, '-openFirst', 'o.id');
    return { ...page, items: page.items.map(mapOffer) };
  }

  /** One visible offer, or 404 (ids outside the scope do not leak). */
  async get(actor: Actor, id: number, em: EntityManager = this.dataSource.manager): Promise<{ offer: Offer; enterprise: Enterprise }> {
    enforce(decideOffers(actor, 'read'));
    if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('Offer');
    const offer = await this.scoped(actor, em).andWhere('o.id = :id', { id }).getOne();
    if (!offer) throw new NotFoundError('Offer');
    const enterprise = await em.findOneByOrFail(Enterprise, { id: offer.enterpriseId });
    return { offer, enterprise };
  }

  /** The offer page: the enterprise opening it for the first time stamps openedAt (audited). */
  async open(actor: Actor, id: number): Promise<{ offer: Offer; enterprise: Enterprise }> {
    const found = await this.get(actor, id);
    if (found.offer.openedAt || !countsAsOpened(actor)) return found;
    await this.dataSource.transaction(async (em) => {
      const at = clockNow();
      const res = await em.createQueryBuilder().update(Offer).set({ openedAt: at } as never).where('id = :id AND opened_at IS NULL', { id }).execute();
      if (!res.affected) return;
      found.offer.openedAt = at;
      // Not a status change: an entry of the offer's history with the established wording.
      await this.history.record(em, { subject: { table: OFFER_HISTORY, id, enterpriseId: found.offer.enterpriseId }, actor, action: null, audit: { action: 'offer.open', after: { openedAt: at.toISOString() } } });
    });
    return found;
  }

  /**
   * The explanation criterion by criterion, in the reader's language: the file evaluated at the
   * offer's asOf under the frozen rule-set versions (published rule sets never change), with the
   * frozen sources of each criterion.
   */
  async explain(actor: Actor, offer: Offer): Promise<EvaluationResponse | null> {
    const asOf = offer.evaluation.asOf;
    const facts = (await loadFacts(this.dataSource, [offer.enterpriseId], Number(asOf.slice(0, 4)), asOf)).get(offer.enterpriseId);
    if (!facts) return null;
    const ruleSets = await this.ruleSets.byVersions(offer.evaluation.ruleSets, asOf).catch(() => this.ruleSets.resolve(asOf));
    const response = evaluate({ asOf, programs: [offer.programme as Program], facts }, ruleSets, { locale: actor.locale });
    const sources = Object.fromEntries(offer.evaluation.criteria.map((c) => [c.code, c.sources]));
    return withSources(response, { [offer.programme]: sources });
  }

  // ------------------------------------------------------------------------------------------
  // Answers

  /**
   * Accepting: an application of the programme is created through the applications service (form
   * pre-filled from the file, its documents checklist) and filed from the offer straight into the
   * status rules.md §11 gives it (intakeStatus): district review, or past it on the fast track.
   */
  async accept(actor: Actor, id: number, version?: number): Promise<{ applicationId: number; applicationStatus: string; reference: string }> {
    const { offer, enterprise } = await this.get(actor, id);
    enforce(decideRespond(actor, offer, 'accept'));
    if (version !== undefined && version !== offer.version) throw new StaleVersionError('Offer', offer.version);
    const programme = offer.programme as OfferProgramme;
    const target = applicationFor(programme, offer.year);
    const automatic = offer.fastTrack ? await this.isAutomatic(programme, offer.evaluation.ruleSets[programme]) : false;
    const to = intakeStatus(target.type, offer.fastTrack, automatic);
    const created = await this.applications.create(actor, { enterpriseId: enterprise.id, type: target.type, year: target.year, ...(target.tier ? { tier: target.tier } : {}), ...(target.rung ? { rung: target.rung } : {}), form: {} });
    const outbox: number[] = [];
    try {
      await this.dataSource.transaction(async (em) => {
        const now = clockNow();
        const accepted = OFFER_MACHINE.resolve(offer.status, 'accept', actor.role, null);
        if (!accepted.ok) throw new StaleVersionError('Offer', offer.version);
        const res = await em.createQueryBuilder().update(Offer)
          .set({ status: accepted.rule.to, acceptedAt: now, decidedAt: now, applicationId: created.id, version: () => 'version + 1' } as never)
          .where("id = :id AND version = :version AND status = 'open'", { id, version: offer.version }).execute();
        if (!res.affected) throw new StaleVersionError('Offer', offer.version + 1);
        await this.history.record(em, {
          subject: { table: OFFER_HISTORY, id, enterpriseId: enterprise.id }, actor, action: 'accept', from: offer.status, to: accepted.rule.to,
          audit: { action: 'offer.accept', after: { status: accepted.rule.to, applicationId: created.id } },
        });
        await this.fileFromOffer(em, actor, created.id, offer, to, now);
        const roles = to === 'district-review' || to === 'submitted' ? (['officer'] as const) : (['manager'] as const);
        const staff = await this.notifications.recipients(em, { enterprise: { id: enterprise.id, districtCode: enterprise.districtCode, zoneCode: enterprise.zoneCode }, roles });
        outbox.push(...(await this.notifications.notify(em, staff, {
          kind: 'status', applicationId: created.id, messageKey: 'offer.notice.accepted', params: { enterprise: enterprise.name, programme }, link: `/applications/${created.id}`,
        })));
      });
    } catch (err) {
      // The offer was answered meanwhile: the draft just created is not left behind.
      await this.dataSource.getRepository(Application).delete({ id: created.id, status: 'draft' }).catch(() => undefined);
      throw err;
    }
    void this.notifications.deliver(outbox);
    return { applicationId: created.id, applicationStatus: to, reference: referenceOf({ id: created.id, type: target.type, year: target.year }) };
  }

  /** The draft moves into its intake status with one history entry, the audit entry and the frozen evaluation. */
  private async fileFromOffer(em: EntityManager, actor: Actor, applicationId: number, offer: Offer, to: string, now: Date): Promise<void> {
    const app = await em.findOneByOrFail(Application, { id: applicationId });
    const machine = machineOf(app.type);
    if (!machine.states.includes(to)) throw new Error(`offer intake: ${to} is not a status of ${app.type}`);
    const today = todayIso(now);
    const deadline = stageDeadline(to, today, machine.isTerminal(to), {}, await loadDeadlineRules(em));
    const res = await em.createQueryBuilder().update(Application)
      .set({ status: to, statusSince: now, submittedAt: now, dueOn: deadline?.date ?? null, dueProvisional: deadline?.provisional ?? false, version: () => 'version + 1' } as never)
      .where("id = :id AND status = 'draft' AND version = :version", { id: app.id, version: app.version }).execute();
    if (!res.affected) throw new StaleVersionError('Application', app.version + 1);
    const data = { offerId: offer.id, fastTrack: offer.fastTrack, ruleSets: offer.evaluation.ruleSets };
    await em.insert(ApplicationEvaluation, {
      applicationId: app.id, trigger: 'offer', asOf: offer.evaluation.asOf, ruleSets: offer.evaluation.ruleSets,
      input: { offerId: offer.id }, result: offer.evaluation as unknown as Record<string, unknown>, outcome: offer.evaluation.outcome,
    } as never);
    await this.history.record(em, {
      subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, action: 'accept-offer', from: 'draft', to, data, at: now,
      audit: { action: 'application.accept-offer', after: { status: to, offerId: offer.id } },
    });
  }

  private async isAutomatic(programme: string, version: string | undefined): Promise<boolean> {
    if (!version) return false;
    const rows: { automatic: unknown }[] = await this.dataSource.query(
      `SELECT automatic FROM rule_set WHERE program = ${this.ph(1)} AND version = ${this.ph(2)}`, [programme, version],
    );
    return rows.some((r) => r.automatic === true || Number(r.automatic) === 1);
  }

  async decline(actor: Actor, id: number, reason: string, version?: number): Promise<OfferItem> {
    const { offer } = await this.get(actor, id);
    enforce(decideRespond(actor, offer, 'decline'));
    if (version !== undefined && version !== offer.version) throw new StaleVersionError('Offer', offer.version);
    const text = reason.trim();
    if (!text) throw new InvalidInputError('reason is required', [{ field: 'reason', message: 'must not be empty' }]);
    await this.dataSource.transaction(async (em) => {
      const r = OFFER_MACHINE.resolve(offer.status, 'decline', actor.role, null);
      if (!r.ok) throw new StaleVersionError('Offer', offer.version);
      const now = clockNow();
      const res = await em.createQueryBuilder().update(Offer)
        .set({ status: r.rule.to, reason: text.slice(0, 500), decidedAt: now, version: () => 'version + 1' } as never)
        .where("id = :id AND version = :version AND status = 'open'", { id, version: offer.version }).execute();
      if (!res.affected) throw new StaleVersionError('Offer', offer.version + 1);
      await this.history.record(em, {
        subject: { table: OFFER_HISTORY, id, enterpriseId: offer.enterpriseId }, actor, action: 'decline', from: offer.status, to: r.rule.to, note: text.slice(0, 500),
        audit: { action: 'offer.decline', after: { status: r.rule.to, reason: text.slice(0, 500) } },
      });
    });
    return mapOffer((await this.get(actor, id)).offer);
  }

  // ------------------------------------------------------------------------------------------
  // Rule change → flip notices

  /**
   * After a publication (rules.md §11): the rule set's latest impact preview names whose outcome
   * flips. Gainers get their offers now (evaluated under the new rules); losers are told, with the
   * enterprise's district officers, which criteria of the new rules they no longer meet. Their
   * open offers are withdrawn by the matching after the next batch. Without a preview nobody is
   * told here; the next batch's matching still makes and withdraws offers.
   */
  async afterPublication(actor: Actor, record: RuleSetRecord): Promise<{ gained: number; lost: number }> {
    const summary = await this.previewOf(record);
    if (!summary || !isOfferProgramme(record.program)) return { gained: 0, lost: 0 };
    const gainers = summary.enterprises.filter((e) => e.to === 'eligible' && e.from !== 'eligible').map((e) => e.id);
    const made = await runMatching(this.dataSource, {
      asOf: summary.asOf, today: todayIso(), ruleSets: await this.ruleSets.resolve(summary.asOf), expiryDays: this.config.offerExpiryDays,
      audit: offerRecorder(this.history, SYSTEM_ACTOR), offered: (em, offers) => this.tellOffered(em, offers), mode: 'fresh', enterpriseIds: gainers, programmes: [record.program],
    });
    void this.notifications.deliver(made.notificationIds);
    return { gained: made.created + made.reopened, lost: await this.flipNotices(actor, record, summary) };
  }

  private async previewOf(record: RuleSetRecord): Promise<ImpactSummary | undefined> {
    const previews = (await this.jobs.recent([IMPACT_PREVIEW], 50)).filter((j) => j.status === 'done' && Number(j.params.ruleSetId) === record.id);
    return previews[0]?.summary as unknown as ImpactSummary | undefined;
  }

  /** The losers' notices; returns how many enterprises were told. */
  private async flipNotices(actor: Actor, record: RuleSetRecord, summary: ImpactSummary): Promise<number> {
    const losers = summary.enterprises.filter((e) => e.from === 'eligible' && e.to !== 'eligible');
    if (!losers.length) return 0;
    const asOf = summary.asOf;
    const ruleSets = await this.ruleSets.resolve(asOf);
    const facts = await loadFacts(this.dataSource, losers.map((l) => l.id), Number(asOf.slice(0, 4)), asOf);
    const outbox: number[] = [];
    await this.dataSource.transaction(async (em) => {
      const audits: OfferAudit[] = [];
      for (const l of losers) {
        const f = facts.get(l.id);
        const e = await em.findOneBy(Enterprise, { id: l.id });
        if (!f || !e) continue;
        const result = evaluate({ asOf, programs: [record.program as Program], facts: f }, ruleSets, { explanations: false }).results[0]!;
        const changed = result.criteria.filter((c) => !c.partOf && c.outcome !== 'met' && !(c.anyOf ?? []).some((a) => result.criteria.some((x) => x.code === a && x.outcome === 'met'))).map((c) => c.code);
        const criteria = changed.join(', ') || '—';
        const audience = { id: e.id, districtCode: e.districtCode, zoneCode: e.zoneCode };
        const dedupe = `flip:${record.id}:${e.id}`;
        outbox.push(...(await this.notifications.notify(em, await this.notifications.recipients(em, { enterprise: audience, roles: ['enterprise'] }), {
          kind: 'status', messageKey: 'offer.notice.lost', params: { programme: record.program, criteria }, link: `/enterprises/${e.id}`, dedupeKey: dedupe,
        })));
        outbox.push(...(await this.notifications.notify(em, await this.notifications.recipients(em, { enterprise: audience, roles: ['officer'] }), {
          kind: 'status', messageKey: 'offer.notice.lostOfficer', params: { enterprise: e.name, programme: record.program, criteria }, link: `/enterprises/${e.id}`, dedupeKey: dedupe,
        })));
        audits.push({ action: 'offer.flip-notice', entityId: record.id, enterpriseId: e.id, after: { programme: record.program, version: record.version, criteria } });
      }
      if (audits.length) await offerRecorder(this.history, actor)(em, audits);
    });
    void this.notifications.deliver(outbox);
    return losers.length;
  }

  private ph(i: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${i}` : '?';
  }
}
