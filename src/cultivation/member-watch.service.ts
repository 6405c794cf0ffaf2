import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { todayIso } from '../common/format.js';
import { ScheduleLeaseService } from '../jobs/schedule-lease.service.js';
import { translate } from '../i18n/i18n.js';
import { isLocale, type Locale } from '../i18n/locale.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import { EligibilityService } from '../policy/eligibility.service.js';
import { compactResult } from '../policy/evaluation-record.js';
import { CultivationMembership } from './cultivation.entity.js';
import { MEMBERSHIP_HISTORY } from './membership-history.js';
import { HistoryService } from '../audit/history.service.js';
import { OPEN_STATUSES } from './membership-machine.js';
import { PoolService } from './pool.service.js';
import { htCriteriaOf, improvements, regressions } from './progress.js';

/** Audited entities whose change can change an HNTE criterion: the enterprise's facts. */
export const FACT_ENTITIES: ReadonlySet<string> = new Set(['annual_financials', 'ip_asset', 'qualification', 'credit_flag', 'enterprise']);
const APPLICATION_ENTITY = 'application';

interface Work {
  enterpriseId: number;
  actorId: number | null;
  actorUsername: string;
  kind: 'facts' | 'application';
}

const addDays = (iso: string, days: number) => new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** The dedupe key of a regression task: one task per membership, criterion and the evaluation it was last met in. */
export function regressionKey(membershipId: number, code: string, lastMetEvaluationId: number): string {
  return `cultivation:regression:${membershipId}:${code}:${lastMetEvaluationId}`;
}

/**
 * Keeps pool members' evaluations current without touching the enterprise module: it listens to
 * the audit log, which every change of a file writes in the change's own transaction (the
 * enterprise module's `putFinancials`, IP, qualifications, credit flags, profile edits, imports).
 * When such a transaction commits and the enterprise is an open pool member, the member is
 * re-evaluated through EligibilityService.recordEvaluation (source 'change'); a criterion that was
 * met in the previous evaluation and is unmet now raises a task for the member's officer, once
 * (task.dedupe_key). Changes to an enterprise's applications re-check the member's HNTE outcome.
 *
 * The work runs after the commit, outside the writer's transaction, one item at a time; a failure
 * is logged and never reaches the writer. `idle()` resolves when the queue is empty (tests).
 */
