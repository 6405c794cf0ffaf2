import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Activity } from '../activities/activity.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { ConflictError, IllegalTransitionError, InvalidInputError, NotFoundError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import type { Page } from '../common/list-query.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import { EligibilityService } from '../policy/eligibility.service.js';
import { ApplicationLinkService, HIGH_TECH_APPLICATION, type LinkedApplication } from './application-link.js';
import { CultivationHistory, CultivationMembership, CultivationPlanItem, CultivationServiceLog, SERVICE_LOG_KINDS, type ServiceLogKind } from './cultivation.entity.js';
import { actionsFor, CLOSED_STATUSES, enforceMembership, isOpen, outcomeOfApplication, transitionFor, type MembershipTransition } from './membership-machine.js';
import { MEMBERSHIP_HISTORY } from './membership-history.js';
import { HistoryService } from '../audit/history.service.js';
import { runEffect, type Effects } from '../common/state-machine.js';
import { htCriteriaOf, progressOf, type EvaluationPoint, type Progress } from './progress.js';
import { defaultServices, HT_CODES, SERVICES } from './ranking.js';
import { ScreeningService } from './screening.service.js';
import { enforce } from '../common/policy.js';
import { defaultAssignedOfficer, seesInternal } from '../enterprises/enterprise.policy.js';
import { cultivationCan, decideCultivation, mayLookAfter, readsOwnPlan } from './cultivation.policy.js';

export interface ProposeInput {
  year: number;
  enterpriseIds: number[];
  note?: string;
  assignedOfficerId?: number;
}

export interface TransitionInput {
  action: string;
  version: number;
  comment?: string;
}

export interface PlanInput {
  version: number;
  assignedOfficerId?: number | null;
  services?: string[];
  items?: { code: string; targetDate: string; note?: string | null }[];
}

export interface ServiceInput {
  kind: ServiceLogKind;
  deliveredOn?: string;
  note?: string;
}

export interface PoolQuery {
  year?: number;
  /** Internal: only these memberships. */
  ids?: number[];
  districtCode?: string;
  status?: string;
  page?: number;
  pageSize?: number;
}

export interface MemberSummary {
  id: number;
  year: number;
  status: string;
  version: number;
  enterprise: { id: number; name: string; uscc: string; districtCode: string };
  assignedOfficer: { id: number; name: string } | null;
  proposedAt: Date;
  admittedAt: Date | null;
  closedAt: Date | null;
  applicationId: number | null;
  rolledFromId: number | null;
  seedlingScore: number | null;
  plan: { total: number; open: number };
}

const MAX_BATCH = 200;

const addDays = (iso: string, days: number) => new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
const addYears = (iso: string, years: number) => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;

/** The default target date of a plan item: mid-year (before the HNTE rounds close), never in the past. */
export function defaultTargetDate(year: number, today: string): string {
  const midYear = `${year}-06-30`;
  return midYear >= today ? midYear : addDays(today, 90);
}

/**
 * The cultivation pool (入库 → 培育 → 认定): proposals by officers, admission and closing by
 * managers (state machine in membership-machine.ts, every change with a history entry, an audit
 * entry and a version check), the member's plan (criteria to fix with target dates, services
 * offered, assigned officer), services delivered (on the enterprise's timeline), the link to the
 * member's HNTE application and its outcome, and roll-over into next year's pool.
 *
 * Access: memberships are as visible as their enterprise (hidden → 404); an enterprise user sees
 * only its own plan, read-only, without the internal history.
 */
/** Side effects of membership actions (run inside the transition's transaction); the value goes into the history row. */
const MEMBERSHIP_EFFECTS: Effects<{ service: PoolService; em: EntityManager; actor: Actor; m: CultivationMembership }> = {
  // The member continues in next year's pool; answers the new membership's id.
  'roll-over': ({ service, em, actor, m }) => service.rollOver(em, actor, m),
};

