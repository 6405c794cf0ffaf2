import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { AuditService } from '../audit/audit.service.js';
import { defineHistory, HistoryService } from '../audit/history.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { businessToday, now } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { paginateWith, type Page } from '../common/list-query.js';
import { lookupTable } from '../common/own-key.js';
import { badReference, enforce } from '../common/policy.js';
import { DocumentsService } from '../documents/documents.service.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterpriseMergeService } from '../enterprises/enterprise-merge.service.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { MilestoneAcceptDto, ProjectCreateDto, ProjectListQueryDto, ProjectTransitionDto, ReportReviewDto, ReportSubmitDto } from './project.dto.js';
import { paramsJson, Project, ProjectBudget, ProjectMilestone, ProjectParticipant, ProjectReport, ProjectTranche } from './project.entities.js';
import {
  milestoneMachine, projectMachine, reportMachine, type MilestoneStatus, type ProjectStatus, type ReportStatus,
} from './project-machines.js';
import { decideMilestoneDocument, decideProject, decideRead, decideSubmitReport, decideTransition, projectActionsFor, projectCan, type ProjectSight } from './project.policy.js';
import { computeRag, monthOf, previousMonth, type RagResult } from './rag.js';

/** The projects keep their history in the audit log alone (as batches and rule sets do). */
const PROJECT_HISTORY = defineHistory({ entity: 'project' });
const REPORT_HISTORY = defineHistory({ entity: 'project_report' });
const MILESTONE_HISTORY = defineHistory({ entity: 'project_milestone' });

const SORTABLE: Record<string, string> = lookupTable<Record<string, string>>({
  name: 'p.name', startOn: 'p.start_on', endOn: 'p.end_on', rag: 'p.rag', status: 'p.status', updatedAt: 'p.updated_at', id: 'p.id',
});

/**
 * A total of projects is kept a few seconds per process from this size (list-query.ts): counting
 * joins every candidate project to its lead (the scope), and a filtered count pays for every project
 * the filter's index yields, not only those counted — an officer's "red" (297 of the city's 797 red
 * projects at 120,000 enterprises) cost 0.68 ms of SQLite a page, the page's rows 0.43 ms. Below
 * 200 (every test database) the total stays exact.
 */
export const PROJECT_TOTAL_CACHED_FROM = 200;

/** The list's columns (raw, aliased as mapRow reads them). */
const LIST_SELECT: [string, string][] = [
  ['p.id', 'id'], ['p.name', 'name'], ['p.type', 'type'], ['p.lead_enterprise_id', 'leadEnterpriseId'], ['p.start_on', 'startOn'], ['p.end_on', 'endOn'],
  ['p.status', 'status'], ['p.rag', 'rag'], ['p.rag_reason', 'ragReason'], ['p.rag_params', 'ragParams'], ['p.rag_computed_on', 'ragComputedOn'],
  ['p.progress', 'progress'], ['p.version', 'version'], ['p.updated_at', 'updatedAt'], ['e.name', 'leadName'], ['e.district_code', 'districtCode'],
];

interface ListRow {
  id: number | string; name: string; type: string; leadEnterpriseId: number | string; startOn: string; endOn: string; status: string;
  rag: string | null; ragReason: string | null; ragParams: string | null; ragComputedOn: string | null; progress: number | string | null;
  version: number | string; updatedAt: unknown; leadName: string; districtCode: string;
}

/** What a list item is made of (an entity or a mapped raw row). */
type ListProject = Pick<Project, 'id' | 'name' | 'type' | 'leadEnterpriseId' | 'startOn' | 'endOn' | 'status' | 'rag' | 'ragReason' | 'ragParams' | 'ragComputedOn' | 'progress' | 'version' | 'updatedAt'>;

/** A loaded project with what visibility and the views need. */
interface Loaded {
  project: Project;
  lead: Enterprise;
  participantIds: number[];
  sight: ProjectSight;
}

export type ProjectListItem = ReturnType<ProjectsService['mapItem']>;

/** The RAG of a project whatever its status: only running projects are judged (rules.md §10). */
export function ragOfStatus(status: string, judged: () => RagResult): RagResult | null {
  if (status === 'active') return judged();
  if (status === 'completed') return { rag: 'green', reasonKey: 'project.rag.reason.completed', params: {} };
  return null;
}

/**
 * Key projects (issue 17, rules.md §10): files, monthly reports, milestone acceptance with the
 * tranche it releases, project status changes — each through its state machine
 * (project-machines.ts), each audited in its transaction, each followed by a fresh RAG.
 */
