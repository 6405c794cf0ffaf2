import { Injectable } from '@nestjs/common';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY, BATCH_HISTORY } from './application-history.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError, DomainError, IllegalTransitionError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { RecognitionsService, validUntil } from '../ladder/recognitions.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { Application } from './application.entity.js';
import { mapApplicationSummary, referenceOf } from './application.mapper.js';
import { SettingsService } from '../settings/settings.service.js';
import { ApplicationsService, TransitionVetoedError } from './applications.service.js';
import { decideObjectionRecorder, decideRecordObjection, decideResolveObjection } from './application.policy.js';
import { batchOptions, decideBatchState, decideReadBatches, decideRunBatches, type BatchFacts } from './batch.policy.js';
import { enforce } from '../common/policy.js';
import { translate } from '../i18n/i18n.js';
import { ApplicationBatch, Objection, type ListProgramme } from './batch.entity.js';
import { addCalendarDays, isWorkingDay, addWorkingDays, type WorkingCalendar } from './workflow/working-days.js';
import { LEADER_TIERS, SRDI_RUNGS, type ApplicationType } from './workflow/workflows.js';
import { Outbox, WorkflowService } from './workflow.service.js';
import { CalendarService } from '../calendar/calendar.service.js';

/** Members that go on notice (not withdrawn or rejected). */
const goesOnNotice = (a: Pick<Application, 'status'>) => !['withdrawn', 'rejected'].includes(a.status);
/** Facts for the batch rules that look only at the batch's stage. */
const NO_FACTS: BatchFacts = { asOf: '', active: 0, undecided: [], openObjections: 0 };

/** The last day of a notice of `n` working days starting on `start` (counted as day 1 when it is a working day). */
export function noticeEndsOn(start: string, n: number, cal: WorkingCalendar): string {
  return isWorkingDay(start, cal) ? addWorkingDays(start, n - 1, cal) : addWorkingDays(start, n, cal);
}

/** Statuses from which an application of a programme joins a batch's public notice. */
function candidateStatuses(programme: ListProgramme, tier: string | null): string[] {
  if (programme === 'high-tech') return ['expert-review'];
  // A little giant joins the notice after the ministry's review; the lower SRDI rungs after the 工信局's.
  if (programme === 'little-giant') return ['ministry-review'];
  return tier && LEADER_TIERS.includes(tier) ? ['on-site-check'] : ['municipal-review'];
}

const isSrdiProgramme = (p: string): boolean => (SRDI_RUNGS as readonly string[]).includes(p);

/** The application type of a programme's batch. */
function typeOfProgramme(programme: ListProgramme): ApplicationType {
  if (programme === 'high-tech') return 'high-tech-certification';
  return isSrdiProgramme(programme) ? 'srdi-recognition' : 'tier-recognition';
}

function programmeOf(app: Pick<Application, 'type' | 'tier'>): ListProgramme | null {
  if (app.type === 'high-tech-certification') return 'high-tech';
  if (app.type === 'tier-recognition' || app.type === 'srdi-recognition') return app.tier as ListProgramme;
  return null;
}

export interface BatchCreate {
  programme: ListProgramme;
  year: number;
  name: string;
}

/**
 * Batches of a programme and year, their public notice and announcement (rules.md §1 process):
 * a manager gathers applications that passed municipal review (and the on-site check for leader
 * tiers, expert review for HNTE), opens the notice (default 10 working days) which moves them to
 * public notice, records and resolves objections, decides in bulk, and announces: recognitions
 * with certificate numbers and validity are created, current tiers updated, the list published.
 */
