import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { NotFoundError } from '../common/errors.js';
import { Job } from './job.entity.js';

/** What a handler may do while it runs. */
export interface JobContext {
  job: Job;
  /**
   * Records progress and the resume cursor, inside the caller's transaction when one is given so
   * the work of a chunk and its cursor commit together. Throws when this process lost the lease.
   */
  progress(update: { done: number; total?: number; cursor?: string | null; summary?: Record<string, unknown> }, manager?: EntityManager): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

/**
 * A lease is lost when its heartbeat is older than this (the owner hung, or died on another
 * machine; a dead owner on this machine is noticed at once by its pid). Two minutes: at 120,000
 * files the first offer matching after a batch kept the heartbeat from landing for over 30 s under
 * load, and a second worker took the job over while the first was still at it.
 */
const STALE_MS = 120_000;
/**
 * A running job's heartbeat is renewed this often by a timer, whether or not the job reports
 * progress: the offer matching after a first batch at 120,000 files ran ~70 s without a progress
 * call, the other worker took the job over as stale and both matched at once (a duplicate offer
 * failed the job). A process that hangs stops the timer too, so a dead owner is still noticed.
 */
export const HEARTBEAT_MS = 10_000;
const POLL_MS = 1_000;

export class LeaseLostError extends Error {}

function ownerIsDead(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Background jobs kept in the database. Any process may run a queued job; a conditional UPDATE
 * takes the lease so it runs once, heartbeats keep it, and a job whose owner died is taken over
 * and resumes from its cursor. With JOBS_ENABLED off (tests) nothing polls; `drain()` runs work.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<string, JobHandler>();
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  /** How often a running job's heartbeat is renewed (tests shorten it). */
  heartbeatMs = HEARTBEAT_MS;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Queues a batch run (re-evaluation, impact preview, screening, forecast). Starting one is a change
   * like any other: its audit entry is written in the same transaction as the job row.
   */
  async enqueue(actor: Actor | null, kind: string, params: Record<string, unknown>): Promise<Job> {
    return this.dataSource.transaction(async (em) => {
      const job = await em.save(em.create(Job, { kind, status: 'queued', params, progressDone: 0, progressTotal: 0, cursor: null, summary: null, error: null, leaseOwner: null, heartbeatAt: null, createdBy: actor?.userId || null, startedAt: null, finishedAt: null }));
      await this.audit.record(em, actor ?? SYSTEM_ACTOR, { action: 'start', entity: 'job', entityId: job.id, after: { kind, ...params } });
      return job;
    });
  }

  /** Cancels a job that has not started (conditional: false when it was claimed meanwhile), audited. */
  async cancelQueued(actor: Actor | null, id: number, summary: Record<string, unknown>): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const res = await em.createQueryBuilder().update(Job).set({ status: 'cancelled', summary: summary as never, finishedAt: new Date() } as never)
        .where('id = :id AND status = :queued', { id, queued: 'queued' }).execute();
      if (!res.affected) return false;
      await this.audit.record(em, actor ?? SYSTEM_ACTOR, { action: 'cancel', entity: 'job', entityId: id, after: summary });
      return true;
    });
  }

  async get(id: number): Promise<Job> {
    const job = Number.isSafeInteger(id) ? await this.dataSource.getRepository(Job).findOneBy({ id }) : null;
    if (!job) throw new NotFoundError('Job');
    return job;
  }

  async recent(kinds: string[], limit = 10): Promise<Job[]> {
    return this.dataSource.getRepository(Job).find({ where: { kind: In(kinds) }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopping) return;
    this.running = true;
    try {
      while (!this.stopping && (await this.runOne())) {
        /* keep going while there is work */
      }
    } catch (err) {
      this.logger.error(`job loop: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Runs every runnable job to the end in this process (tests, CLI). */
  async drain(): Promise<void> {
    while (await this.runOne()) {
      /* until none is left */
    }
  }

  /** Claims and runs one job; false when there was nothing to run. */
  async runOne(): Promise<boolean> {
    const repo = this.dataSource.getRepository(Job);
    const candidates = await repo.find({ where: { status: In(['queued', 'running']), kind: In([...this.handlers.keys()]) }, order: { id: 'ASC' }, take: 20 });
    const now = new Date();
    for (const candidate of candidates) {
      const stale = candidate.status === 'running' && (!candidate.heartbeatAt || now.getTime() - candidate.heartbeatAt.getTime() > STALE_MS || ownerIsDead(candidate.leaseOwner));
      if (candidate.status === 'running' && !stale) continue;
      const claimed = await repo
        .createQueryBuilder()
        .update(Job)
        .set({ status: 'running', leaseOwner: this.owner, heartbeatAt: now, startedAt: candidate.startedAt ?? now })
        .where('id = :id AND status = :status', { id: candidate.id, status: candidate.status })
        .andWhere(candidate.leaseOwner ? 'lease_owner = :old' : 'lease_owner IS NULL', { old: candidate.leaseOwner })
        .execute();
      if (!claimed.affected) continue;
      if (candidate.status === 'running') this.logger.warn(`resuming job ${candidate.id} (${candidate.kind}) from cursor ${candidate.cursor ?? 'start'}`);
      await this.execute(await repo.findOneByOrFail({ id: candidate.id }));
      return true;
    }
    return false;
  }

  private async execute(job: Job): Promise<void> {
    const repo = this.dataSource.getRepository(Job);
    const handler = this.handlers.get(job.kind)!;
    let lost = false;
    let lastBeat = Date.now();
    const ours = { id: job.id, owner: this.owner, running: 'running' };
    const beat = setInterval(() => {
      const asked = Date.now();
      void repo.createQueryBuilder().update(Job).set({ heartbeatAt: new Date() })
        .where('id = :id AND lease_owner = :owner AND status = :running', ours).execute()
        .then((r) => {
          if (!r.affected) lost = true;
          const now = Date.now();
          // A late heartbeat says the event loop or the database was held: worth knowing before a takeover.
          if (now - lastBeat > STALE_MS / 4) this.logger.warn(`job ${job.id} (${job.kind}): heartbeat ${Math.round((now - lastBeat) / 1000)} s after the previous one (written ${Math.round((now - asked) / 1000)} s after asked)`);
          lastBeat = now;
        }, (err: Error) => this.logger.warn(`job ${job.id} heartbeat: ${err.message}`));
    }, this.heartbeatMs);
    beat.unref();
    const ctx: JobContext = {
      job,
      progress: async (update, manager) => {
        if (lost) throw new LeaseLostError(`job ${job.id} is no longer ours`);
        const set: Partial<Job> = { progressDone: update.done, heartbeatAt: new Date() };
        if (update.total !== undefined) set.progressTotal = update.total;
        if (update.cursor !== undefined) set.cursor = update.cursor;
        if (update.summary !== undefined) set.summary = update.summary;
        const result = await (manager ?? this.dataSource.manager)
          .createQueryBuilder()
          .update(Job)
          .set(set)
          .where('id = :id AND lease_owner = :owner AND status = :running', { id: job.id, owner: this.owner, running: 'running' })
          .execute();
        if (!result.affected) throw new LeaseLostError(`job ${job.id} is no longer ours`);
        Object.assign(job, set);
        if (this.stopping) throw new LeaseLostError('shutting down');
      },
    };
    try {
      const summary = await handler(ctx);
      clearInterval(beat);
      if (lost) throw new LeaseLostError(`job ${job.id} is no longer ours`);
      await repo.update({ id: job.id, leaseOwner: this.owner }, { status: 'done', finishedAt: new Date(), summary: (summary ?? job.summary ?? null) as Record<string, any> | null as never, heartbeatAt: new Date() });
    } catch (err) {
      clearInterval(beat);
      if (err instanceof LeaseLostError) {
        this.logger.warn(err.message);
        return;
      }
      this.logger.error(`job ${job.id} (${job.kind}) failed: ${(err as Error).message}`);
      await repo.update({ id: job.id, leaseOwner: this.owner }, { status: 'failed', finishedAt: new Date(), error: String((err as Error).message).slice(0, 500) });
    }
  }
}