@Injectable()
export class ProjectsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly history: HistoryService,
    private readonly documents: DocumentsService,
    private readonly merge?: EnterpriseMergeService,
  ) {}

  /** Documents per milestone through the documents module (size/type limits, revisions, download). */
  onModuleInit(): void {
    // A merged duplicate's projects follow the survivor (participations stay: a pair may be unique).
    this.merge?.registerChildTable({ key: 'projects', table: 'project', column: 'lead_enterprise_id' });
    this.documents.registerOwnerKind({
      kind: 'project_milestone',
      policy: {
        attach: async (actor, situation) => {
          const m = await this.dataSource.getRepository(ProjectMilestone).findOneBy({ id: situation.ownerId });
          const loaded = m ? await this.loadQuiet(this.dataSource.manager, m.projectId) : null;
          if (!m || !loaded || loaded.project.leadEnterpriseId !== situation.enterpriseId || !decideRead(actor, loaded.sight).allowed) {
            return badReference('ownerId', 'is not a record of this enterprise file', 'document.notOwner', `No milestone ${situation.ownerId} on this enterprise file`);
          }
          // The lead enterprise delivers the evidence; the district's staff may add theirs.
          return decideMilestoneDocument(actor, { ...loaded.sight, status: loaded.project.status });
        },
        read: async (actor, d) => {
          const m = await this.dataSource.getRepository(ProjectMilestone).findOneBy({ id: d.ownerId });
          const loaded = m ? await this.loadQuiet(this.dataSource.manager, m.projectId) : null;
          return !!loaded && decideRead(actor, loaded.sight).allowed;
        },
      },
      belongsTo: async (em, enterpriseId, ownerId) => {
        const m = await em.findOneBy(ProjectMilestone, { id: ownerId });
        return !!m && (await em.existsBy(Project, { id: m.projectId, leadEnterpriseId: enterpriseId }));
      },
      labels: async (em, ids, locale) => {
        const rows = await em.find(ProjectMilestone, { where: { id: In(ids) }, select: { id: true, name: true } });
        return new Map(rows.map((r) => [r.id, translate(locale, 'project.document.owner', { name: r.name })]));
      },
    });
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /** Projects the actor sees (see scopedProjects). */
  scopedQuery(actor: Actor, em: EntityManager = this.dataSource.manager): SelectQueryBuilder<Project> {
    return scopedProjects(em, actor);
  }

  /** The list's filters, shared by the page, the API and the export. */
  filteredQuery(actor: Actor, query: ProjectListQueryDto): SelectQueryBuilder<Project> {
    return this.shapedQuery(actor, query).qb;
  }

  /** filteredQuery and its shape (src/database/shaped-sql.ts): each filter that adds SQL adds its name. */
  private shapedQuery(actor: Actor, query: ProjectListQueryDto): { qb: SelectQueryBuilder<Project>; shape: string } {
    const qb = this.scopedQuery(actor);
    const shape = ['projects', projectScopeShape(actor)];
    if (query.districtCode) {
      qb.andWhere('e.district_code = :district', { district: query.districtCode });
      shape.push('district');
    }
    if (query.type) {
      qb.andWhere('p.type = :type', { type: query.type });
      shape.push('type');
    }
    if (query.status) {
      qb.andWhere('p.status = :status', { status: query.status });
      shape.push('status');
    }
    if (query.rag) {
      qb.andWhere('p.rag = :rag', { rag: query.rag });
      shape.push('rag');
    }
    if (query.reportOverdue === 'true') {
      whereReportOverdue(qb, businessToday());
      shape.push('reportOverdue');
    }
    if (query.enterpriseId) {
      qb.andWhere(new Brackets((w) => {
        w.where('p.lead_enterprise_id = :ent', { ent: query.enterpriseId })
          .orWhere('EXISTS (SELECT 1 FROM project_participant pq WHERE pq.project_id = p.id AND pq.enterprise_id = :ent)', { ent: query.enterpriseId });
      }));
      shape.push('enterprise');
    }
    return { qb, shape: shape.join('|') };
  }

  /**
   * One page of the list: the project's columns and its lead's name and district in one raw read
   * (the scope's join is on the lead's primary key, so rows cannot repeat and the total is COUNT(*)).
   * Hydrating Project entities and reading the leads in a second query was half the page's CPU.
   */
  async list(actor: Actor, query: ProjectListQueryDto): Promise<Page<ProjectListItem>> {
    enforce(decideProject(actor, 'read'));
    const { qb, shape } = this.shapedQuery(actor, query);
    qb.select([]);
    for (const [column, alias] of LIST_SELECT) qb.addSelect(column, alias);
    return paginateWith(qb, { page: query.page, pageSize: query.pageSize, sort: query.sort }, SORTABLE, '-updatedAt', 'p.id',
      async (_q, rawRows) => (await rawRows<ListRow>()).map((r) => this.mapRow(r, actor.locale)), { rowsUnique: true, cacheTotalFrom: PROJECT_TOTAL_CACHED_FROM, shape });
  }

  /** A raw list row as mapItem's shape (the entity's transformers applied by hand, the timestamp by the driver). */
  private mapRow(r: ListRow, locale: Locale): ProjectListItem {
    const updatedAt = this.dataSource.driver.prepareHydratedValue(r.updatedAt, this.updatedAtColumn()) as Date;
    return this.mapItem({
      id: Number(r.id), name: r.name, type: r.type, leadEnterpriseId: Number(r.leadEnterpriseId), startOn: r.startOn, endOn: r.endOn, status: r.status,
      rag: r.rag, ragReason: r.ragReason, ragParams: paramsJson.from(r.ragParams), ragComputedOn: r.ragComputedOn,
      progress: r.progress === null ? null : Number(r.progress), version: Number(r.version), updatedAt,
    }, { name: r.leadName, districtCode: r.districtCode }, locale);
  }

  private updatedAtMetadata?: ColumnMetadata;
  private updatedAtColumn(): ColumnMetadata {
    return (this.updatedAtMetadata ??= this.dataSource.getMetadata(Project).findColumnWithPropertyName('updatedAt')!);
  }

  async enterprisesById(ids: number[]): Promise<Map<number, Pick<Enterprise, 'id' | 'name' | 'districtCode' | 'uscc'>>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Enterprise).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, name: true, districtCode: true, uscc: true }, withDeleted: true });
    return new Map(rows.map((e) => [e.id, e]));
  }

  mapItem(p: ListProject, lead: Pick<Enterprise, 'name' | 'districtCode'> | undefined, locale: Locale) {
    return {
      id: p.id,
      name: p.name,
      type: p.type,
      leadEnterpriseId: p.leadEnterpriseId,
      leadEnterpriseName: lead?.name ?? null,
      districtCode: lead?.districtCode ?? null,
      startOn: p.startOn,
      endOn: p.endOn,
      status: p.status,
      rag: p.rag,
      ragReason: p.ragReason ? translate(locale, p.ragReason, p.ragParams ?? {}) : null,
      ragReasonKey: p.ragReason,
      ragParams: p.ragParams ?? {},
      ragComputedOn: p.ragComputedOn,
      progress: p.progress,
      version: p.version,
      updatedAt: p.updatedAt,
    };
  }

  /** A project with lead and participants, or null (no visibility check). */
  private async loadQuiet(em: EntityManager, id: number): Promise<Loaded | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const project = await em.findOneBy(Project, { id });
    if (!project) return null;
    const lead = await em.getRepository(Enterprise).findOneBy({ id: project.leadEnterpriseId });
    if (!lead) return null; // a deleted lead hides its projects, as it hides its file
    const participantIds = (await em.find(ProjectParticipant, { where: { projectId: id }, order: { id: 'ASC' } })).map((r) => r.enterpriseId);
    return { project, lead, participantIds, sight: { leadEnterpriseId: project.leadEnterpriseId, participantIds, lead: { districtCode: lead.districtCode, zoneCode: lead.zoneCode } } };
  }

  /** A project the actor sees, else 404 (unknown and hidden alike). */
  private async load(em: EntityManager, actor: Actor, id: number): Promise<Loaded> {
    const loaded = await this.loadQuiet(em, id);
    if (!loaded) throw new NotFoundError('Project');
    enforce(decideRead(actor, loaded.sight));
    return loaded;
  }

  /** The whole project file (api.md GET /api/v1/projects/:id). */
  async get(actor: Actor, id: number) {
    const em = this.dataSource.manager;
    const { project, lead, participantIds } = await this.load(em, actor, id);
    const [budget, milestones, reports, tranches, participants] = await Promise.all([
      em.find(ProjectBudget, { where: { projectId: id }, order: { year: 'ASC' } }),
      em.find(ProjectMilestone, { where: { projectId: id }, order: { dueOn: 'ASC', id: 'ASC' } }),
      em.find(ProjectReport, { where: { projectId: id }, order: { month: 'DESC' } }),
      em.find(ProjectTranche, { where: { projectId: id }, order: { id: 'ASC' } }),
      this.enterprisesById(participantIds),
    ]);
    const trancheOf = new Map(tranches.map((t) => [t.milestoneId, t]));
    const role = actor.role;
    const canReview = (s: ReportStatus) => reportMachine.availableTo(s, role, undefined).map((t) => t.action);
    const today = businessToday();
    return {
      ...this.mapItem(project, lead, actor.locale),
      statusNote: project.statusNote,
      participants: participantIds.map((pid) => ({ id: pid, name: participants.get(pid)?.name ?? null })),
      budget: budget.map((b) => ({ year: b.year, government: b.government, self: b.self })),
      budgetTotal: { government: sum(budget.map((b) => b.government)), self: sum(budget.map((b) => b.self)) },
      milestones: milestones.map((m) => ({
        id: m.id, name: m.name, dueOn: m.dueOn, deliverable: m.deliverable, status: m.status, actualOn: m.actualOn,
        acceptedBy: m.acceptedBy, acceptedAt: m.acceptedAt, version: m.version,
        overdueDays: m.status === 'open' && m.dueOn < today ? Math.round((Date.parse(today) - Date.parse(m.dueOn)) / 86_400_000) : 0,
        tranche: trancheOf.has(m.id) ? { id: trancheOf.get(m.id)!.id, amount: trancheOf.get(m.id)!.amount, releasedAt: trancheOf.get(m.id)!.releasedAt } : null,
        allowedActions: milestoneMachine.availableTo(m.status as MilestoneStatus, role, undefined).map((t) => t.action),
      })),
      tranches: tranches.map((t) => ({ id: t.id, milestoneId: t.milestoneId, amount: t.amount, releasedAt: t.releasedAt, released: t.releasedAt !== null })),
      reports: reports.map((r) => ({
        id: r.id, month: r.month, progress: r.progress, spend: r.spend, issues: r.issues, status: r.status,
        submittedBy: r.submittedBy, submittedAt: r.submittedAt, reviewedBy: r.reviewedBy, reviewedAt: r.reviewedAt, reviewNote: r.reviewNote, version: r.version,
        allowedActions: canReview(r.status as ReportStatus),
      })),
      allowedActions: projectActionsFor(actor, projectMachine, project.status as ProjectStatus),
      canSubmitReport: decideSubmitReport(actor, { leadEnterpriseId: project.leadEnterpriseId, participantIds, lead: lead, status: project.status }).allowed,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  async create(actor: Actor, dto: ProjectCreateDto) {
    enforce(decideProject(actor, 'create'));
    this.checkPlan(dto);
    return this.dataSource.transaction(async (em) => {
      const lead = await applyScope(em.getRepository(Enterprise).createQueryBuilder('e'), 'e', scopeOf(actor)).andWhere('e.id = :id', { id: dto.leadEnterpriseId }).getOne();
      if (!lead) throw invalid('leadEnterpriseId', 'project.validation.unknownEnterprise', 'unknown enterprise');
      const participantIds = [...new Set(dto.participantIds ?? [])].filter((x) => x !== lead.id);
      if (participantIds.length) {
        const found = await em.getRepository(Enterprise).find({ where: { id: In(participantIds) }, select: { id: true } });
        if (found.length !== participantIds.length) throw invalid('participantIds', 'project.validation.unknownEnterprise', 'unknown enterprise');
      }
      const inserted = await em.insert(Project, {
        leadEnterpriseId: lead.id, name: dto.name.trim(), type: dto.type, startOn: dto.startOn, endOn: dto.endOn,
        status: projectMachine.initial, rag: null, ragReason: null, ragParams: null, ragComputedOn: null, progress: null, statusNote: null, createdBy: actor.userId || null,
      });
      const id = Number(inserted.identifiers[0].id);
      if (participantIds.length) await em.insert(ProjectParticipant, participantIds.map((enterpriseId) => ({ projectId: id, enterpriseId })));
      await em.insert(ProjectBudget, dto.budget.map((b) => ({ projectId: id, year: b.year, government: b.government, self: b.self })));
      for (const m of dto.milestones) {
        const mi = await em.insert(ProjectMilestone, { projectId: id, name: m.name.trim(), dueOn: m.dueOn, deliverable: m.deliverable.trim(), status: milestoneMachine.initial, actualOn: null, acceptedBy: null, acceptedAt: null });
        if (m.tranche) await em.insert(ProjectTranche, { projectId: id, milestoneId: Number(mi.identifiers[0].id), amount: m.tranche, releasedAt: null, releasedBy: null });
      }
      await this.refreshRag(em, id);
      await this.history.record(em, {
        subject: { table: PROJECT_HISTORY, id, enterpriseId: lead.id }, actor, action: 'create', from: null, to: projectMachine.initial,
        audit: { action: 'project.create', before: null, after: { name: dto.name, type: dto.type, startOn: dto.startOn, endOn: dto.endOn, participants: participantIds, budget: dto.budget, milestones: dto.milestones },
        },
      });
      return { id };
    }).then(({ id }) => this.get(actor, id));
  }

  /** Plan checks the DTO cannot express: dates in order, budget years within the project, tranches within the government budget. */
  private checkPlan(dto: ProjectCreateDto): void {
    const details: FieldMessage[] = [];
    if (dto.endOn < dto.startOn) details.push(detail('endOn', 'project.validation.endBeforeStart', 'must not be before startOn'));
    const first = Number(dto.startOn.slice(0, 4));
    const last = Number(dto.endOn.slice(0, 4));
    const years = new Set<number>();
    dto.budget.forEach((b, i) => {
      if (b.year < first || b.year > last) details.push(detail(`budget[${i}].year`, 'project.validation.yearOutside', 'must be a year of the project', { first, last }));
      if (years.has(b.year)) details.push(detail(`budget[${i}].year`, 'project.validation.yearTwice', 'appears twice'));
      years.add(b.year);
    });
    dto.milestones.forEach((m, i) => {
      if (m.dueOn < dto.startOn || m.dueOn > dto.endOn) details.push(detail(`milestones[${i}].dueOn`, 'project.validation.dueOutside', 'must be within the project dates'));
    });
    const government = sum(dto.budget.map((b) => b.government));
    const tranches = sum(dto.milestones.map((m) => m.tranche ?? 0));
    if (Math.round(tranches * 100) > Math.round(government * 100)) details.push(detail('milestones', 'project.validation.tranchesOverBudget', 'tranches exceed the government budget'));
    if (details.length) throw new InvalidInputError('The project plan is not consistent', details, 'project.validation.plan');
  }

  /** A month's report from the lead enterprise; a returned month is resubmitted in place. */
  async submitReport(actor: Actor, projectId: number, dto: ReportSubmitDto) {
    return this.dataSource.transaction(async (em) => {
      const { project, sight } = await this.load(em, actor, projectId);
      enforce(decideSubmitReport(actor, { ...sight, status: project.status }));
      const thisMonth = monthOf(businessToday());
      if (dto.month > thisMonth) throw invalid('month', 'project.validation.monthFuture', 'must not be a future month');
      if (dto.month < monthOf(project.startOn) || dto.month > monthOf(project.endOn)) throw invalid('month', 'project.validation.monthOutside', 'must be a month of the project');
      const existing = await em.findOneBy(ProjectReport, { projectId, month: dto.month });
      const values = { progress: dto.progress, spend: dto.spend, issues: (dto.issues ?? '').trim() };
      let id: number;
      if (existing && existing.status !== 'returned') throw monthTaken();
      if (existing) {
        enforce(decideTransition(actor, reportMachine, existing.status as ReportStatus, 'resubmit'));
        const to = reportMachine.resolve(existing.status as ReportStatus, 'resubmit', actor.role, undefined);
        const res = await em.createQueryBuilder().update(ProjectReport)
          .set({ ...values, status: to.ok ? to.rule.to : 'submitted', submittedBy: actor.userId || null, submittedAt: now(), reviewedBy: null, reviewedAt: null, version: () => 'version + 1' } as never)
          .where('id = :id AND version = :v', { id: existing.id, v: existing.version }).execute();
        if (!res.affected) throw new StaleVersionError('Report', existing.version + 1);
        id = existing.id;
        await this.history.record(em, {
          subject: { table: REPORT_HISTORY, id, enterpriseId: project.leadEnterpriseId }, actor, action: 'resubmit', from: existing.status, to: 'submitted',
          audit: { action: 'project.report.resubmit', before: { month: existing.month, status: existing.status, progress: existing.progress, spend: existing.spend, issues: existing.issues },
          after: { month: dto.month, status: 'submitted', ...values },
          },
        });
      } else {
        const ins = await em.insert(ProjectReport, {
          projectId, month: dto.month, ...values, status: reportMachine.initial, submittedBy: actor.userId || null, submittedAt: now(),
          reviewedBy: null, reviewedAt: null, reviewNote: null,
        }).catch((err: Error) => {
          if (/unique|duplicate/i.test(err.message)) throw monthTaken();
          throw err;
        });
        id = Number(ins.identifiers[0].id);
        await this.history.record(em, {
          subject: { table: REPORT_HISTORY, id, enterpriseId: project.leadEnterpriseId }, actor, action: 'submit', from: null, to: reportMachine.initial,
          audit: { action: 'project.report.submit', before: null, after: { projectId, month: dto.month, status: 'submitted', ...values },
          },
        });
      }
      await this.refreshRag(em, projectId);
      return mapReport(await em.findOneByOrFail(ProjectReport, { id }));
    });
  }

  /** The officer accepts a submitted report or returns it with a note. */
  async reviewReport(actor: Actor, projectId: number, reportId: number, dto: ReportReviewDto) {
    return this.dataSource.transaction(async (em) => {
      const { project } = await this.load(em, actor, projectId);
      const report = await em.findOneBy(ProjectReport, { id: reportId, projectId });
      if (!report) throw new NotFoundError('Report');
      enforce(decideTransition(actor, reportMachine, report.status as ReportStatus, dto.action));
      const r = reportMachine.resolve(report.status as ReportStatus, dto.action, actor.role, undefined);
      if (!r.ok) throw new NotFoundError('Report'); // unreachable: decided above
      const note = dto.note?.trim() || null;
      // A return needs a note (the row's comment-required guard, worded for the report's note field).
      if (reportMachine.check(r.rule.guards, { comment: note, openMilestones: 0 })) throw invalid('note', 'project.validation.noteRequired', 'a note is required');
      if (dto.version !== undefined && dto.version !== report.version) throw new StaleVersionError('Report', report.version);
      const res = await em.createQueryBuilder().update(ProjectReport)
        .set({ status: r.rule.to, reviewedBy: actor.userId || null, reviewedAt: now(), reviewNote: note, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :v', { id: report.id, v: report.version }).execute();
      if (!res.affected) throw new StaleVersionError('Report', report.version + 1);
      await this.history.record(em, {
        subject: { table: REPORT_HISTORY, id: report.id, enterpriseId: project.leadEnterpriseId }, actor, action: dto.action, from: report.status, to: r.rule.to, note,
        audit: { action: 'project.report.review', before: { status: report.status }, after: { status: r.rule.to, month: report.month, note },
        },
      });
      await this.refreshRag(em, projectId);
      return mapReport(await em.findOneByOrFail(ProjectReport, { id: report.id }));
    });
  }

  /** The officer accepts a milestone; its funding tranche is released in the same transaction. */
  async acceptMilestone(actor: Actor, projectId: number, milestoneId: number, dto: MilestoneAcceptDto) {
    return this.dataSource.transaction(async (em) => {
      const { project } = await this.load(em, actor, projectId);
      const m = await em.findOneBy(ProjectMilestone, { id: milestoneId, projectId });
      if (!m) throw new NotFoundError('Milestone');
      enforce(decideTransition(actor, milestoneMachine, m.status as MilestoneStatus, 'accept'));
      if (project.status !== 'active') throw new ConflictError('The project is not running', [], 'project.denied.notActive');
      if (dto.version !== undefined && dto.version !== m.version) throw new StaleVersionError('Milestone', m.version);
      const today = businessToday();
      const actualOn = dto.actualOn ?? today;
      if (actualOn > today) throw invalid('actualOn', 'project.validation.actualFuture', 'must not be in the future');
      if (actualOn < project.startOn) throw invalid('actualOn', 'project.validation.actualBeforeStart', 'must not be before the project start');
      const at = now();
      const res = await em.createQueryBuilder().update(ProjectMilestone)
        .set({ status: 'accepted', actualOn, acceptedBy: actor.userId || null, acceptedAt: at, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :v AND status = :open', { id: m.id, v: m.version, open: 'open' }).execute();
      if (!res.affected) throw new StaleVersionError('Milestone', m.version + 1);
      await this.history.record(em, {
        subject: { table: MILESTONE_HISTORY, id: m.id, enterpriseId: project.leadEnterpriseId }, actor, action: 'accept', from: m.status, to: 'accepted',
        audit: { action: 'project.milestone.accept', before: { status: m.status, actualOn: m.actualOn }, after: { status: 'accepted', actualOn, projectId },
        },
      });
      const tranche = await em.findOneBy(ProjectTranche, { milestoneId: m.id });
      if (tranche && tranche.releasedAt === null) {
        await em.createQueryBuilder().update(ProjectTranche)
          .set({ releasedAt: at, releasedBy: actor.userId || null, version: () => 'version + 1' } as never)
          .where('id = :id AND released_at IS NULL', { id: tranche.id }).execute();
        await this.audit.record(em, actor, {
          action: 'project.tranche.release', entity: 'project_tranche', entityId: tranche.id, enterpriseId: project.leadEnterpriseId,
          before: { releasedAt: null }, after: { milestoneId: m.id, amount: tranche.amount, releasedAt: at },
        });
      }
      await this.refreshRag(em, projectId);
      const saved = await em.findOneByOrFail(ProjectMilestone, { id: m.id });
      const t = await em.findOneBy(ProjectTranche, { milestoneId: m.id });
      return {
        id: saved.id, name: saved.name, dueOn: saved.dueOn, status: saved.status, actualOn: saved.actualOn, acceptedBy: saved.acceptedBy, acceptedAt: saved.acceptedAt, version: saved.version,
        tranche: t ? { id: t.id, amount: t.amount, releasedAt: t.releasedAt } : null,
      };
    });
  }

  /** Suspend, resume, complete or terminate the project. */
  async transition(actor: Actor, projectId: number, dto: ProjectTransitionDto) {
    await this.dataSource.transaction(async (em) => {
      const { project } = await this.load(em, actor, projectId);
      enforce(decideTransition(actor, projectMachine, project.status as ProjectStatus, dto.action));
      const r = projectMachine.resolve(project.status as ProjectStatus, dto.action, actor.role, undefined);
      if (!r.ok) throw new NotFoundError('Project');
      const comment = dto.comment?.trim() || null;
      // The row's guards, in order (the machine's answer; a missing comment is a field error, 400).
      const openMilestones = r.rule.guards?.includes('milestones-accepted') ? await em.countBy(ProjectMilestone, { projectId, status: 'open' }) : 0;
      const veto = projectMachine.check(r.rule.guards, { comment, openMilestones });
      if (veto?.guard === 'comment-required') throw invalid('comment', 'project.validation.commentRequired', 'a comment is required');
      if (veto) throw new ConflictError(veto.message ?? veto.messageKey, [], veto.messageKey);
      if (dto.version !== project.version) throw new StaleVersionError('Project', project.version);
      const res = await em.createQueryBuilder().update(Project)
        .set({ status: r.rule.to, statusNote: comment, version: () => 'version + 1', updatedAt: now() } as never)
        .where('id = :id AND version = :v', { id: project.id, v: project.version }).execute();
      if (!res.affected) throw new StaleVersionError('Project', project.version + 1);
      await this.history.record(em, {
        subject: { table: PROJECT_HISTORY, id: project.id, enterpriseId: project.leadEnterpriseId }, actor, action: dto.action, from: project.status, to: r.rule.to, note: comment,
        audit: { action: 'project.transition', before: { status: project.status }, after: { status: r.rule.to, action: dto.action, comment },
        },
      });
      await this.refreshRag(em, projectId);
    });
    return this.get(actor, projectId);
  }

  // ------------------------------------------------------------------------------------------
  // RAG

  /**
   * Recomputes one project's RAG (after every change and by the daily job). The row's version is
   * not bumped: the RAG is derived, and a daily recount must not
   * turn someone's open form stale. Returns whether it changed.
   */
  async refreshRag(em: EntityManager, projectId: number, today = businessToday()): Promise<boolean> {
    const project = await em.findOneBy(Project, { id: projectId });
    if (!project) return false;
    const [budget, milestones, reports] = await Promise.all([
      em.find(ProjectBudget, { where: { projectId } }),
      em.find(ProjectMilestone, { where: { projectId } }),
      em.find(ProjectReport, { where: { projectId } }),
    ]);
    const result = ragOf(project, budget, milestones, reports, today);
    const counted = reports.filter((r) => r.status !== 'returned').sort((a, b) => b.month.localeCompare(a.month));
    const progress = counted[0]?.progress ?? null;
    const params = result ? JSON.stringify(result.params) : null;
    const changed = project.rag !== (result?.rag ?? null) || project.ragReason !== (result?.reasonKey ?? null) || JSON.stringify(project.ragParams) !== (params ?? 'null') || project.progress !== progress;
    if (!changed && project.ragComputedOn === today) return false;
    // version and updated_at set to themselves: TypeORM would otherwise bump them.
    await em.createQueryBuilder().update(Project)
      .set({ rag: result?.rag ?? null, ragReason: result?.reasonKey ?? null, ragParams: result?.params ?? null, ragComputedOn: today, progress, version: () => 'version', updatedAt: () => 'updated_at' } as never)
      .where('id = :id', { id: projectId }).execute();
    return changed;
  }

  /** The daily recount of every running (or just finished) project, in chunks by id. */
  async refreshAll(today = businessToday()): Promise<{ projects: number; changed: number }> {
    let after = 0;
    let projects = 0;
    let changed = 0;
    for (;;) {
      const ids = (await this.dataSource.getRepository(Project).createQueryBuilder('p').select('p.id', 'id')
        .where('p.id > :after', { after }).orderBy('p.id', 'ASC').limit(500).getRawMany<{ id: number }>()).map((r) => Number(r.id));
      if (!ids.length) break;
      await this.dataSource.transaction(async (em) => {
        for (const id of ids) if (await this.refreshRag(em, id, today)) changed++;
      });
      projects += ids.length;
      after = ids[ids.length - 1]!;
    }
    return { projects, changed };
  }

  // ------------------------------------------------------------------------------------------
  // Worklist

  /** Running projects the actor sees with no report for last month (the officer's overdue-report task). */
  async overdueReportCount(actor: Actor, today = businessToday()): Promise<number> {
    return whereReportOverdue(this.scopedQuery(actor), today).getCount();
  }
}

/**
 * Projects the actor sees: staff through the lead enterprise's district or zone (the access scope
 * on the lead's file), an enterprise as lead or participant. Deleted leads hide their projects.
 */
export function scopedProjects(em: EntityManager, actor: Actor): SelectQueryBuilder<Project> {
  const qb = em.getRepository(Project).createQueryBuilder('p').innerJoin('enterprise', 'e', 'e.id = p.lead_enterprise_id AND e.deleted_at IS NULL');
  const scope = scopeOf(actor);
  if (!projectCan(actor, 'read')) return qb.andWhere('1 = 0');
  if (scope.kind === 'enterprise') {
    return qb.andWhere(new Brackets((w) => {
      w.where('p.lead_enterprise_id = :own', { own: scope.enterpriseId })
        .orWhere('EXISTS (SELECT 1 FROM project_participant pp WHERE pp.project_id = p.id AND pp.enterprise_id = :own)', { own: scope.enterpriseId });
    }));
  }
  return applyScope(qb, 'e', scope);
}

/** The part of scopedProjects' SQL that the actor decides (its shape, src/database/shaped-sql.ts). */
export function projectScopeShape(actor: Actor): string {
  const scope = scopeOf(actor);
  if (!projectCan(actor, 'read')) return 'none';
  if (scope.kind === 'area') return `area:${scope.districtCodes.length ? 'd' : ''}${scope.zoneCodes.length ? 'z' : ''}`;
  return scope.kind;
}

/** Running projects that ran last month and have no (unreturned) report for it (rules.md §10 "a report missing for last month"). */
export function whereReportOverdue(qb: SelectQueryBuilder<Project>, today: string): SelectQueryBuilder<Project> {
  const lastMonth = previousMonth(monthOf(today));
  return qb
    .andWhere("p.status = 'active'")
    .andWhere('p.start_on < :thisMonthStart AND p.end_on >= :lastMonthStart', { thisMonthStart: `${today.slice(0, 7)}-01`, lastMonthStart: `${lastMonth}-01` })
    .andWhere("NOT EXISTS (SELECT 1 FROM project_report r WHERE r.project_id = p.id AND r.month = :lastMonth AND r.status <> 'returned')", { lastMonth });
}


/** The pure RAG of a project from its rows. */
export function ragOf(project: Pick<Project, 'status' | 'startOn' | 'endOn'>, budget: ProjectBudget[], milestones: ProjectMilestone[], reports: ProjectReport[], today: string): RagResult | null {
  return ragOfStatus(project.status, () => computeRag({
    today, startOn: project.startOn, endOn: project.endOn,
    plannedFen: budget.reduce((s, b) => s + Math.round(b.government * 100) + Math.round(b.self * 100), 0),
    milestones: milestones.map((m) => ({ name: m.name, dueOn: m.dueOn, done: m.status === 'accepted' })),
    reports: reports.filter((r) => r.status !== 'returned').map((r) => ({ month: r.month, spendFen: Math.round(r.spend * 100) })),
  }));
}

export function mapReport(r: ProjectReport) {
  return {
    id: r.id, projectId: r.projectId, month: r.month, progress: r.progress, spend: r.spend, issues: r.issues, status: r.status,
    submittedBy: r.submittedBy, submittedAt: r.submittedAt, reviewedBy: r.reviewedBy, reviewedAt: r.reviewedAt, reviewNote: r.reviewNote, version: r.version,
  };
}

const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + Math.round(x * 100), 0)) / 100;

function detail(field: string, key: string, message: string, params?: Record<string, unknown>): FieldMessage {
  return { field, message, key, ...(params ? { params } : {}) };
}

/** A month already reported (and not returned): the month field's problem, 409. */
function monthTaken(): ConflictError {
  return new ConflictError('A report for this month exists', [detail('month', 'project.validation.monthTwice', 'already reported')], 'project.validation.monthTwice');
}

function invalid(field: string, key: string, message: string): InvalidInputError {
  return new InvalidInputError(`Invalid ${field}: ${message}`, [detail(field, key, message)], key);
}
