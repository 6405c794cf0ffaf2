import { Injectable } from '@nestjs/common';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY } from './application-history.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Brackets, In, Not, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError, IllegalTransitionError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { paginate, type Page } from '../common/list-query.js';
import { ValidationFailedError } from '../common/validation.js';
import { fieldProblems } from '../common/validation-messages.js';
import { Contact } from '../enterprises/contact.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { TIERS } from '../policy/engine/facts.js';
import { ApplicationEvaluator, type PledgeFormAsset } from './application-evaluator.js';
import { FORM_CLASSES } from './application-forms.dto.js';
import { Application, ApplicationDocument, ApplicationEvaluation, ApplicationHistory } from './application.entity.js';
import type { ApplicationCreateDto, ApplicationListQueryDto, ApplicationUpdateDto, CommentDto } from './application.dto.js';
import { mapApplicationSummary, mapDocumentLink, mapHistory, referenceOf, type ApplicationSummary } from './application.mapper.js';
import { ApplicationBatch, Objection } from './batch.entity.js';
import { checklistFor, missingDocuments, type ChecklistItem } from './checklist.js';
import { LoansService, type RepaymentDto } from './loans.service.js';
import type { SubsidyKind } from './loan.entity.js';
import { STEP_FIELDS } from './step-data.dto.js';
import { canMap, commentIsPublic, decideCreateApplication, decideEditApplication, isEnterpriseUser, recordOptions, seesOnlyOwnDrafts, transitionOptions, type Reason, type RecordFacts } from './application.policy.js';
import { enforce } from '../common/policy.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { translate } from '../i18n/i18n.js';
import { timeInStatus } from './workflow/deadlines.js';
import { APPLICATION_TYPES, EDITABLE_STATES, machineOf, SRDI_RUNGS, type ApplicationType } from './workflow/workflows.js';
import { RdPostSubsidyRound } from '../rd-post-subsidy/rd-post-subsidy.entities.js';
import { SrdiFact, SrdiYear } from '../srdi/srdi-fact.entity.js';
import { rdClaimOf, rdPostSubsidyAsOf } from './application-evaluator.js';
import { evaluate } from '../policy/engine/evaluate.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { lookupTable } from '../common/own-key.js';

/** Sort keys of the list → SQL (no user text reaches SQL). */
const SORTABLE: Record<string, string> = lookupTable<Record<string, string>>({
  updatedAt: 'a.updated_at', createdAt: 'a.created_at', dueOn: 'a.due_on', submittedAt: 'a.submitted_at', status: 'a.status', enterprise: 'e.name',
});

export interface LoadedApplication {
  app: Application;
  enterprise: Enterprise;
}

/** Raised by a guard: 409 with the message key and field details (what exactly is missing). */
export class TransitionVetoedError extends IllegalTransitionError {
  constructor(
    message: string,
    details: { field: string; message: string }[],
    messageKey: string,
    readonly params: Record<string, string | number>,
  ) {
    super(message, details, messageKey);
  }
}

