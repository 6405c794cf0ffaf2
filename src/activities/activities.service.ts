import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, type DataSource } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { enforce } from '../common/policy.js';
import { formatWan, todayIso } from '../common/format.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { FINANCIAL_MONEY_FIELDS } from '../policy/engine/facts.js';
import { Activity } from './activity.entity.js';
import { decideCompleteTask, decideTimeline } from './activity.policy.js';
import { Task } from './task.entity.js';

export interface TimelineEntry {
  at: Date;
  kind: string;
  who: string;
  text: string;
}

const MONEY = new Set<string>(FINANCIAL_MONEY_FIELDS);

function addDays(iso: string, days: number): string {
  return new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86400_000).toISOString().slice(0, 10);
}

const NOT_ON_TIMELINE = new Set(['activity', 'evaluation']);

/** The file's timeline (activities + field and status changes from the audit log) and tasks. */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditService,
  ) {}

  /** Newest first; `kinds` filters (visit, call, meeting, note, task-completed, change, status). */
  async timeline(actor: Actor, enterpriseId: number, options: { kinds?: string[]; limit?: number } = {}): Promise<TimelineEntry[]> {
    await this.enterprises.get(actor, enterpriseId);
    // Staff only on every face (the HTML file page and GET /api/v1/enterprises/:id/timeline).
    enforce(decideTimeline(actor));
    const limit = Math.min(options.limit ?? 100, 500);
    const wants = (k: string) => !options.kinds?.length || options.kinds.includes(k);
    const activityKinds = ['visit', 'call', 'meeting', 'note', 'task-completed'].filter(wants);
    const [activities, changes] = await Promise.all([
      activityKinds.length
        ? this.dataSource.getRepository(Activity).find({ where: { enterpriseId, kind: In(activityKinds) }, order: { occurredAt: 'DESC', id: 'DESC' }, take: limit })
        : [],
      wants('change') || wants('status')
        ? this.dataSource.getRepository(AuditEntry).find({ where: { enterpriseId }, order: { at: 'DESC', id: 'DESC' }, take: limit })
        : [],
    ]);
    const entries: TimelineEntry[] = activities.map((a) => ({ at: a.occurredAt, kind: a.kind, who: a.authorName, text: a.text }));
    for (const c of changes) {
      // A recorded visit or note is on the timeline already, and evaluations have their own
      // history: their audit entries are for the auditor.
      if (NOT_ON_TIMELINE.has(c.entity)) continue;
      const isStatus = c.entity === 'recognition' || c.action === 'delete' || c.action === 'restore';
      if ((isStatus && !wants('status')) || (!isStatus && !wants('change'))) continue;
      entries.push({ at: c.at, kind: isStatus ? 'status' : 'change', who: c.actorUsername, text: describeChange(c, actor.locale) });
    }
    return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
  }

  /** My open tasks in three groups: overdue, due within seven days, later. */
  async myTasks(actor: Actor) {
    const qb = this.dataSource.getRepository(Task).createQueryBuilder('t')
      .innerJoin('enterprise', 'e', 'e.id = t.enterprise_id AND e.deleted_at IS NULL');
    // Tasks of files the actor no longer sees (an officer moved to another district) stay hidden.
    const tasks = await applyScope(qb, 'e', scopeOf(actor))
      .select(['t.id AS id', 't.title AS title', 't.due_on AS "dueOn"', 't.version AS version', 'e.id AS "enterpriseId"', 'e.name AS "enterpriseName"'])
      .andWhere('t.assignee_id = :me AND t.done_at IS NULL', { me: actor.userId })
      .orderBy('t.due_on', 'ASC')
      .limit(500)
      .getRawMany<{ id: number; title: string; dueOn: string; version: number; enterpriseId: number; enterpriseName: string }>();
    const today = todayIso();
    const weekEnd = addDays(today, 7);
    return {
      overdue: tasks.filter((t) => t.dueOn < today),
      thisWeek: tasks.filter((t) => t.dueOn >= today && t.dueOn <= weekEnd),
      later: tasks.filter((t) => t.dueOn > weekEnd),
    };
  }

  /** Completing a task is recorded on the enterprise's timeline, in the same transaction. */
  async completeTask(actor: Actor, taskId: number, version?: number) {
    return this.dataSource.transaction(async (em) => {
      // One scoped query: a task of a file the actor cannot see answers exactly like a task that
      // does not exist (same body, same work done).
      const task = Number.isSafeInteger(taskId) && taskId > 0
        ? await applyScope(em.getRepository(Task).createQueryBuilder('t').innerJoin(Enterprise, 'e', 'e.id = t.enterprise_id AND e.deleted_at IS NULL'), 'e', scopeOf(actor))
          .andWhere('t.id = :taskId', { taskId }).getOne()
        : null;
      if (!task) throw new NotFoundError('Task');
      enforce(decideCompleteTask(actor, task));
      if (task.doneAt) throw new ConflictError('The task is already done');
      if (version !== undefined && version !== task.version) throw new StaleVersionError('Task', task.version);
      const result = await em.update(Task, { id: taskId, version: task.version, doneAt: IsNull() }, { doneAt: new Date(), doneBy: actor.userId, version: task.version + 1 });
      if (!result.affected) throw new StaleVersionError('Task', task.version + 1);
      await em.insert(Activity, { enterpriseId: task.enterpriseId, kind: 'task-completed', occurredAt: new Date(), authorId: actor.userId, authorName: actor.displayName, text: task.title });
      await this.audit.record(em, actor, { action: 'complete', entity: 'task', entityId: taskId, enterpriseId: task.enterpriseId, before: { done: false }, after: { done: true } });
      return { id: taskId, done: true, version: task.version + 1 };
    });
  }
}

/** "营业收入 2025: 1,200.00 万元 → 1,350.00 万元" from an audit entry. */
export function describeChange(entry: AuditEntry, locale: Actor['locale']): string {
  const entityLabel = translate(locale, `entity.${entry.entity}`);
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  // Financial years are part of the entity id ("enterpriseId/year"), since the year itself never changes.
  const year = entry.entity === 'annual_financials' ? entry.entityId.split('/')[1] : undefined;
  const fields = Object.keys({ ...before, ...after }).filter((k) => k !== 'year');
  if (entry.action === 'create' && entry.entity !== 'annual_financials') return `${translate(locale, 'timeline.created')} ${entityLabel}`;
  if (!fields.length) return `${translate(locale, `timeline.action.${entry.action}`)} ${entityLabel}`;
  // Labels, never catalogue keys or codes (issue 18.7): the entity's own label for a field or value when the
  // catalogue has one (offer.fastTrack, offer.status.open), yes/no for flags.
  const known = (key: string) => (translate(locale, key) === key ? null : translate(locale, key));
  const fieldLabel = (k: string) => known(`figure.${k}`) ?? known(`${entry.entity}.${k}`) ?? k;
  const show = (k: string, v: unknown) => {
    if (v === null || v === undefined) return '—';
    if (MONEY.has(k) || k === 'registeredCapital') return formatWan(v, locale);
    if (typeof v === 'boolean') return translate(locale, v ? 'actual.yes' : 'actual.no');
    return (typeof v === 'string' ? known(`${entry.entity}.${k}.${v}`) : null) ?? String(v);
  };
  return fields
    .map((k) => `${fieldLabel(k)}${year ? ` ${year}` : ''}: ${show(k, before[k])} → ${show(k, after[k])}`)
    .join('; ');
}
