import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { decidePolicy } from './policy-module.policy.js';
import { enforce } from '../common/policy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError, InvalidInputError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService, type JobContext } from '../jobs/jobs.service.js';
import { contextFor, evaluateProgram } from './engine/evaluate.js';
import { ENGINE_VERSION } from './engine/rule-sets.js';
import type { Facts, Program } from './engine/facts.js';
import type { RuleSets } from './engine/rule-sets.js';
import { fingerprintOf, statusChanged, upsertStatus, type StatusFingerprint, type StatusRow } from './evaluation-record.js';
import { EvaluationPool } from './evaluation-pool.js';
import { loadFacts } from './facts-loader.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import { ruleSetVersions } from './engine/rule-sets.js';
import { ImportEvents } from '../imports/import-events.js';

export const BATCH_EVALUATION = 'batch-evaluation';
export const IMPACT_PREVIEW = 'impact-preview';
const CHUNK = 1000;

export interface ImpactSummary {
  program: string;
  draftVersion: string;
  currentVersion: string;
  asOf: string;
  evaluated: number;
  changed: number;
  byDistrict: Record<string, Record<string, number>>;
  enterprises: { id: number; name: string; districtCode: string; from: string; to: string }[];
}

/**
 * The portfolio-wide jobs of the policy module: re-evaluating every enterprise (latest eligibility,
 * with a snapshot stored for each enterprise whose outcome changed) and previewing a draft rule
 * set's impact. Both walk enterprises in id order in chunks; each chunk and the job's cursor commit
 * together, so a killed process resumes where it stopped.
 */