@Injectable()
export class PoolService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly history: HistoryService,
    private readonly enterprises: EnterprisesService,
    private readonly eligibility: EligibilityService,
    private readonly screening: ScreeningService,
    private readonly applications: ApplicationLinkService,
  ) {}

  private p(i: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${i}` : '?';
  }

  // ----------------------------------------------------------------------------------------------
  // Reading

  /** One visible membership and its enterprise, or 404. */
  async load(actor: Actor, id: number, em: EntityManager = this.dataSource.manager): Promise<{ m: CultivationMembership; e: Enterprise }> {
    if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('Membership');
    const m = await em.findOneBy(CultivationMembership, { id });
    if (!m) throw new NotFoundError('Membership');
    try {
      return { m, e: await this.enterprises.get(actor, m.enterpriseId, { manager: em }) };
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError('Membership');
      throw err;
    }
  }

  async list(actor: Actor, query: PoolQuery): Promise<Page<MemberSummary>> {
    enforce(decideCultivation(actor, 'readPool'));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.dataSource.getRepository(CultivationMembership).createQueryBuilder('m')
      .innerJoin(Enterprise, 'e', 'e.id = m.enterprise_id AND e.deleted_at IS NULL')
      .leftJoin(User, 'u', 'u.id = m.assigned_officer_id')
      .leftJoin('eligibility_status', 'st', 'st.enterprise_id = m.enterprise_id');
    applyScope(qb, 'e', scopeOf(actor));
    if (query.ids) qb.andWhere(query.ids.length ? 'm.id IN (:...ids)' : '1 = 0', { ids: query.ids });
    else qb.andWhere('m.year = :year', { year: query.year ?? Number(todayIso().slice(0, 4)) });
    if (query.districtCode) qb.andWhere('e.district_code = :district', { district: query.districtCode });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const total = await qb.clone().getCount();
    const rows = await qb
      .select(['m.id AS id', 'm.year AS year', 'm.status AS status', 'm.version AS version', 'm.enterprise_id AS "enterpriseId"', 'e.name AS name', 'e.uscc AS uscc',
        'e.district_code AS "districtCode"', 'm.assigned_officer_id AS "officerId"', 'u.display_name AS "officerName"', 'm.proposed_at AS "proposedAt"',
        'm.admitted_at AS "admittedAt"', 'm.closed_at AS "closedAt"', 'm.application_id AS "applicationId"', 'm.rolled_from_id AS "rolledFromId"',
        'm.seedling_score AS "seedlingScore"', 'st.ht_unmet_codes AS "openCodes"', 'st.enterprise_id AS "evaluated"'])
      .orderBy('e.district_code', 'ASC').addOrderBy('m.status', 'ASC').addOrderBy('e.name', 'ASC').addOrderBy('m.id', 'ASC')
      .offset((page - 1) * pageSize).limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const ids = rows.map((r) => Number(r.id));
    const items = ids.length ? await this.dataSource.getRepository(CultivationPlanItem).find({ where: { membershipId: In(ids) }, select: { membershipId: true, criterionCode: true } }) : [];
    const planOf = new Map<number, string[]>();
    for (const it of items) planOf.set(it.membershipId, [...(planOf.get(it.membershipId) ?? []), it.criterionCode]);
    const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (String(v).includes('Z') || String(v).includes('+') ? '' : 'Z')));
    return {
      total, page, pageSize,
      items: rows.map((r) => {
        const plan = planOf.get(Number(r.id)) ?? [];
        const open = r.evaluated === null || r.evaluated === undefined ? plan.length : plan.filter((c) => String(r.openCodes ?? '').split(',').includes(c)).length;
        return {
          id: Number(r.id), year: Number(r.year), status: String(r.status), version: Number(r.version),
          enterprise: { id: Number(r.enterpriseId), name: String(r.name), uscc: String(r.uscc), districtCode: String(r.districtCode) },
          assignedOfficer: r.officerId === null || r.officerId === undefined ? null : { id: Number(r.officerId), name: String(r.officerName ?? '') },
          proposedAt: date(r.proposedAt)!, admittedAt: date(r.admittedAt), closedAt: date(r.closedAt),
          applicationId: r.applicationId === null || r.applicationId === undefined ? null : Number(r.applicationId),
          rolledFromId: r.rolledFromId === null || r.rolledFromId === undefined ? null : Number(r.rolledFromId),
          seedlingScore: r.seedlingScore === null || r.seedlingScore === undefined ? null : Number(r.seedlingScore) / 1000,
          plan: { total: plan.length, open },
        };
      }),
    };
  }

  /** The evaluations of the member's enterprise from the proposal on (oldest first, at most 60). */
  private async points(m: CultivationMembership): Promise<EvaluationPoint[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, as_of, source, created_at, result FROM evaluation WHERE enterprise_id = ${this.p(1)} AND id >= ${this.p(2)} ORDER BY id DESC LIMIT 60`,
      [m.enterpriseId, m.baselineEvaluationId ?? 0],
    );
    return rows.reverse().map((r) => ({
      id: Number(r.id), asOf: String(r.as_of), source: String(r.source),
      at: r.created_at instanceof Date ? r.created_at : new Date(`${String(r.created_at).replace(' ', 'T')}Z`),
      criteria: htCriteriaOf(typeof r.result === 'string' ? JSON.parse(r.result) : r.result),
    }));
  }

  /** Everything about one member the actor may see: plan with progress, services, history, application, next actions. */
  async detail(actor: Actor, id: number) {
    const { m, e } = await this.load(actor, id);
    const isEnterprise = !seesInternal(actor);
    const [items, services, history, officer, points, application] = await Promise.all([
      this.dataSource.getRepository(CultivationPlanItem).find({ where: { membershipId: m.id }, order: { targetDate: 'ASC', criterionCode: 'ASC' } }),
      this.dataSource.getRepository(CultivationServiceLog).find({ where: { membershipId: m.id }, order: { deliveredOn: 'DESC', id: 'DESC' } }),
      isEnterprise ? Promise.resolve([]) : this.dataSource.getRepository(CultivationHistory).find({ where: { membershipId: m.id }, order: { at: 'ASC', id: 'ASC' } }),
      m.assignedOfficerId ? this.dataSource.getRepository(User).findOneBy({ id: m.assignedOfficerId }) : Promise.resolve(null),
      this.points(m),
      m.applicationId ? this.applications.get(m.applicationId) : Promise.resolve(null),
    ]);
    const today = todayIso();
    const progress: Progress = progressOf(items.map((i) => ({ code: i.criterionCode, targetDate: i.targetDate })), points, today, m.baseline);
    const current = await this.eligibility.evaluateEnterprise(actor, m.enterpriseId, today);
    const ht = current.results.find((r) => r.program === 'high-tech');
    const label = (code: string) => CRITERION_LABELS[code as keyof typeof CRITERION_LABELS]?.[actor.locale] ?? code;
    const rolledTo = await this.dataSource.getRepository(CultivationMembership).findOne({ where: { rolledFromId: m.id }, select: { id: true, year: true } });
    const open = isOpen(m.status);
    return {
      id: m.id, year: m.year, status: m.status, version: m.version,
      enterprise: { id: e.id, name: e.name, uscc: e.uscc, districtCode: e.districtCode, highTechField: e.highTechField },
      assignedOfficer: officer ? { id: officer.id, name: officer.displayName } : null,
      services: m.services.split(',').filter(Boolean),
      proposedAt: m.proposedAt, admittedAt: m.admittedAt, closedAt: m.closedAt,
      proposalNote: isEnterprise ? null : m.proposalNote,
      seedlingScore: m.seedlingScore === null || isEnterprise ? null : m.seedlingScore / 1000,
      rolledFromId: m.rolledFromId, rolledTo: rolledTo ? { id: rolledTo.id, year: rolledTo.year } : null,
      application: application ? { id: application.id, reference: application.reference, status: application.status, year: application.year } : m.applicationId ? { id: m.applicationId, reference: null, status: null, year: null } : null,
      plan: items.map((i) => {
        const row = progress.rows.find((r) => r.code === i.criterionCode);
        return { id: i.id, code: i.criterionCode, label: label(i.criterionCode), targetDate: i.targetDate, note: i.note, baseline: i.baselineOutcome, current: row?.current ?? null, status: row?.status ?? 'open', metSince: row?.metSince ?? null };
      }),
      progress: { ...progress, rows: progress.rows.map((r) => ({ ...r, label: label(r.code) })) },
      evaluation: ht
        ? { asOf: current.asOf, outcome: ht.outcome, criteria: ht.criteria.map((c) => ({ code: c.code, label: label(c.code), outcome: c.outcome, explanation: c.explanation, shortfall: c.shortfall ?? null })) }
        : null,
      serviceLog: services.map((s) => ({ id: s.id, kind: s.kind, deliveredOn: s.deliveredOn, note: s.note, officer: s.officerName })),
      history: history.map((h) => ({ id: h.id, action: h.action, from: h.fromStatus, to: h.toStatus, actor: h.actorName, comment: h.comment, data: h.data, at: h.at })),
      actions: isEnterprise ? [] : actionsFor(m.status, actor.role).map((t) => ({ action: t.action, to: t.to, commentRequired: !!t.commentRequired })),
      canEditPlan: open && cultivationCan(actor, 'editPlan'),
      canLogService: open && cultivationCan(actor, 'logService'),
      canLink: open && cultivationCan(actor, 'linkApplication') && (await this.applications.available()),
    };
  }

  // ----------------------------------------------------------------------------------------------
  // Writing

  private async assertOfficer(em: EntityManager, officerId: number, e: Enterprise, field: string): Promise<void> {
    const u = await em.findOneBy(User, { id: officerId });
    const ok = mayLookAfter(u, e);
    if (!ok) throw new InvalidInputError(`${field} must be an active officer of the enterprise's district or zone`, [{ field, message: "must be an active officer of the enterprise's district or zone" }]);
  }

  /** Enterprises among `ids` holding an HNTE certificate valid on `today` (not seedlings but stock). */
  private async certified(ids: number[], today: string): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows: { enterprise_id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT enterprise_id FROM qualification WHERE kind = 'hnte-certificate' AND obtained_on <= ${this.p(1)}
         AND ((valid_until IS NOT NULL AND valid_until >= ${this.p(2)}) OR (valid_until IS NULL AND obtained_on > ${this.p(3)}))
         AND enterprise_id IN (${ids.map((_, i) => this.p(i + 4)).join(',')})`,
      [today, today, addYears(today, -3), ...ids],
    );
    return new Set(rows.map((r) => Number(r.enterprise_id)));
  }


  /**
   * Proposes enterprises for a year's pool (officers in their area, managers, admins). Each gets an
   * evaluation recorded now (the start line of its progress) and a plan: every HNTE criterion not
   * met, due mid-year, with the services that fix them. All or nothing.
   */
  async propose(actor: Actor, input: ProposeInput): Promise<MemberSummary[]> {
    enforce(decideCultivation(actor, 'propose'));
    const today = todayIso();
    const thisYear = Number(today.slice(0, 4));
    if (!Number.isInteger(input.year) || input.year < thisYear || input.year > thisYear + 1) {
      throw new InvalidInputError(`year must be ${thisYear} or ${thisYear + 1}`, [{ field: 'year', message: `must be ${thisYear} or ${thisYear + 1}` }]);
    }
    const ids = [...new Set(input.enterpriseIds)];
    if (!ids.length || ids.length > MAX_BATCH) throw new InvalidInputError(`enterpriseIds must list 1 to ${MAX_BATCH} enterprises`, [{ field: 'enterpriseIds', message: `1 to ${MAX_BATCH} ids` }]);
    const enterprises: Enterprise[] = [];
    for (const id of ids) enterprises.push(await this.enterprises.get(actor, id));
    const details: FieldMessage[] = [];
    const existing = await this.dataSource.getRepository(CultivationMembership).find({ where: { enterpriseId: In(ids), year: input.year }, select: { id: true, enterpriseId: true, status: true } });
    const certified = await this.certified(ids, today);
    ids.forEach((id, i) => {
      const m = existing.find((x) => x.enterpriseId === id);
      if (m) details.push({ field: `enterpriseIds[${i}]`, message: `already in the ${input.year} pool (membership ${m.id}, ${m.status})` });
      else if (certified.has(id)) details.push({ field: `enterpriseIds[${i}]`, message: 'holds a valid HNTE certificate' });
    });
    if (details.length) throw new ConflictError(`Cannot propose: ${details[0]!.message}`, details);
    if (input.assignedOfficerId !== undefined) for (const e of enterprises) await this.assertOfficer(this.dataSource.manager, input.assignedOfficerId, e, 'assignedOfficerId');

    // The start line: an evaluation recorded for each (reproducible from its facts and rule-set versions).
    const baselines = new Map<number, { evaluationId: number; criteria: Record<string, string> }>();
    for (const e of enterprises) {
      const { evaluationId, response } = await this.eligibility.recordEvaluation(actor, e.id, 'manual', today);
      const ht = response.results.find((r) => r.program === 'high-tech');
      baselines.set(e.id, { evaluationId, criteria: Object.fromEntries((ht?.criteria ?? []).map((c) => [c.code, c.outcome])) });
    }
    const seedlings = await this.screening.seedlingScores(ids);
    const created = await this.dataSource.transaction(async (em) => {
      const out: number[] = [];
      for (const e of enterprises) {
        const base = baselines.get(e.id)!;
        const open = HT_CODES.filter((c) => base.criteria[c] !== undefined && base.criteria[c] !== 'met');
        const officerId = input.assignedOfficerId ?? defaultAssignedOfficer(actor) ?? e.assignedOfficerId;
        let m: CultivationMembership;
        try {
          m = await em.save(em.create(CultivationMembership, {
            enterpriseId: e.id, year: input.year, status: 'proposed', assignedOfficerId: officerId ?? null, services: defaultServices(open).join(','),
            proposedBy: actor.userId || null, proposedAt: new Date(), proposalNote: input.note?.trim().slice(0, 500) || null, admittedBy: null, admittedAt: null,
            closedBy: null, closedAt: null, applicationId: null, rolledFromId: null, seedlingScore: seedlings.get(e.id) ?? null,
            baseline: base.criteria, baselineEvaluationId: base.evaluationId,
          }));
        } catch (err) {
          if (/unique|duplicate/i.test(String((err as Error).message))) throw new ConflictError(`Enterprise ${e.id} is already in the ${input.year} pool`, [{ field: 'enterpriseIds', message: 'already in the pool' }]);
          throw err;
        }
        if (open.length) {
          await em.insert(CultivationPlanItem, open.map((code) => ({ membershipId: m.id, criterionCode: code, targetDate: defaultTargetDate(input.year, today), baselineOutcome: base.criteria[code]!, note: null })));
        }
        await this.history.record(em, {
          subject: { table: MEMBERSHIP_HISTORY, id: m.id, enterpriseId: e.id }, actor, action: 'propose', from: null, to: 'proposed', note: m.proposalNote,
          data: { evaluationId: base.evaluationId, plan: open }, audit: { action: 'create', before: null, after: { poolYear: m.year, poolStatus: m.status, plan: open.join(',') } },
        });
        out.push(m.id);
      }
      return out;
    });
    return (await this.list(actor, { ids: created, pageSize: MAX_BATCH })).items;
  }

  /** Applies a transition inside `em` (the caller checked visibility, the role and the version). */
  private async apply(em: EntityManager, actor: Actor, m: CultivationMembership, t: MembershipTransition, comment: string | null, data: Record<string, unknown> | null = null): Promise<void> {
    const now = new Date();
    const set: Record<string, unknown> = { status: t.to, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' };
    if (t.to === 'admitted') Object.assign(set, { admittedBy: actor.userId || null, admittedAt: now });
    if ((CLOSED_STATUSES as readonly string[]).includes(t.to)) Object.assign(set, { closedBy: actor.userId || null, closedAt: now });
    const result = await em.createQueryBuilder().update(CultivationMembership).set(set as never).where('id = :id AND version = :version', { id: m.id, version: m.version }).execute();
    if (!result.affected) throw new StaleVersionError('Membership', m.version + 1);
    const rolledTo = (await runEffect(MEMBERSHIP_EFFECTS, t.action, { service: this, em, actor, m })) as number | undefined;
    await this.history.record(em, {
      subject: { table: MEMBERSHIP_HISTORY, id: m.id, enterpriseId: m.enterpriseId }, actor, action: t.action, from: m.status, to: t.to, note: comment,
      data: rolledTo ? { ...(data ?? {}), to: rolledTo } : data, audit: { before: { poolStatus: m.status }, after: { poolStatus: t.to } },
    });
  }

  /** The member continues in next year's pool: admitted, with the plan items still not met (target dates a year on). */
  async rollOver(em: EntityManager, actor: Actor, m: CultivationMembership): Promise<number> {
    const year = m.year + 1;
    if (await em.existsBy(CultivationMembership, { enterpriseId: m.enterpriseId, year })) {
      throw new ConflictError(`The enterprise is already in the ${year} pool`, [{ field: 'action', message: `already in the ${year} pool` }]);
    }
    const [latest] = await em.query(`SELECT id, result FROM evaluation WHERE enterprise_id = ${this.p(1)} ORDER BY id DESC LIMIT 1`, [m.enterpriseId]);
    const criteria = latest ? htCriteriaOf(typeof latest.result === 'string' ? JSON.parse(latest.result) : latest.result) : {};
    const items = await em.find(CultivationPlanItem, { where: { membershipId: m.id } });
    const carried = items.filter((i) => criteria[i.criterionCode] !== 'met');
    const now = new Date();
    const next = await em.save(em.create(CultivationMembership, {
      enterpriseId: m.enterpriseId, year, status: 'admitted', assignedOfficerId: m.assignedOfficerId, services: m.services, proposedBy: actor.userId || null, proposedAt: now,
      proposalNote: null, admittedBy: actor.userId || null, admittedAt: now, closedBy: null, closedAt: null, applicationId: null, rolledFromId: m.id,
      seedlingScore: m.seedlingScore, baseline: Object.keys(criteria).length ? criteria : m.baseline, baselineEvaluationId: latest ? Number(latest.id) : m.baselineEvaluationId,
    }));
    if (carried.length) {
      await em.insert(CultivationPlanItem, carried.map((i) => ({ membershipId: next.id, criterionCode: i.criterionCode, targetDate: addYears(i.targetDate, 1), baselineOutcome: criteria[i.criterionCode] ?? i.baselineOutcome, note: i.note })));
    }
    await this.history.record(em, {
      subject: { table: MEMBERSHIP_HISTORY, id: next.id, enterpriseId: m.enterpriseId }, actor, action: 'rolled-in', from: null, to: 'admitted',
      data: { from: m.id, plan: carried.map((i) => i.criterionCode) }, audit: { action: 'create', before: null, after: { poolYear: year, poolStatus: 'admitted', rolledFrom: m.id } },
    });
    return next.id;
  }

  async transition(actor: Actor, id: number, input: TransitionInput): Promise<{ id: number; status: string; version: number; rolledTo?: number }> {
    return this.dataSource.transaction(async (em) => {
      const { m } = await this.load(actor, id, em);
      const comment = input.comment?.trim() || null;
      const t = transitionFor(m.status, input.action);
      enforceMembership(m.status, input.action, actor.role, { comment });
      if (!t) throw new IllegalTransitionError(`${input.action} is not possible from ${m.status}`);
      if (m.version !== input.version) throw new StaleVersionError('Membership', m.version);
      await this.apply(em, actor, m, t, comment);
      const after = await em.findOneByOrFail(CultivationMembership, { id });
      const rolledTo = t.action === 'roll-over' ? (await em.findOneBy(CultivationMembership, { rolledFromId: id }))?.id : undefined;
      return { id, status: after.status, version: after.version, ...(rolledTo ? { rolledTo } : {}) };
    });
  }

  /** Batch admission by a manager: every listed proposal at the version read, or none. */
  async admitMany(actor: Actor, items: { id: number; version: number }[], comment?: string): Promise<{ admitted: number[] }> {
    enforce(decideCultivation(actor, 'admit'));
    if (!items.length || items.length > MAX_BATCH) throw new InvalidInputError(`items must list 1 to ${MAX_BATCH} members`, [{ field: 'items', message: `1 to ${MAX_BATCH}` }]);
    return this.dataSource.transaction(async (em) => {
      const admitted: number[] = [];
      for (const [i, item] of items.entries()) {
        const { m } = await this.load(actor, item.id, em);
        const t = transitionFor(m.status, 'admit');
        if (!t) throw new IllegalTransitionError(`Member ${m.id} is ${m.status}, not proposed`, [{ field: `items[${i}].id`, message: `is ${m.status}` }]);
        if (m.version !== item.version) throw new StaleVersionError('Membership', m.version);
        await this.apply(em, actor, m, t, comment?.trim() || null);
        admitted.push(m.id);
      }
      return { admitted };
    });
  }

  /** Replaces the plan (criteria, target dates, services, officer) of an open member. */
  async updatePlan(actor: Actor, id: number, input: PlanInput): Promise<{ id: number; version: number }> {
    enforce(decideCultivation(actor, 'editPlan'));
    return this.dataSource.transaction(async (em) => {
      const { m, e } = await this.load(actor, id, em);
      if (!isOpen(m.status)) throw new IllegalTransitionError(`The plan of a ${m.status} member is closed`, [{ field: 'status', message: m.status }]);
      if (m.version !== input.version) throw new StaleVersionError('Membership', m.version);
      const details: FieldMessage[] = [];
      const services = input.services === undefined ? m.services.split(',').filter(Boolean) : [...new Set(input.services)];
      services.forEach((s, i) => {
        if (!(SERVICES as readonly string[]).includes(s)) details.push({ field: `services[${i}]`, message: `must be one of ${SERVICES.join(', ')}` });
      });
      const codes = new Set<string>();
      (input.items ?? []).forEach((it, i) => {
        if (!(HT_CODES as readonly string[]).includes(it.code)) details.push({ field: `items[${i}].code`, message: 'must be an HT-* criterion code' });
        else if (codes.has(it.code)) details.push({ field: `items[${i}].code`, message: 'is listed twice' });
        codes.add(it.code);
        if (it.targetDate.slice(0, 4) < String(m.year) || it.targetDate.slice(0, 4) > String(m.year + 1)) details.push({ field: `items[${i}].targetDate`, message: `must fall in ${m.year} or ${m.year + 1}` });
      });
      if (details.length) throw new InvalidInputError(`Invalid plan: ${details[0]!.field} ${details[0]!.message}`, details);
      if (input.assignedOfficerId) await this.assertOfficer(em, input.assignedOfficerId, e, 'assignedOfficerId');
      const before = await em.find(CultivationPlanItem, { where: { membershipId: m.id } });
      const officerId = input.assignedOfficerId === undefined ? m.assignedOfficerId : input.assignedOfficerId;
      const result = await em.createQueryBuilder().update(CultivationMembership)
        .set({ services: services.join(','), assignedOfficerId: officerId, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
        .where('id = :id AND version = :version', { id: m.id, version: input.version }).execute();
      if (!result.affected) throw new StaleVersionError('Membership', m.version + 1);
      if (input.items) {
        const keep = new Set(input.items.map((i) => i.code));
        const gone = before.filter((b) => !keep.has(b.criterionCode));
        if (gone.length) await em.delete(CultivationPlanItem, { id: In(gone.map((g) => g.id)) });
        for (const it of input.items) {
          const old = before.find((b) => b.criterionCode === it.code);
          const note = it.note?.trim().slice(0, 255) || null;
          if (old) await em.update(CultivationPlanItem, { id: old.id }, { targetDate: it.targetDate, note, version: old.version + 1 });
          else await em.insert(CultivationPlanItem, { membershipId: m.id, criterionCode: it.code, targetDate: it.targetDate, baselineOutcome: m.baseline?.[it.code] ?? 'missing', note });
        }
      }
      const describe = (items: { criterionCode?: string; code?: string; targetDate: string }[]) => items.map((i) => `${i.criterionCode ?? i.code}@${i.targetDate}`).sort().join(',');
      const beforeView = { plan: describe(before), services: m.services, assignedOfficerId: m.assignedOfficerId };
      const afterView = { plan: input.items ? describe(input.items) : beforeView.plan, services: services.join(','), assignedOfficerId: officerId };
      await this.history.record(em, {
        subject: { table: MEMBERSHIP_HISTORY, id: m.id, enterpriseId: m.enterpriseId }, actor, action: 'plan', from: m.status, to: m.status,
        data: { before: beforeView, after: afterView }, audit: { action: 'update', entity: 'cultivation_plan', before: beforeView, after: afterView },
      });
      return { id: m.id, version: m.version + 1 };
    });
  }

  /** A service delivered or a visit (officers of the area, admins), also on the enterprise's timeline. */
  async logService(actor: Actor, id: number, input: ServiceInput) {
    enforce(decideCultivation(actor, 'logService'));
    if (!(SERVICE_LOG_KINDS as readonly string[]).includes(input.kind)) throw new InvalidInputError('unknown service', [{ field: 'kind', message: `must be one of ${SERVICE_LOG_KINDS.join(', ')}` }]);
    const today = todayIso();
    const on = input.deliveredOn ?? today;
    if (on > today) throw new InvalidInputError('deliveredOn is in the future', [{ field: 'deliveredOn', message: 'must not be in the future', key: 'constraint.future' }]);
    return this.dataSource.transaction(async (em) => {
      const { m } = await this.load(actor, id, em);
      if (m.status !== 'admitted') throw new IllegalTransitionError(`Services are logged for admitted members (this one is ${m.status})`, [{ field: 'status', message: m.status }]);
      const note = input.note?.trim().slice(0, 500) || null;
      const text = `${translate(actor.locale, 'cultivation.timeline.service', { service: translate(actor.locale, `cultivation.service.${input.kind}`), year: m.year })}${note ? `：${note}` : ''}`;
      const activity = await em.save(em.create(Activity, {
        enterpriseId: m.enterpriseId, kind: input.kind === 'visit' ? 'visit' : 'meeting', occurredAt: new Date(`${on}T12:00:00+08:00`),
        authorId: actor.userId || null, authorName: actor.displayName.slice(0, 64), text,
      }));
      const saved = await em.save(em.create(CultivationServiceLog, {
        membershipId: m.id, enterpriseId: m.enterpriseId, kind: input.kind, deliveredOn: on, note, officerId: actor.userId || null, officerName: actor.displayName.slice(0, 64), activityId: activity.id,
      }));
      await this.audit.record(em, actor, { action: 'create', entity: 'cultivation_service', entityId: saved.id, enterpriseId: m.enterpriseId, after: { service: input.kind, deliveredOn: on, serviceNote: note } });
      return { id: saved.id, kind: saved.kind, deliveredOn: saved.deliveredOn, note: saved.note, activityId: activity.id };
    });
  }

  /** Links the member's HNTE application (same enterprise, type high-tech-certification) and applies its outcome if decided. */
  async linkApplication(actor: Actor, id: number, applicationId: number, version: number): Promise<{ id: number; status: string; version: number; applicationId: number }> {
    enforce(decideCultivation(actor, 'linkApplication'));
    if (!(await this.applications.available())) throw new ConflictError('The applications module is not installed', [{ field: 'applicationId', message: 'applications are not available' }]);
    await this.dataSource.transaction(async (em) => {
      const { m } = await this.load(actor, id, em);
      if (!isOpen(m.status)) throw new IllegalTransitionError(`A ${m.status} member cannot be linked`, [{ field: 'status', message: m.status }]);
      if (m.version !== version) throw new StaleVersionError('Membership', m.version);
      const app = await this.applications.get(applicationId, em);
      if (!app || app.enterpriseId !== m.enterpriseId) throw new InvalidInputError('applicationId must be an application of this enterprise', [{ field: 'applicationId', message: 'not an application of this enterprise' }]);
      if (app.type !== HIGH_TECH_APPLICATION) throw new InvalidInputError('applicationId must be an HNTE certification application', [{ field: 'applicationId', message: `must be of type ${HIGH_TECH_APPLICATION}` }]);
      const taken = await em.findOneBy(CultivationMembership, { applicationId });
      if (taken && taken.id !== m.id) throw new ConflictError(`Application ${applicationId} is linked to membership ${taken.id}`, [{ field: 'applicationId', message: `linked to membership ${taken.id}` }]);
      await this.link(em, actor, m, app);
    });
    await this.reconcile(undefined, [id]);
    const after = await this.dataSource.getRepository(CultivationMembership).findOneByOrFail({ id });
    return { id, status: after.status, version: after.version, applicationId };
  }

  private async link(em: EntityManager, actor: Actor, m: CultivationMembership, app: LinkedApplication): Promise<void> {
    const result = await em.createQueryBuilder().update(CultivationMembership)
      .set({ applicationId: app.id, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
      .where('id = :id AND version = :version', { id: m.id, version: m.version }).execute();
    if (!result.affected) throw new StaleVersionError('Membership', m.version + 1);
    m.version += 1;
    m.applicationId = app.id;
    await this.history.record(em, {
      subject: { table: MEMBERSHIP_HISTORY, id: m.id, enterpriseId: m.enterpriseId }, actor, action: 'link', from: m.status, to: m.status,
      data: { applicationId: app.id, reference: app.reference }, audit: { before: { applicationId: null }, after: { applicationId: app.id } },
    });
  }

  /**
   * Keeps memberships in step with the applications module: an admitted member without a link gets
   * its enterprise's HNTE application of the pool year (or the next); a linked application that
   * reached certified / rejected / withdrawn closes the membership (certified / not-yet / withdrawn).
   * Called when an application of the enterprise changes (MemberWatchService), daily, and on linking.
   */
  async reconcile(enterpriseId?: number, membershipIds?: number[]): Promise<{ linked: number; closed: number }> {
    const out = { linked: 0, closed: 0 };
    if (!(await this.applications.available())) return out;
    const where: Record<string, unknown> = { status: 'admitted' };
    if (enterpriseId !== undefined) where.enterpriseId = enterpriseId;
    if (membershipIds) where.id = In(membershipIds);
    const members = await this.dataSource.getRepository(CultivationMembership).find({ where });
    for (const m of members) {
      await this.dataSource.transaction(async (em) => {
        const fresh = await em.findOneBy(CultivationMembership, { id: m.id });
        if (!fresh || fresh.status !== 'admitted') return;
        if (fresh.applicationId === null) {
          const app = await this.applications.unlinkedFor(fresh.enterpriseId, fresh.year, em);
          if (!app) return;
          await this.link(em, SYSTEM_ACTOR, fresh, app);
          out.linked++;
        }
        const app = await this.applications.get(fresh.applicationId!, em);
        const action = app ? outcomeOfApplication(app.status) : null;
        const t = action ? transitionFor(fresh.status, action) : undefined;
        if (!app || !t) return;
        await this.apply(em, SYSTEM_ACTOR, fresh, t, null, { applicationId: app.id, applicationStatus: app.status });
        out.closed++;
      });
    }
    return out;
  }

  /** The enterprise user's own latest membership (highest year), if any. */
  async latestOf(actor: Actor): Promise<number | null> {
    if (!readsOwnPlan(actor) || !actor.enterpriseId) return null;
    const m = await this.dataSource.getRepository(CultivationMembership).findOne({ where: { enterpriseId: actor.enterpriseId }, order: { year: 'DESC', id: 'DESC' }, select: { id: true } });
    return m?.id ?? null;
  }

  /** Officers who may be assigned to a member of this enterprise (form choices). */
  async officersFor(e: Pick<Enterprise, 'districtCode' | 'zoneCode'>): Promise<{ id: number; name: string }[]> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').where('u.role = :role AND u.active = :active', { role: 'officer', active: true });
    if (e.zoneCode) qb.andWhere('(u.district_code = :d OR u.zone_code = :z)', { d: e.districtCode, z: e.zoneCode });
    else qb.andWhere('u.district_code = :d', { d: e.districtCode });
    return (await qb.orderBy('u.display_name', 'ASC').limit(100).getMany()).map((u) => ({ id: u.id, name: u.displayName }));
  }

}