/**
 * Applications: creation with a form prefilled from the file, the scoped list, the detail view
 * (history, checklist, frozen evaluation, what the caller may do next), form edits while the
 * applicant holds the pen, and comments. Status changes live in WorkflowService.
 *
 * Visibility: the enterprise scope of the actor (hidden → 404). Drafts belong to the applicant:
 * officers and managers see a draft only when they created it (admins see everything).
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
    private readonly evaluator: ApplicationEvaluator,
    private readonly loans: LoansService,
    private readonly notifications: NotificationsService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  /** The scoped base query: applications of visible, not deleted enterprises. */
  scopedQuery(actor: Actor, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Application> {
    const qb = em.getRepository(Application).createQueryBuilder('a').innerJoin(Enterprise, 'e', 'e.id = a.enterprise_id AND e.deleted_at IS NULL');
    applyScope(qb, 'e', scopeOf(actor));
    if (seesOnlyOwnDrafts(actor)) qb.andWhere("(a.status <> 'draft' OR a.created_by = :draftOwner)", { draftOwner: actor.userId });
    return qb;
  }

  /** One visible application and its enterprise, or 404 (ids outside the scope do not leak). */
  async load(actor: Actor, id: number, em: EntityManager = this.dataSource.manager): Promise<LoadedApplication> {
    if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('Application');
    const app = await this.scopedQuery(actor, em).andWhere('a.id = :id', { id }).getOne();
    if (!app) throw new NotFoundError('Application');
    const enterprise = await em.findOneByOrFail(Enterprise, { id: app.enterpriseId });
    return { app, enterprise };
  }

  private checkYear(type: ApplicationType, year: number): void {
    const now = Number(todayIso().slice(0, 4));
    // Super-deduction claims may be made up for three years; a post-subsidy round is a completed
    // fiscal year (N-1, or the one before while its round still runs); the others this or next year.
    const [min, max] = type === 'super-deduction-precheck' ? [now - 3, now] : type === 'rd-post-subsidy' ? [now - 2, now - 1] : [now - 1, now + 1];
    if (year < min || year > max) throw new InvalidInputError(`year must be between ${min} and ${max} for ${type}`, [{ field: 'year', message: `must be between ${min} and ${max}` }]);
  }

  /** The form of a type prefilled from the file (contact, field, last year's R&D …). */
  async prefill(actor: Actor, enterpriseId: number, type: ApplicationType, year?: number, rung?: string | null): Promise<Record<string, unknown>> {
    const e = await this.enterprises.get(actor, enterpriseId);
    const contact = await this.dataSource.getRepository(Contact).findOne({ where: { enterpriseId }, order: { id: 'ASC' } });
    const base: Record<string, unknown> = { contactName: contact?.name ?? '', contactPhone: contact?.phone ?? '' };
    if (contact?.email) base.contactEmail = contact.email;
    const claimYear = year ?? Number(todayIso().slice(0, 4)) - 1;
    switch (type) {
      case 'tier-recognition':
        return { ...base, mainProducts: '', highlights: '' };
      case 'high-tech-certification':
        return { ...base, highTechField: e.highTechField ?? '', coreTechnology: '' };
      case 'super-deduction-precheck':
        return {
          ...base,
          rdExpenseDetail: { year: claimYear, manufacturing: !!e.industryCode?.startsWith('C'), projects: [] },
        };
      case 'srdi-recognition':
        return { ...base, mainProducts: '', ...(await this.srdiPrefill(enterpriseId, rung ?? null)) };
      case 'rd-post-subsidy':
        return { ...base, rdSummary: '', claim: await this.rdClaim(enterpriseId, claimYear) };
      default: {
        const assets = await this.dataSource.getRepository(IpAsset).find({ where: { enterpriseId, status: 'valid', pledged: false }, order: { kind: 'ASC', id: 'ASC' }, take: 50 });
        return { ...base, requestedAmount: null, termMonths: 12, purpose: '', preferredBank: '', assets: [], availableAssets: assets.map((a) => ({ id: a.id, kind: a.kind, number: a.number, title: a.title, expiresOn: a.expiresOn, coOwned: !!a.coOwners?.length })) };
      }
    }
  }

  /**
   * The rung's facts the file holds (rules.md §7): the niche market and since when, the 专精特新
   * score with who assessed it, and the paid-in equity financing over the rung's window (3 years
   * for an innovative SME, 2 for the upper rungs), summed over the recorded years.
   */
  private async srdiPrefill(enterpriseId: number, rung: string | null): Promise<Record<string, unknown>> {
    const facts = new Map((await this.dataSource.getRepository(SrdiFact).find({ where: { enterpriseId } })).map((f) => [f.fact, f]));
    const lastYear = Number(todayIso().slice(0, 4)) - 1;
    const window = rung === 'innovative-sme' ? 3 : 2;
    const years = await this.dataSource.getRepository(SrdiYear).find({ where: { enterpriseId } });
    const recorded = years.filter((y) => y.year > lastYear - window && y.year <= lastYear && y.equityFinancing !== null);
    const score = facts.get('srdiScore');
    const out: Record<string, unknown> = { nicheMarket: facts.get('nicheMarket')?.value ?? '', nicheSince: facts.get('nicheSince')?.value ?? '' };
    if (score && Number.isFinite(Number(score.value))) out.srdiScore = Number(score.value);
    if (score?.note) out.srdiScoreBy = score.note;
    if (recorded.length) out.equityFinancing = recorded.reduce((sum, y) => sum + (y.equityFinancing ?? 0), 0);
    return out;
  }

  /**
   * The post-subsidy claim of round `year` computed from the file (rules.md §8: rate × growth of
   * R&D N-1 over N-2, capped), as the round would compute it; shown on the form, not typed.
   */
  async rdClaim(enterpriseId: number, year: number): Promise<Record<string, unknown>> {
    const asOf = rdPostSubsidyAsOf(year, todayIso());
    const sets = await this.ruleSets.resolve(asOf);
    const facts = (await loadFacts(this.dataSource, [enterpriseId], year + 1, asOf)).get(enterpriseId);
    if (!sets['rd-post-subsidy'] || !facts) return { year, asOf, outcome: 'incomplete', amount: null };
    const r = evaluate({ asOf, programs: ['rd-post-subsidy'], facts }, sets, { explanations: false }).results[0];
    const { outcome, amount, detail } = rdClaimOf(r as never);
    return { year, asOf, outcome, amount: outcome === 'eligible' ? amount : null, ...(detail ? { rdExpense: detail.rdExpense, priorRdExpense: detail.priorRdExpense, increase: detail.increase, rate: detail.rate, cap: detail.cap, capped: detail.capped } : {}) };
  }

  /**
   * Validates a form against its type; problems come back as `form.<field>` details worded from the
   * catalogue. A draft (`complete` false) may leave fields empty: what is filled in must be valid,
   * and completeness is checked at submit, naming each missing field.
   */
  async validateForm(em: EntityManager, type: ApplicationType, enterpriseId: number, form: Record<string, unknown>, complete = true): Promise<Record<string, unknown>> {
    const cls = FORM_CLASSES[type];
    // Read-only parts of a prefilled form (the assets to choose from, the computed claim) are not stored.
    const { availableAssets: _ignored, claim: _claim, ...given } = form;
    const plain = complete ? given : Object.fromEntries(Object.entries(given).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)));
    const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
    let errors: Awaited<ReturnType<typeof validate>>;
    try {
      errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, skipMissingProperties: !complete, validationError: { target: true, value: true } });
    } catch {
      // A validator that throws on odd input (1e-320, lone surrogates) means the input is invalid, not a server fault.
      throw new ValidationFailedError([{ field: 'form', key: 'constraint.invalid', params: {} }]);
    }
    const problems = fieldProblems(errors, '', 'form.');
    if (!problems.length && type === 'ip-pledge-loan') {
      const assets = (instance as unknown as { assets?: PledgeFormAsset[] }).assets ?? [];
      const ids = assets.map((a) => a.ipAssetId);
      const own = new Set((await em.getRepository(IpAsset).find({ where: { id: In(ids), enterpriseId }, select: { id: true } })).map((a) => a.id));
      ids.forEach((id, i) => {
        if (!own.has(id)) problems.push({ field: `form.assets[${i}].ipAssetId`, key: 'application.assetNotOnFile', params: {} });
        else if (ids.indexOf(id) !== i) problems.push({ field: `form.assets[${i}].ipAssetId`, key: 'constraint.arrayUnique', params: {} });
      });
    }
    if (problems.length) throw new ValidationFailedError(problems);
    return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  }

  async create(actor: Actor, dto: ApplicationCreateDto): Promise<ApplicationView> {
    enforce(decideCreateApplication(actor));
    const type = dto.type as ApplicationType;
    const enterprise = await this.enterprises.get(actor, dto.enterpriseId);
    if (type === 'tier-recognition' && !dto.tier) throw new InvalidInputError('tier is required for a tier recognition', [{ field: 'tier', message: `must be one of ${TIERS.join(', ')}` }]);
    if (type !== 'tier-recognition' && dto.tier) throw new InvalidInputError('tier applies to tier recognitions only', [{ field: 'tier', message: 'only for type tier-recognition' }]);
    if (type === 'srdi-recognition' && !dto.rung) throw new ValidationFailedError([{ field: 'rung', key: 'application.rungRequired', params: { rungs: SRDI_RUNGS.join(', ') } }]);
    if (type !== 'srdi-recognition' && dto.rung) throw new ValidationFailedError([{ field: 'rung', key: 'application.rungOnlySrdi', params: {} }]);
    this.checkYear(type, dto.year);
    // The application's rung: a Tianjin tier, or an SRDI rung (one column, `rung` in the API).
    const rung = dto.tier ?? dto.rung ?? null;
    const prefilled = await this.prefill(actor, enterprise.id, type, dto.year, rung);
    const id = await this.dataSource.transaction(async (em) => {
      const form = await this.validateForm(em, type, enterprise.id, { ...prefilled, ...(dto.form ?? {}) }, false);
      // One open application per enterprise, programme and year (loans: as many as the banks lend).
      if (type === 'rd-post-subsidy') await this.checkRdRound(em, enterprise.id, dto.year);
      if (type !== 'ip-pledge-loan') {
        const open = await em.getRepository(Application).findOne({
          where: { enterpriseId: enterprise.id, type, year: dto.year, ...(rung ? { tier: rung } : {}), status: Not(In([...machineOf(type).terminal])) },
        });
        if (open) throw new ConflictError(`An open ${type} application for ${dto.year} already exists: ${referenceOf(open)}`, [{ field: 'type', message: `already open: ${referenceOf(open)} (id ${open.id})` }]);
      }
      const now = new Date();
      const app = await em.save(em.create(Application, {
        enterpriseId: enterprise.id, type, tier: rung, year: dto.year, status: machineOf(type).initial, form, batchId: null,
        statusSince: now, dueOn: null, submittedAt: null, decidedAt: null, decision: null, createdBy: actor.userId || null, createdByRole: actor.role,
      }));
      if (type === 'ip-pledge-loan') await this.loans.create(em, app);
      await this.history.record(em, {
        subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: enterprise.id }, actor, action: 'create', from: null, to: app.status, at: now,
        audit: { before: null, after: { type, tier: app.tier, year: app.year, status: app.status } },
      });
      return app.id;
    });
    return this.view(actor, id);
  }

  /**
   * A post-subsidy application needs its year's round, not yet published (its list is final then),
   * and is one per enterprise and round: a second one (unless the first was withdrawn or rejected)
   * is refused with 409.
   */
  private async checkRdRound(em: EntityManager, enterpriseId: number, year: number): Promise<void> {
    const round = await em.findOneBy(RdPostSubsidyRound, { year });
    if (!round) throw new ValidationFailedError([{ field: 'year', key: 'application.rdNoRound', params: { year: String(year) } }]);
    if (round.status === 'published') throw new ConflictError(`The ${year} round is published and takes no more applications`, [{ field: 'year', message: `the ${year} round is published`, key: 'application.veto.rdRoundPublished', params: { year: String(year) } }], 'application.veto.rdRoundPublished');
    const earlier = await em.getRepository(Application).findOne({ where: { enterpriseId, type: 'rd-post-subsidy', year, status: Not(In(['withdrawn', 'rejected'])) } });
    if (earlier) {
      throw new ConflictError(`This enterprise has already applied in the ${year} R&D post-subsidy round: ${referenceOf(earlier)}`,
        [{ field: 'year', message: `already applied in the ${year} round: ${referenceOf(earlier)} (id ${earlier.id})`, key: 'application.rdDuplicate', params: { year: String(year), reference: referenceOf(earlier) } }], 'application.rdDuplicate');
    }
  }

  /** Form edits while the applicant holds the pen (draft, returned); optimistic version check. */
  async updateForm(actor: Actor, id: number, dto: ApplicationUpdateDto): Promise<ApplicationView> {
    await this.dataSource.transaction(async (em) => {
      const { app, enterprise } = await this.load(actor, id, em);
      enforce(decideEditApplication(actor, app));
      if (app.version !== dto.version) throw new StaleVersionError('Application', app.version);
      const form = await this.validateForm(em, app.type, enterprise.id, dto.form, false);
      const result = await em.createQueryBuilder().update(Application)
        .set({ form, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id, version: dto.version }).execute();
      if (!result.affected) throw new StaleVersionError('Application', app.version + 1);
      if (app.type === 'ip-pledge-loan') await this.loans.updateRequested(em, app.id, form);
      await this.audit.record(em, actor, { action: 'update', entity: 'application', entityId: id, enterpriseId: enterprise.id, before: { form: app.form }, after: { form } });
    });
    return this.view(actor, id);
  }

  async list(actor: Actor, query: ApplicationListQueryDto): Promise<Page<ApplicationSummary>> {
    const qb = this.scopedQuery(actor);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.type) qb.andWhere('a.type = :type', { type: query.type });
    if (query.tier) qb.andWhere('a.tier = :tier', { tier: query.tier });
    if (query.rung) qb.andWhere("a.type = 'srdi-recognition' AND a.tier = :rung", { rung: query.rung });
    if (query.year) qb.andWhere('a.year = :year', { year: query.year });
    if (query.districtCode) qb.andWhere('e.district_code = :district', { district: query.districtCode });
    if (query.enterpriseId) qb.andWhere('a.enterprise_id = :enterpriseId', { enterpriseId: query.enterpriseId });
    if (query.batchId) qb.andWhere('a.batch_id = :batchId', { batchId: query.batchId });
    if (query.overdue === 'true') qb.andWhere('a.due_on IS NOT NULL AND a.due_on < :today', { today: todayIso() });
    if (query.waiting === 'me') this.waitingFor(qb, actor);
    const q = query.q?.trim();
    if (q) {
      const ref = /^(TR|HT|SD|IP|SR|RP)-(\d{4})-(\d{1,9})$/i.exec(q);
      if (ref) qb.andWhere('a.id = :refId', { refId: Number(ref[3]) });
      else qb.andWhere('e.name LIKE :name', { name: `%${q.replace(/[%_\\]/g, '')}%` });
    }
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize, sort: query.sort }, SORTABLE, '-updatedAt', 'a.id');
    const enterprises = await this.enterprisesOf(page.items);
    const today = todayIso();
    return { ...page, items: page.items.map((a) => mapApplicationSummary(a, enterprises.get(a.enterpriseId), today)) };
  }

  /** Applications waiting for an action of the actor's role (withdrawals do not count as work). */
  private waitingFor(qb: SelectQueryBuilder<Application>, actor: Actor): void {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    APPLICATION_TYPES.forEach((type, i) => {
      const m = machineOf(type);
      const statuses = m.states.filter((s) => m.transitions.some((t) => t.from === s && t.action !== 'withdraw' && t.roles.includes(actor.role)));
      if (!statuses.length) return;
      parts.push(`(a.type = :wt${i} AND a.status IN (:...ws${i}))`);
      params[`wt${i}`] = type;
      params[`ws${i}`] = statuses;
    });
    qb.andWhere(parts.length ? `(${parts.join(' OR ')})` : '1 = 0', params);
  }

  private async enterprisesOf(apps: Application[]): Promise<Map<number, Enterprise>> {
    const ids = [...new Set(apps.map((a) => a.enterpriseId))];
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Enterprise).find({ where: { id: In(ids) }, withDeleted: true });
    return new Map(rows.map((e) => [e.id, e]));
  }

  /** The checklist of an application with what is uploaded against each item. */
  async checklist(em: EntityManager, app: Application): Promise<ChecklistItem[]> {
    const rows = await em.getRepository(ApplicationDocument).createQueryBuilder('d')
      .select('d.requirement', 'requirement').addSelect('COUNT(*)', 'n')
      .where('d.application_id = :id', { id: app.id }).groupBy('d.requirement').getRawMany<{ requirement: string; n: string | number }>();
    const counts = Object.fromEntries(rows.map((r) => [r.requirement, Number(r.n)]));
    return checklistFor({ type: app.type, tier: app.tier, coOwnedAssets: await this.loans.hasCoOwnedAssets(em, app) }, counts);
  }

  async missingDocuments(em: EntityManager, app: Application): Promise<string[]> {
    return missingDocuments(await this.checklist(em, app));
  }

  /** Everything about one application the actor may see. */
  async view(actor: Actor, id: number): Promise<ApplicationView> {
    const em = this.dataSource.manager;
    const { app, enterprise } = await this.load(actor, id, em);
    const machine = machineOf(app.type);
    const isEnterprise = !seesInternal(actor);
    const [history, documents, evaluation, checklist, batch, objections, loan] = await Promise.all([
      em.getRepository(ApplicationHistory).find({ where: { applicationId: id }, order: { at: 'ASC', id: 'ASC' } }),
      em.getRepository(ApplicationDocument).find({ where: { applicationId: id }, order: { requirement: 'ASC', uploadedAt: 'ASC', id: 'ASC' } }),
      em.getRepository(ApplicationEvaluation).findOne({ where: { applicationId: id }, order: { id: 'DESC' } }),
      this.checklist(em, app),
      app.batchId ? em.findOneBy(ApplicationBatch, { id: app.batchId }) : Promise.resolve(null),
      isEnterprise ? Promise.resolve([]) : em.getRepository(Objection).find({ where: { applicationId: id }, order: { id: 'ASC' } }),
      app.type === 'ip-pledge-loan' ? this.loans.view(em, app) : Promise.resolve(null),
    ]);
    const transitions = history.filter((h) => h.kind === 'transition' && h.toStatus);
    const spans = timeInStatus(app.createdAt, machine.initial, transitions.filter((h) => h.action !== 'create').map((h) => ({ to: h.toStatus!, at: h.at })), new Date());
    const today = todayIso();
    // What the page and the JSON view offer: the FSM's rows for the role, each allowed or with the reason it cannot succeed yet.
    const facts: RecordFacts = {
      today, missingDocuments: missingDocuments(checklist), batch: batch ? { id: batch.id, status: batch.status, noticeEndsOn: batch.noticeEndsOn } : null,
      openObjections: objections.filter((o) => o.status === 'open').length, upheldObjections: objections.filter((o) => o.status === 'upheld').length,
    };
    const actions = transitionOptions(actor, app, facts).map((t) => ({
      action: t.action, to: t.to, fields: STEP_FIELDS[t.action] ?? [], needsComment: t.guards.includes('comment-required'),
      allowed: t.allowed, reasonKey: t.reason?.key ?? null, reason: t.reason ? this.reasonText(actor, t.reason, facts) : null,
    }));
    const records = recordOptions(actor, { ...app, hasLoan: !!loan });
    const can = canMap(records);
    const byRequirement = new Map<string, ReturnType<typeof mapDocumentLink>[]>();
    for (const d of documents) byRequirement.set(d.requirement, [...(byRequirement.get(d.requirement) ?? []), mapDocumentLink(d, id)]);
    return {
      ...mapApplicationSummary(app, enterprise, today),
      form: app.form,
      decision: app.decision,
      batch: batch ? { id: batch.id, name: batch.name, programme: batch.programme, year: batch.year, status: batch.status, noticeStartsOn: batch.noticeStartsOn, noticeEndsOn: batch.noticeEndsOn } : null,
      checklist: checklist.map((c) => ({ ...c, documents: byRequirement.get(c.code) ?? [] })),
      missingDocuments: missingDocuments(checklist),
      evaluation: evaluation
        ? {
            id: evaluation.id, trigger: evaluation.trigger, asOf: evaluation.asOf, frozenAt: evaluation.createdAt, ruleSets: evaluation.ruleSets,
            outcome: evaluation.outcome, input: evaluation.input, result: await this.evaluator.render(app, evaluation, actor.locale),
          }
        : null,
      history: history.filter((h) => !isEnterprise || h.isPublic).map(mapHistory),
      timeInStatus: spans.map((s) => ({ status: s.status, seconds: Math.round(s.ms / 1000), days: Math.round((s.ms / 86_400_000) * 10) / 10, visits: s.visits })),
      actions,
      allowedActions: [
        ...actions.map((a) => ({ action: a.action, allowed: a.allowed, reasonKey: a.reasonKey, reason: a.reason })),
        ...records.map((o) => ({ action: o.action, allowed: o.allowed, reasonKey: o.reason?.key ?? null, reason: o.reason ? this.reasonText(actor, o.reason, facts) : null })),
      ],
      canEdit: !!can.edit,
      canUpload: !!can.upload,
      canComment: !!can.comment,
      objections: objections.map((o) => ({ id: o.id, receivedOn: o.receivedOn, objector: o.objector, content: o.content, status: o.status, resolution: o.resolution, resolvedAt: o.resolvedAt, version: o.version })),
      loan,
    };
  }

  /** A live evaluation of a draft (the self-check before submitting); stores nothing. */
  async preview(actor: Actor, id: number): Promise<Record<string, unknown>> {
    const { app, enterprise } = await this.load(actor, id);
    const frozen = await this.evaluator.evaluate(this.dataSource.manager, actor, app, enterprise, todayIso());
    return { asOf: frozen.asOf, ruleSets: frozen.ruleSets, outcome: frozen.outcome, result: frozen.result };
  }

  /**
   * A comment on an application. Enterprise comments are always addressed to the reviewers; staff
   * choose between a comment addressed to the enterprise and an internal note.
   */
  async comment(actor: Actor, id: number, dto: CommentDto): Promise<ApplicationView> {
    const ids = await this.dataSource.transaction(async (em) => {
      const { app, enterprise } = await this.load(actor, id, em);
      const isPublic = commentIsPublic(actor, !!dto.public);
      // Audited like every change. No enterpriseId: the file's timeline (which enterprise users see)
      // is built from entries that carry one, and an internal note must not appear there.
      await this.history.record(em, {
        subject: { table: APPLICATION_HISTORY, id: app.id }, actor, kind: 'comment', action: null, from: app.status, to: app.status, note: dto.text.trim(), isPublic,
        audit: { action: 'comment', before: null, after: { public: isPublic, text: dto.text.trim() } },
      });
      const subject = { type: app.type, tier: app.tier };
      const staffRoles = machineOf(app.type).actorsOf(app.status, subject).filter((r) => r !== 'enterprise');
      const roles = isEnterpriseUser(actor) ? (staffRoles.length ? staffRoles : ['officer' as const]) : isPublic ? ['enterprise' as const, ...staffRoles] : staffRoles;
      const recipients = await this.notifications.recipients(em, { enterprise, roles, exceptUserId: actor.userId });
      const excerpt = dto.text.trim().replace(/\s+/g, ' ');
      return this.notifications.notify(em, recipients, {
        kind: 'comment', applicationId: app.id, messageKey: 'notify.comment', link: `/applications/${app.id}`,
        params: { reference: referenceOf(app), enterprise: enterprise.name, author: actor.displayName, excerpt: excerpt.length > 80 ? `${excerpt.slice(0, 80)}…` : excerpt },
      });
    });
    void this.notifications.deliver(ids);
    return this.view(actor, id);
  }

  isStaff(actor: Actor): boolean {
    return seesInternal(actor);
  }

  /** A reason in the caller's language; a missing-documents reason names the documents. */
  private reasonText(actor: Actor, r: Reason, facts: RecordFacts): string {
    const params = r.key === 'application.veto.documentsMissing'
      ? { ...r.params, items: facts.missingDocuments.map((c) => translate(actor.locale, `checklist.${c}`)).join(actor.locale === 'en' ? '; ' : '、') }
      : r.params;
    return translate(actor.locale, r.key, params);
  }

  /** A repayment of an IP-pledge loan (officers, during post-loan monitoring). */
  async addRepayment(actor: Actor, id: number, dto: RepaymentDto): Promise<ApplicationView> {
    await this.dataSource.transaction(async (em) => {
      const { app } = await this.load(actor, id, em);
      await this.loans.addRepayment(em, actor, app, dto);
    });
    return this.view(actor, id);
  }

  /** Grants the interest subsidy of a year or the appraisal-fee subsidy of a loan. */
  async grantSubsidy(actor: Actor, id: number, kind: SubsidyKind, year?: number) {
    return this.dataSource.transaction(async (em) => {
      const { app } = await this.load(actor, id, em);
      const s = await this.loans.grantSubsidy(em, actor, app, kind, year);
      return { id: s.id, kind: s.kind, year: s.year, base: s.base, rate: Number(s.rate), cap: s.cap, amount: s.amount, ruleSetVersion: s.ruleSetVersion, provisional: s.provisional };
    });
  }

  /** What a subsidy would come to now, without granting it. */
  async previewSubsidy(actor: Actor, id: number, kind: SubsidyKind, year?: number) {
    const { app } = await this.load(actor, id);
    return this.loans.computeSubsidy(this.dataSource.manager, app, kind, year);
  }
}