@Injectable()
export class BatchEvaluationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly ruleSets: RuleSetsService,
    @Optional() private readonly importEvents?: ImportEvents,
  ) {}

  /** Steps run after each completed batch, in order (offer matching, issue 15); each result is summarised under its name. */
  private readonly followUps: { name: string; run: (asOf: string) => Promise<Record<string, unknown>> }[] = [];

  afterBatch(name: string, run: (asOf: string) => Promise<Record<string, unknown>>): void {
    this.followUps.push({ name, run });
  }

  onModuleInit(): void {
    this.jobs.register(BATCH_EVALUATION, (ctx) => this.runBatch(ctx));
    this.jobs.register(IMPACT_PREVIEW, (ctx) => this.runImpact(ctx));
    this.importEvents?.onCommitted('batch-evaluation', (e) => this.afterImport(e.kind, e.jobId));
  }

  /**
   * After an import commit (issue 15, rules.md §11): the portfolio is re-evaluated by a queued batch,
   * whose completion runs matching. A batch still queued reads the imported rows when it starts, so
   * it is reused; behind a running one a follow-up is queued. KPI figures decide no eligibility.
   */
  async afterImport(kind: string, importJobId: number): Promise<Job | null> {
    if (kind === 'kpi-figures') return null;
    const active = await this.jobs.recent([BATCH_EVALUATION], 5);
    const queued = active.find((j) => j.status === 'queued');
    if (queued) return queued;
    return this.jobs.enqueue(null, BATCH_EVALUATION, { asOf: todayIso(), trigger: 'import', importJobId });
  }

  async startBatch(actor: Actor, asOfOrToday?: string | null): Promise<Job> {
    const asOf = asOfOrToday ?? todayIso();
    enforce(decidePolicy(actor, 'runBatchEvaluation'));
    const active = (await this.jobs.recent([BATCH_EVALUATION], 5)).filter((j) => j.status === 'queued' || j.status === 'running');
    // Only a batch somebody asked for refuses another; the follow-up of an import gives way.
    if (active.some((j) => j.params.trigger !== 'import')) throw new ConflictError('A batch evaluation is already queued or running');
    // A waiting follow-up is replaced by this run (the same portfolio, at the date asked); a running one is queued behind.
    for (const j of active.filter((x) => x.status === 'queued')) await this.jobs.cancelQueued(actor, j.id, { supersededBy: 'request', asOf });
    return this.jobs.enqueue(actor, BATCH_EVALUATION, { asOf });
  }

  async startImpact(actor: Actor, ruleSetId: number, asOfOrToday?: string | null): Promise<Job> {
    const asOf = asOfOrToday ?? todayIso();
    enforce(decidePolicy(actor, 'previewImpact'));
    const draft = await this.ruleSets.get(ruleSetId);
    if (draft.program === 'ip-pledge') throw new InvalidInputError('IP-pledge parameters do not change eligibility outcomes; nothing to preview');
    return this.jobs.enqueue(actor, IMPACT_PREVIEW, { ruleSetId, asOf });
  }

  private async ids(after: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM enterprise WHERE deleted_at IS NULL AND id > ${this.dataSource.options.type === 'postgres' ? '$1' : '?'} ORDER BY id LIMIT ${CHUNK}`,
      [after],
    );
    return rows.map((r) => Number(r.id));
  }

  private async total(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    return Number(row.n);
  }

  private async runBatch(ctx: JobContext): Promise<Record<string, unknown>> {
    const asOf = String(ctx.job.params.asOf ?? todayIso());
    const n = Number(asOf.slice(0, 4));
    const ruleSets = await this.ruleSets.resolve(asOf);
    const versions = ruleSetVersions(ruleSets);
    const total = await this.total();
    let done = ctx.job.cursor ? ctx.job.progressDone : 0;
    let changed = Number(ctx.job.summary?.changed ?? 0);
    let cursor = Number(ctx.job.cursor ?? 0);
    const started = Date.now();
    await ctx.progress({ done, total });
    const pg = this.dataSource.options.type === 'postgres';
    const pool = new EvaluationPool();
    const load = async (after: number) => {
      const ids = await this.ids(after);
      return { ids, facts: ids.length ? await loadFacts(this.dataSource, ids, n, asOf) : new Map() };
    };
    try {
      let next = load(cursor);
      for (;;) {
        const { ids, facts } = await next;
        if (!ids.length) break;
        // Workers evaluate this chunk while the main thread reads the next one.
        const evaluated = pool.evaluate(asOf, ruleSets, ids.filter((id) => facts.has(id)).map((id) => [id, facts.get(id)!] as [number, Facts]));
        next = load(ids[ids.length - 1]!);
        const previous = await this.previousKeys(ids);
        const results = await evaluated;
        const statuses: StatusRow[] = [];
        const snapshots: { enterpriseId: number; facts: unknown; result: unknown; highestTier: string | null }[] = [];
        for (const { id, status, compact } of results) {
          statuses.push(status);
          const before = previous.get(id);
          // A snapshot for each change of outcome; the first evaluation of a file is not a change.
          if (before !== undefined && statusChanged(before, status)) {
            snapshots.push({ enterpriseId: id, facts: facts.get(id), result: compact, highestTier: status.highestTier });
          }
        }
        await this.dataSource.transaction(async (em) => {
          if (snapshots.length) await this.storeSnapshots(em, ctx.job, asOf, versions, snapshots, statuses, pg);
          await upsertStatus(em, statuses);
          changed += snapshots.length;
          done += ids.length;
          cursor = ids[ids.length - 1]!;
          await ctx.progress({ done, total, cursor: String(cursor), summary: { asOf, changed, ruleSets: versions } }, em);
        });
      }
    } finally {
      await pool.close();
    }
    const followUps: Record<string, unknown> = {};
    for (const f of this.followUps) followUps[f.name] = await f.run(asOf);
    return { asOf, evaluated: done, changed, ruleSets: versions, seconds: Math.round((Date.now() - started) / 100) / 10, ...followUps };
  }

  /** The status fingerprint of each enterprise before this run (to tell what changed). */
  private async previousKeys(ids: number[]): Promise<Map<number, StatusFingerprint>> {
    const pg = this.dataSource.options.type === 'postgres';
    const previous = new Map<number, StatusFingerprint>();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM eligibility_status WHERE enterprise_id BETWEEN ${pg ? '$1 AND $2' : '? AND ?'}`,
      [ids[0], ids[ids.length - 1]],
    );
    for (const p of rows) previous.set(Number(p.enterprise_id), fingerprintOf(p));
    return previous;
  }

  /** Stores the evaluation snapshots of changed files and points their status rows at them. */
  private async storeSnapshots(
    em: EntityManager, job: Job, asOf: string, versions: Record<string, string>,
    snapshots: { enterpriseId: number; facts: unknown; result: unknown; highestTier: string | null }[], statuses: StatusRow[], pg: boolean,
  ): Promise<void> {
    const now = new Date();
    for (let i = 0; i < snapshots.length; i += 200) {
      const part = snapshots.slice(i, i + 200);
      const params: unknown[] = [];
      const tuples = part.map((s) => {
        const values = [s.enterpriseId, asOf, JSON.stringify(versions), ENGINE_VERSION, JSON.stringify(s.facts), JSON.stringify(s.result), s.highestTier, 'batch', job.id, job.createdBy, pg ? now : now.toISOString().replace('T', ' ').replace('Z', '')];
        const base = params.length;
        params.push(...values);
        return `(${values.map((_, j) => (pg ? `$${base + j + 1}` : '?')).join(',')})`;
      });
      await em.query(`INSERT INTO evaluation (enterprise_id, as_of, rule_sets, engine_version, facts, result, highest_tier, source, batch_id, created_by, created_at) VALUES ${tuples.join(',')}`, params);
    }
    const changedIds = snapshots.map((s) => s.enterpriseId);
    const rows: { id: number; enterprise_id: number }[] = await em.query(
      `SELECT id, enterprise_id FROM evaluation WHERE batch_id = ${pg ? '$1' : '?'} AND enterprise_id IN (${changedIds.map((_, i) => (pg ? `$${i + 2}` : '?')).join(',')})`,
      [job.id, ...changedIds],
    );
    const byEnterprise = new Map(rows.map((r) => [Number(r.enterprise_id), Number(r.id)]));
    for (const s of statuses) s.evaluationId = byEnterprise.get(s.enterpriseId) ?? s.evaluationId;
  }

  private async runImpact(ctx: JobContext): Promise<Record<string, unknown>> {
    const draft = await this.ruleSets.get(Number(ctx.job.params.ruleSetId));
    const program = draft.program as Program;
    const asOf = String(ctx.job.params.asOf ?? todayIso());
    const n = Number(asOf.slice(0, 4));
    const current: RuleSets = await this.ruleSets.resolve(asOf);
    const proposed: RuleSets = await this.ruleSets.withDraft(asOf, draft);
    const total = await this.total();
    const summary: ImpactSummary = ctx.job.cursor
      ? (ctx.job.summary as unknown as ImpactSummary)
      : { program, draftVersion: draft.version, currentVersion: current[program].version, asOf, evaluated: 0, changed: 0, byDistrict: {}, enterprises: [] };
    let cursor = Number(ctx.job.cursor ?? 0);
    await ctx.progress({ done: summary.evaluated, total });
    for (;;) {
      const ids = await this.ids(cursor);
      if (!ids.length) break;
      const facts = await loadFacts(this.dataSource, ids, n, asOf);
      for (const id of ids) {
        const f = facts.get(id);
        if (!f) continue;
        const ctxNow = contextFor({ asOf, facts: f }, current, { explanations: false });
        const before = evaluateProgram(program, ctxNow, current[program]).outcome;
        const ctxDraft = contextFor({ asOf, facts: f }, proposed, { explanations: false });
        const after = evaluateProgram(program, ctxDraft, proposed[program]).outcome;
        summary.evaluated++;
        if (before === after) continue;
        summary.changed++;
        const district = f.enterprise.districtCode ?? '';
        const byDistrict = (summary.byDistrict[district] ??= {});
        byDistrict[`${before}→${after}`] = (byDistrict[`${before}→${after}`] ?? 0) + 1;
        if (summary.enterprises.length < 1000) summary.enterprises.push({ id, name: f.enterprise.name ?? '', districtCode: district, from: before, to: after });
      }
      cursor = ids[ids.length - 1]!;
      await ctx.progress({ done: summary.evaluated, total, cursor: String(cursor), summary: summary as unknown as Record<string, unknown> });
    }
    return summary as unknown as Record<string, unknown>;
  }
}