@Injectable()
export class MemberWatchService implements EntitySubscriberInterface<AuditEntry>, OnApplicationShutdown {
  private readonly logger = new Logger(MemberWatchService.name);
  private readonly pending = new WeakMap<QueryRunner, Work[]>();
  /** Pending work, one entry per kind and enterprise (insertion order). */
  private readonly queue = new Map<string, Work>();
  private draining: Promise<void> | null = null;
  private stopped = false;
  /** The root async context: the work never runs inside a writer's transaction context. */
  private readonly root = new AsyncResource('cultivation-member-watch');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly eligibility: EligibilityService,
    private readonly pool: PoolService,
    private readonly audit: AuditService,
    private readonly history: HistoryService,
    private readonly schedule: ScheduleLeaseService,
  ) {
    dataSource.subscribers.push(this);
  }

  listenTo() {
    return AuditEntry;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  afterInsert(event: InsertEvent<AuditEntry>): void {
    const entry = event.entity;
    if (!entry?.enterpriseId || this.stopped) return;
    const kind = FACT_ENTITIES.has(entry.entity) ? 'facts' : entry.entity === APPLICATION_ENTITY ? 'application' : null;
    if (!kind) return;
    const work: Work = { enterpriseId: Number(entry.enterpriseId), actorId: entry.actorId ?? null, actorUsername: entry.actorUsername ?? 'system', kind };
    const qr = event.queryRunner;
    if (qr?.isTransactionActive) {
      const list = this.pending.get(qr) ?? [];
      list.push(work);
      this.pending.set(qr, list);
    } else {
      this.enqueue([work]);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint is not a commit: wait for the outermost one.
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    this.pending.delete(event.queryRunner);
    this.enqueue(list);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  private enqueue(list: Work[]): void {
    for (const w of list) {
      const key = `${w.kind}:${w.enterpriseId}`;
      if (!this.queue.has(key)) this.queue.set(key, w);
    }
    if (!this.draining) {
      this.draining = new Promise<void>((resolve) => {
        this.root.runInAsyncScope(() => setImmediate(() => void this.drain().finally(resolve)));
      }).finally(() => {
        this.draining = null;
      });
    }
  }

  /** Resolves when everything queued so far has been processed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Of these enterprises, those with an open membership (one query per 500, so an import of thousands of rows stays cheap). */
  private async members(enterpriseIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    const pg = this.dataSource.options.type === 'postgres';
    for (let i = 0; i < enterpriseIds.length; i += 500) {
      const part = enterpriseIds.slice(i, i + 500);
      const rows: { enterprise_id: number }[] = await this.dataSource.query(
        `SELECT DISTINCT enterprise_id FROM cultivation_membership WHERE status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')}) AND enterprise_id IN (${part.map((_, j) => (pg ? `$${j + 1}` : '?')).join(',')})`,
        part,
      );
      for (const r of rows) out.add(Number(r.enterprise_id));
    }
    return out;
  }

  private async drain(): Promise<void> {
    while (this.queue.size && !this.stopped) {
      const batch = [...this.queue.values()];
      this.queue.clear();
      let members: Set<number>;
      try {
        members = await this.members([...new Set(batch.filter((w) => w.kind === 'facts').map((w) => w.enterpriseId))]);
      } catch (err) {
        this.logger.error(`pool members lookup: ${(err as Error).message}`);
        continue;
      }
      for (const work of batch) {
        if (this.stopped) return;
        if (work.kind === 'facts' && !members.has(work.enterpriseId)) continue;
        await this.process(work);
      }
    }
  }

  private async process(work: Work): Promise<void> {
    try {
      if (work.kind === 'application') await this.pool.reconcile(work.enterpriseId);
      else await this.reevaluate(work.enterpriseId, work.actorId, work.actorUsername);
    } catch (err) {
      this.logger.error(`pool member ${work.enterpriseId} (${work.kind}): ${(err as Error).message}`);
    }
  }

  /**
   * Re-evaluates an enterprise if it is an open pool member (recorded, source 'change') and raises
   * a task per regressed criterion. Returns the regressed codes.
   */
  async reevaluate(enterpriseId: number, actorId: number | null = null, actorUsername = 'system'): Promise<string[]> {
    const members = await this.dataSource.getRepository(CultivationMembership).find({ where: OPEN_STATUSES.map((status) => ({ enterpriseId, status })) });
    if (!members.length) return [];
    const pg = this.dataSource.options.type === 'postgres';
    const [previous] = await this.dataSource.query(`SELECT id, result FROM evaluation WHERE enterprise_id = ${pg ? '$1' : '?'} ORDER BY id DESC LIMIT 1`, [enterpriseId]);
    // Recorded in the name of whoever changed the file; the scope check is the system's (the change was allowed).
    const actor: Actor = { ...SYSTEM_ACTOR, userId: actorId ?? 0, username: actorUsername, displayName: actorUsername };
    const { evaluationId, response } = await this.eligibility.recordEvaluation(actor, enterpriseId, 'change', todayIso());
    if (!previous) return [];
    const before = htCriteriaOf(typeof previous.result === 'string' ? JSON.parse(previous.result) : previous.result);
    const after = htCriteriaOf(compactResult(response));
    const regressed = regressions(before, after);
    const improved = improvements(before, after);
    if (!regressed.length && !improved.length) return [];
    const enterprise: { name: string; assigned_officer_id: number | null } | undefined = (await this.dataSource.query(
      `SELECT name, assigned_officer_id FROM enterprise WHERE id = ${pg ? '$1' : '?'}`, [enterpriseId],
    ))[0];
    for (const m of members) {
      await this.dataSource.transaction(async (em) => {
        const data = { evaluationId, previousEvaluationId: Number(previous.id), regressed, improved };
        // The history row only: the re-evaluation is audited as an evaluation, each regression task below.
        await this.history.record(em, {
          subject: { table: MEMBERSHIP_HISTORY, id: m.id }, actor: { ...actor, userId: actorId ?? 0 }, action: regressed.length ? 'regression' : 'progress',
          from: m.status, to: m.status, data, audit: false,
        });
        const assignee = m.assignedOfficerId ?? (enterprise?.assigned_officer_id === null || enterprise?.assigned_officer_id === undefined ? null : Number(enterprise.assigned_officer_id));
        if (!assignee || !regressed.length) return;
        const [user] = await em.query(`SELECT locale FROM app_user WHERE id = ${pg ? '$1' : '?'} AND active = ${pg ? 'true' : '1'}`, [assignee]);
        if (!user) return;
        const locale: Locale = isLocale(user.locale) ? user.locale : 'zh-CN';
        for (const code of regressed) {
          const title = translate(locale, 'cultivation.task.regression', {
            criterion: `${code} ${CRITERION_LABELS[code as keyof typeof CRITERION_LABELS]?.[locale] ?? ''}`.trim(), enterprise: enterprise?.name ?? '', year: m.year,
          });
          const key = regressionKey(m.id, code, Number(previous.id));
          const [exists] = await em.query(`SELECT id FROM task WHERE dedupe_key = ${pg ? '$1' : '?'}`, [key]);
          if (exists) continue;
          // ON CONFLICT as well: another process may raise the same task at the same moment.
          await em.query(
            `INSERT INTO task (enterprise_id, title, due_on, assignee_id, created_by, dedupe_key, version) VALUES (${[1, 2, 3, 4, 5, 6, 7].map((i) => (pg ? `$${i}` : '?')).join(',')}) ON CONFLICT (dedupe_key) DO NOTHING`,
            [enterpriseId, title.slice(0, 200), addDays(todayIso(), 7), assignee, null, key, 1],
          );
          await this.audit.record(em, SYSTEM_ACTOR, { action: 'regression', entity: 'cultivation_membership', entityId: m.id, enterpriseId, after: { criterion: code, evaluationId, dedupeKey: key } });
        }
      });
    }
    return regressed;
  }

  /** Daily: close memberships whose HNTE application was decided (in case an event was missed). */
  @Cron('0 45 6 * * *', { timeZone: 'Asia/Shanghai' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      // Once a day across all processes (cluster workers, hosts): src/jobs/schedule-lease.service.ts.
      await this.schedule.once('pool-reconcile', todayIso(), async () => {
        const result = await this.pool.reconcile();
        this.logger.log(`pool reconcile: ${result.linked} linked, ${result.closed} closed`);
      });
    } catch (err) {
      this.logger.error(`pool reconcile failed: ${(err as Error).message}`);
    }
  }
}