@Injectable()
export class BatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly applications: ApplicationsService,
    private readonly workflow: WorkflowService,
    private readonly recognitions: RecognitionsService,
    private readonly notifications: NotificationsService,
    private readonly ruleSets: RuleSetsService,
    private readonly settings: SettingsService,
    private readonly calendar: CalendarService,
  ) {}

  /** Working days a new notice runs unless the manager says otherwise (reference setting notice.workingDays). */
  defaultNoticeDays(on = todayIso()): Promise<number> {
    return this.settings.int('notice.workingDays', on);
  }

  private assertManager(actor: Actor): void {
    enforce(decideRunBatches(actor));
  }

  private assertStaff(actor: Actor): void {
    enforce(decideReadBatches(actor));
  }

  private async get(em: EntityManager, id: number): Promise<ApplicationBatch> {
    if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('Batch');
    const b = await em.findOneBy(ApplicationBatch, { id });
    if (!b) throw new NotFoundError('Batch');
    return b;
  }

  async create(actor: Actor, dto: BatchCreate): Promise<ReturnType<typeof mapBatch>> {
    this.assertManager(actor);
    const name = dto.name.trim();
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(ApplicationBatch, { programme: dto.programme, year: dto.year, name })) {
        throw new ConflictError(`A batch "${name}" of ${dto.programme} ${dto.year} already exists`, [{ field: 'name', message: 'already exists' }]);
      }
      const b = await em.save(em.create(ApplicationBatch, {
        programme: dto.programme, year: dto.year, name, status: 'open', noticeStartsOn: null, noticeEndsOn: null, noticeWorkingDays: null,
        announcedOn: null, announcedBy: null, createdBy: actor.userId || null,
      }));
      await this.history.record(em, { subject: { table: BATCH_HISTORY, id: b.id }, actor, action: 'create', from: null, to: 'open', audit: { before: null, after: { programme: b.programme, year: b.year, name: b.name } } });
      return mapBatch(b, 0);
    });
  }

  async list(actor: Actor, filter: { programme?: string; year?: number; status?: string } = {}) {
    this.assertStaff(actor);
    const qb = this.dataSource.getRepository(ApplicationBatch).createQueryBuilder('b');
    if (filter.programme) qb.andWhere('b.programme = :p', { p: filter.programme });
    if (filter.year) qb.andWhere('b.year = :y', { y: filter.year });
    if (filter.status) qb.andWhere('b.status = :s', { s: filter.status });
    const rows = await qb.orderBy('b.year', 'DESC').addOrderBy('b.id', 'DESC').limit(500).getMany();
    const counts = rows.length
      // Counted through the applications' scope: a district officer's count is what the batch page shows them.
      ? await this.applications.scopedQuery(actor).select('a.batch_id', 'batch').addSelect('COUNT(*)', 'n')
        .andWhere('a.batch_id IN (:...ids)', { ids: rows.map((r) => r.id) }).groupBy('a.batch_id').getRawMany<{ batch: number | string; n: number | string }>()
      : [];
    return rows.map((b) => mapBatch(b, Number(counts.find((c) => Number(c.batch) === b.id)?.n ?? 0)));
  }

  /** A batch with its applications (as the actor may see them) and, while open, the candidates to add. */
  async view(actor: Actor, id: number) {
    this.assertStaff(actor);
    const b = await this.get(this.dataSource.manager, id);
    const today = todayIso();
    const members = await this.applications.scopedQuery(actor).andWhere('a.batch_id = :id', { id }).orderBy('e.name', 'ASC').getMany();
    const candidates = b.status === 'open'
      ? await this.applications.scopedQuery(actor)
        .andWhere('a.batch_id IS NULL AND a.year = :year', { year: b.year })
        .andWhere(b.programme === 'high-tech' ? 'a.type = :type AND a.status = :status' : 'a.type = :type AND a.tier = :tier AND a.status = :status', { type: typeOfProgramme(b.programme), tier: b.programme, status: candidateStatuses(b.programme, b.programme)[0] })
        .orderBy('e.name', 'ASC').limit(500).getMany()
      : [];
    const all = [...members, ...candidates];
    const enterprises = all.length ? await this.dataSource.getRepository(Enterprise).find({ where: { id: In([...new Set(all.map((a) => a.enterpriseId))]) }, withDeleted: true }) : [];
    const byId = new Map(enterprises.map((e) => [e.id, e]));
    const objections = members.length ? await this.dataSource.getRepository(Objection).find({ where: { applicationId: In(members.map((a) => a.id)) }, order: { id: 'ASC' } }) : [];
    const undecided = members.filter((a) => a.status === 'public-notice').map(referenceOf);
    const openObjections = objections.filter((o) => o.status === 'open').length;
    return {
      ...mapBatch(b, members.length),
      applications: members.map((a) => ({
        ...mapApplicationSummary(a, byId.get(a.enterpriseId), today),
        objections: objections.filter((o) => o.applicationId === a.id).map((o) => ({ id: o.id, status: o.status, receivedOn: o.receivedOn, objector: o.objector, content: o.content, resolution: o.resolution, version: o.version })),
      })),
      candidates: candidates.map((a) => mapApplicationSummary(a, byId.get(a.enterpriseId), today)),
      noticeEnded: !!b.noticeEndsOn && today > b.noticeEndsOn,
      undecided: undecided.length,
      openObjections: openObjections,
      // The page's buttons and the JSON face: each action of the batch's stage, allowed or with its reason.
      allowedActions: batchOptions(actor, b, { asOf: today, active: members.filter(goesOnNotice).length, undecided, openObjections })
        .map((o) => ({ action: o.action, allowed: o.allowed, reasonKey: o.reason?.key ?? null, reason: o.reason ? translate(actor.locale, o.reason.key, o.reason.params) : null })),
    };
  }

  /** Adds applications that passed the last review before the notice; only while the batch is open. */
  async assign(actor: Actor, id: number, applicationIds: number[]) {
    this.assertManager(actor);
    await this.dataSource.transaction(async (em) => {
      const b = await this.get(em, id);
      enforce(decideBatchState(b, 'assign', NO_FACTS));
      const details: { field: string; message: string }[] = [];
      for (const [i, appId] of applicationIds.entries()) {
        const { app } = await this.applications.load(actor, appId, em);
        const programme = programmeOf(app);
        if (programme !== b.programme || app.year !== b.year) details.push({ field: `applicationIds[${i}]`, message: `${referenceOf(app)} is not ${b.programme} ${b.year}` });
        else if (app.batchId && app.batchId !== b.id) details.push({ field: `applicationIds[${i}]`, message: `${referenceOf(app)} is already in another batch` });
        else if (!candidateStatuses(programme, app.tier).includes(app.status)) details.push({ field: `applicationIds[${i}]`, message: `${referenceOf(app)} is ${app.status}, not ready for the public notice` });
        else if (app.batchId !== b.id) {
          await em.update(Application, { id: app.id }, { batchId: b.id });
          // Audited once for the batch below.
          await this.history.record(em, {
            subject: { table: APPLICATION_HISTORY, id: app.id }, actor, kind: 'batch', action: 'assign', from: app.status, to: app.status, isPublic: false,
            data: { batchId: b.id, batch: b.name }, audit: false,
          });
        }
      }
      if (details.length) throw new ConflictError(`Some applications cannot join the batch: ${details.map((d) => d.message).join('; ')}`, details);
      await this.history.record(em, { subject: { table: BATCH_HISTORY, id: b.id }, actor, action: 'assign', audit: { after: { applicationIds } } });
    });
    return this.view(actor, id);
  }

  async unassign(actor: Actor, id: number, applicationId: number) {
    this.assertManager(actor);
    await this.dataSource.transaction(async (em) => {
      const b = await this.get(em, id);
      enforce(decideBatchState(b, 'remove', NO_FACTS));
      const { app } = await this.applications.load(actor, applicationId, em);
      if (app.batchId !== b.id) throw new NotFoundError('Application');
      await em.update(Application, { id: app.id }, { batchId: null });
      await this.history.record(em, { subject: { table: BATCH_HISTORY, id: b.id }, actor, action: 'unassign', audit: { after: { applicationId } } });
    });
    return this.view(actor, id);
  }

  /**
   * Opens the public notice: every application of the batch moves to public notice through its
   * state machine, all or none; the notice ends after `workingDays` working days.
   */
  async openNotice(actor: Actor, id: number, dto: { startsOn?: string; workingDays?: number; version?: number }) {
    this.assertManager(actor);
    const today = todayIso();
    const startsOn = dto.startsOn ?? today;
    if (startsOn < addCalendarDays(today, -90) || startsOn > addCalendarDays(today, 30)) {
      throw new InvalidInputError('The notice must start within 90 days before and 30 days after today', [{ field: 'startsOn', message: 'must be within 90 days before and 30 days after today' }]);
    }
    const workingDays = dto.workingDays ?? (await this.settings.int('notice.workingDays', startsOn));
    const outbox = new Outbox();
    const cal = await this.calendar.calendar();
    await this.dataSource.transaction(async (em) => {
      const b = await this.get(em, id);
      if (dto.version !== undefined && dto.version !== b.version) throw new StaleVersionError('Batch', b.version);
      const members = await em.getRepository(Application).find({ where: { batchId: b.id }, order: { id: 'ASC' } });
      const active = members.filter(goesOnNotice);
      enforce(decideBatchState(b, 'openNotice', { ...NO_FACTS, active: active.length }));
      const endsOn = noticeEndsOn(startsOn, workingDays, cal);
      const res = await em.createQueryBuilder().update(ApplicationBatch)
        .set({ status: 'notice', noticeStartsOn: startsOn, noticeEndsOn: endsOn, noticeWorkingDays: workingDays, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id: b.id, version: b.version }).execute();
      if (!res.affected) throw new StaleVersionError('Batch', b.version + 1);
      await this.transitionAll(em, actor, active, 'publish-notice', null, outbox);
      await this.history.record(em, {
        subject: { table: BATCH_HISTORY, id: b.id }, actor, action: 'open-notice', from: 'open', to: 'notice',
        audit: { after: { status: 'notice', noticeStartsOn: startsOn, noticeEndsOn: endsOn, workingDays } },
      });
    });
    void this.notifications.deliver(outbox.ids);
    return this.view(actor, id);
  }

  /** Applies one action to many applications in one transaction; any refusal cancels them all (409 with each reason). */
  private async transitionAll(em: EntityManager, actor: Actor, apps: Application[], action: string, comment: string | null, outbox: Outbox): Promise<void> {
    const details: { field: string; message: string }[] = [];
    // The same refusals in the caller's language, for the page (one language per sentence).
    const items: string[] = [];
    for (const app of apps) {
      const enterprise = await em.findOneByOrFail(Enterprise, { id: app.enterpriseId });
      try {
        await this.workflow.apply(em, actor, app, enterprise, { action, comment }, outbox);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status >= 500) throw err;
        if (err.status === 403) throw err;
        details.push({ field: referenceOf(app), message: err.message });
        const params = err instanceof TransitionVetoedError ? err.params : {};
        const text = err.messageKey && translate(actor.locale, err.messageKey, params) !== err.messageKey ? translate(actor.locale, err.messageKey, params) : err.message;
        items.push(`${referenceOf(app)} ${text}`);
      }
    }
    if (details.length) {
      throw new TransitionVetoedError(`${details.length} application(s) cannot ${action}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details, 'batch.bulkRefusedItems', { count: details.length, items: items.join(actor.locale === 'en' ? '; ' : '；') });
    }
  }

  /** Bulk decision on applications of a batch in public notice (default: all still undecided). */
  async decide(actor: Actor, id: number, dto: { action: 'approve' | 'reject'; applicationIds?: number[]; comment?: string }) {
    this.assertManager(actor);
    const outbox = new Outbox();
    await this.dataSource.transaction(async (em) => {
      const b = await this.get(em, id);
      const members = await em.getRepository(Application).find({ where: { batchId: b.id }, order: { id: 'ASC' } });
      let targets = members.filter((a) => a.status === 'public-notice');
      // The batch's answer (stage, something undecided, the notice's end) before the selection's.
      enforce(decideBatchState(b, dto.action, { ...NO_FACTS, asOf: todayIso(), undecided: targets.map(referenceOf) }));
      if (dto.applicationIds?.length) {
        const unknown = dto.applicationIds.filter((x) => !members.some((a) => a.id === x));
        if (unknown.length) throw new InvalidInputError('Some applications are not in this batch', unknown.map((x) => ({ field: 'applicationIds', message: `${x} is not in this batch` })));
        targets = members.filter((a) => dto.applicationIds!.includes(a.id));
      }
      await this.transitionAll(em, actor, targets, dto.action, dto.comment?.trim() || null, outbox);
      await this.history.record(em, { subject: { table: BATCH_HISTORY, id: b.id }, actor, action: `bulk-${dto.action}`, audit: { after: { applicationIds: targets.map((a) => a.id) } } });
    });
    void this.notifications.deliver(outbox.ids);
    return this.view(actor, id);
  }

  /** Records an objection received during the public notice. */
  async recordObjection(actor: Actor, applicationId: number, dto: { receivedOn: string; objector?: string; content: string }) {
    // Refused before the lookup: the enterprise learns nothing of which applications exist.
    enforce(decideObjectionRecorder(actor));
    return this.dataSource.transaction(async (em) => {
      const { app, enterprise } = await this.applications.load(actor, applicationId, em);
      enforce(decideRecordObjection(actor, app));
      const b = app.batchId ? await em.findOneBy(ApplicationBatch, { id: app.batchId }) : null;
      if (b?.noticeStartsOn && dto.receivedOn < b.noticeStartsOn) throw new InvalidInputError('The objection is dated before the notice began', [{ field: 'receivedOn', message: `must not be before ${b.noticeStartsOn}` }]);
      if (dto.receivedOn > todayIso()) throw new InvalidInputError('The objection is dated in the future', [{ field: 'receivedOn', message: 'must not be in the future', key: 'constraint.future' }]);
      const o = await em.save(em.create(Objection, {
        applicationId: app.id, batchId: app.batchId, receivedOn: dto.receivedOn, objector: dto.objector?.trim() || null, content: dto.content.trim(), status: 'open',
        resolution: null, resolvedBy: null, resolvedAt: null, recordedBy: actor.userId || null,
      }));
      await this.history.record(em, {
        subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, kind: 'objection', action: 'record', from: app.status, to: app.status, isPublic: false,
        data: { objectionId: o.id, receivedOn: o.receivedOn },
        audit: { action: 'create', entity: 'objection', entityId: o.id, before: null, after: { applicationId: app.id, receivedOn: o.receivedOn } },
      });
      const managers = await this.notifications.recipients(em, { enterprise, roles: ['manager'], exceptUserId: actor.userId });
      await this.notifications.notify(em, managers, { kind: 'comment', applicationId: app.id, messageKey: 'notify.objection', link: `/applications/${app.id}`, params: { reference: referenceOf(app), enterprise: enterprise.name } });
      return { id: o.id, status: o.status, receivedOn: o.receivedOn, objector: o.objector, content: o.content, version: o.version };
    });
  }

  /** Upheld (the application must then be rejected) or dismissed, with the reasoning. */
  async resolveObjection(actor: Actor, applicationId: number, objectionId: number, dto: { resolution: 'upheld' | 'dismissed'; note: string; version?: number }) {
    return this.dataSource.transaction(async (em) => {
      const { app } = await this.applications.load(actor, applicationId, em);
      enforce(decideResolveObjection(actor));
      const o = await em.findOneBy(Objection, { id: objectionId, applicationId: app.id });
      if (!o) throw new NotFoundError('Objection');
      if (o.status !== 'open') throw new IllegalTransitionError(`The objection is already ${o.status}`, [{ field: 'status', message: o.status }], 'objection.resolved');
      if (dto.version !== undefined && dto.version !== o.version) throw new StaleVersionError('Objection', o.version);
      const res = await em.createQueryBuilder().update(Objection)
        .set({ status: dto.resolution, resolution: dto.note.trim(), resolvedBy: actor.userId || null, resolvedAt: new Date(), version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id: o.id, version: o.version }).execute();
      if (!res.affected) throw new StaleVersionError('Objection', o.version + 1);
      await this.history.record(em, {
        subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, kind: 'objection', action: dto.resolution, from: app.status, to: app.status,
        note: dto.note.trim(), isPublic: false, data: { objectionId: o.id },
        audit: { action: 'resolve', entity: 'objection', entityId: o.id, before: { status: 'open' }, after: { status: dto.resolution } },
      });
      return { id: o.id, status: dto.resolution, resolution: dto.note.trim() };
    });
  }

  /**
   * Announces the batch once the notice has ended and every application is decided: a recognition
   * per approved tier application (certificate number, validity from the rule set), current tiers
   * updated, and the list published at /lists/:programme/:year.
   */
  async announce(actor: Actor, id: number, dto: { announcedOn?: string; version?: number } = {}) {
    this.assertManager(actor);
    const today = todayIso();
    const announcedOn = dto.announcedOn ?? today;
    if (announcedOn > today) throw new InvalidInputError('The announcement date is in the future', [{ field: 'announcedOn', message: 'must not be in the future', key: 'constraint.future' }]);
    const outbox = new Outbox();
    await this.dataSource.transaction(async (em) => {
      const b = await this.get(em, id);
      if (dto.version !== undefined && dto.version !== b.version) throw new StaleVersionError('Batch', b.version);
      const members = await em.getRepository(Application).find({ where: { batchId: b.id }, order: { id: 'ASC' } });
      const undecided = members.filter((a) => a.status === 'public-notice').map(referenceOf);
      // Status and notice first (cheap), then what the members say.
      enforce(decideBatchState(b, 'announce', { ...NO_FACTS, asOf: announcedOn, undecided: [] }));
      const open = await em.count(Objection, { where: { batchId: b.id, status: 'open', resolvedAt: IsNull() } });
      enforce(decideBatchState(b, 'announce', { active: members.length, asOf: announcedOn, undecided, openObjections: open }));
      const res = await em.createQueryBuilder().update(ApplicationBatch)
        .set({ status: 'announced', announcedOn, announcedBy: actor.userId || null, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id: b.id, version: b.version }).execute();
      if (!res.affected) throw new StaleVersionError('Batch', b.version + 1);
      const approved = members.filter((a) => a.status === 'approved');
      // SRDI recognitions are recorded on approval (rules.md §7, valid 3 years from it); HNTE by its certificate.
      if (b.programme !== 'high-tech' && !isSrdiProgramme(b.programme)) {
        const rs = await this.ruleSets.resolveOne(b.programme, announcedOn);
        const years = (rs.params as { recognitionValidityYears?: number }).recognitionValidityYears;
        for (const app of approved) {
          const certificateNumber = await this.recognitions.nextCertificateNumber(em, b.programme, b.year);
          // Tech-based SME registration runs to the end of its year; ladder tiers for the rule set's years.
          const until = years ? validUntil(announcedOn, years) : `${b.year}-12-31`;
          await this.recognitions.create(em, actor, {
            enterpriseId: app.enterpriseId, tier: b.programme, year: b.year, batch: b.name, certificateNumber, validFrom: announcedOn, validUntil: until, applicationId: app.id,
          });
          await em.update(Application, { id: app.id }, { decision: { certificateNumber, validFrom: announcedOn, validUntil: until, batch: b.name } });
        }
      }
      for (const app of members.filter((a) => a.status === 'approved' || a.status === 'rejected')) {
        const enterprise = await em.findOneByOrFail(Enterprise, { id: app.enterpriseId });
        const users = await this.notifications.recipients(em, { enterprise, roles: ['enterprise'] });
        outbox.ids.push(...(await this.notifications.notify(em, users, {
          kind: 'status', applicationId: app.id, messageKey: 'notify.announced', link: `/lists/${b.programme}/${b.year}`,
          params: { reference: referenceOf(app), enterprise: enterprise.name, status: app.status, batch: b.name },
        })));
      }
      await this.history.record(em, {
        subject: { table: BATCH_HISTORY, id: b.id }, actor, action: 'announce', from: 'notice', to: 'announced',
        audit: { after: { status: 'announced', announcedOn, approved: approved.length } },
      });
    });
    void this.notifications.deliver(outbox.ids);
    return this.view(actor, id);
  }

  /** The published list of a programme and year (public): announced batches only. */
  async publishedList(programme: ListProgramme, year: number) {
    const rows = await this.dataSource.getRepository(Application).createQueryBuilder('a')
      .innerJoin(ApplicationBatch, 'b', 'b.id = a.batch_id')
      .innerJoin(Enterprise, 'e', 'e.id = a.enterprise_id')
      .select(['b.name AS batch', 'b.announced_on AS "announcedOn"', 'e.name AS enterprise', 'e.district_code AS "districtCode"', 'a.id AS "applicationId"'])
      .where("b.programme = :programme AND b.year = :year AND b.status = 'announced'", { programme, year })
      .andWhere("a.status IN ('approved', 'certified')")
      .orderBy('b.announced_on', 'ASC').addOrderBy('b.id', 'ASC').addOrderBy('e.district_code', 'ASC').addOrderBy('e.name', 'ASC')
      .getRawMany<{ batch: string; announcedOn: string; enterprise: string; districtCode: string; applicationId: number | string }>();
    return rows.map((r) => ({ programme, year, batch: r.batch, announcedOn: r.announcedOn, enterprise: r.enterprise, districtCode: r.districtCode }));
  }

  /** Programme and year pairs with a published list. */
  async publishedIndex() {
    const rows = await this.dataSource.getRepository(ApplicationBatch).createQueryBuilder('b')
      .select(['b.programme AS programme', 'b.year AS year', 'COUNT(*) AS batches', 'MAX(b.announced_on) AS "lastAnnouncedOn"'])
      .where("b.status = 'announced'").groupBy('b.programme').addGroupBy('b.year').orderBy('b.year', 'DESC').addOrderBy('b.programme', 'ASC')
      .getRawMany<{ programme: ListProgramme; year: number | string; batches: number | string; lastAnnouncedOn: string }>();
    return rows.map((r) => ({ programme: r.programme, year: Number(r.year), batches: Number(r.batches), lastAnnouncedOn: r.lastAnnouncedOn }));
  }
}

export function mapBatch(b: ApplicationBatch, applications: number) {
  return {
    id: b.id, programme: b.programme, year: b.year, name: b.name, status: b.status, noticeStartsOn: b.noticeStartsOn, noticeEndsOn: b.noticeEndsOn,
    noticeWorkingDays: b.noticeWorkingDays, announcedOn: b.announcedOn, applications, version: b.version, createdAt: b.createdAt,
  };
}