export type ApplicationView = ApplicationSummary & {
  form: Record<string, unknown>;
  decision: Record<string, unknown> | null;
  batch: { id: number; name: string; programme: string; year: number; status: string; noticeStartsOn: string | null; noticeEndsOn: string | null } | null;
  checklist: (ChecklistItem & { documents: ReturnType<typeof mapDocumentLink>[] })[];
  missingDocuments: string[];
  evaluation: { id: number; trigger: string; asOf: string; frozenAt: Date; ruleSets: Record<string, string>; outcome: string; input: Record<string, unknown>; result: Record<string, unknown> } | null;
  history: ReturnType<typeof mapHistory>[];
  timeInStatus: { status: string; seconds: number; days: number; visits: number }[];
  actions: { action: string; to: string; fields: readonly { name: string; input: string; required: boolean; options?: readonly string[] }[]; needsComment: boolean; allowed: boolean; reasonKey: string | null; reason: string | null }[];
  /** Every action offered with the record (transitions and record actions), allowed or with the reason it is not (issue 13). */
  allowedActions: { action: string; allowed: boolean; reasonKey: string | null; reason: string | null }[];
  canEdit: boolean;
  canUpload: boolean;
  canComment: boolean;
  objections: { id: number; receivedOn: string; objector: string | null; content: string; status: string; resolution: string | null; resolvedAt: Date | null; version: number }[];
  loan: Awaited<ReturnType<LoansService['view']>> | null;
};
