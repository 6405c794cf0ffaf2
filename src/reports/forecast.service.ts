import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError, ForbiddenError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { Job } from '../jobs/job.entity.js';
import { JobsService, type JobContext } from '../jobs/jobs.service.js';
import { evaluate, type EvaluationResponse } from '../policy/engine/evaluate.js';
import { TIERS } from '../policy/engine/facts.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { FORECAST_JOB } from './forecast.constants.js';
import { FORECAST_ASSUMPTIONS, oneYearLater, projectFacts } from './projection.js';
import { isPostgres } from './report-sql.js';

const CHUNK = 1000;

interface ForecastLine {
  enterpriseId: number;
  eligibleTier: string | null;
  projectedTier: string | null;
  projected: boolean;
  shortfallFen: number | null;
}

/** Money short on the ladder gap (yuan), summed over the criteria that state an amount to add. */
export function gapShortfall(response: EvaluationResponse): number | null {
  let total: number | null = null;
  for (const item of response.ladder.gap) {
    const s = item.shortfall;
    if (s && typeof s.amount === 'number' && s.unit === 'yuan' && s.direction !== 'decrease' && s.amount > 0) total = (total ?? 0) + s.amount;
  }
  return total;
}

export interface ForecastSummary {
  asOf: string;
  projectedAsOf: string;
  projectedYear: number;
  evaluated: number;
  projected: number;
  insufficient: number;
  projectedByRung: Record<string, number>;
  assumptions: typeof FORECAST_ASSUMPTIONS;
  ruleSets?: Record<string, string>;
  seconds?: number;
}

/**
 * The forecast as a background job (jobs.service: lease, heartbeat, resumable cursor): every live
 * enterprise, in id order and in chunks of 1,000, is evaluated today and on its projected figures a
 * year ahead (projection.ts), and one line per enterprise is stored in report_forecast together with
 * the job's cursor, so a killed process resumes where it stopped. The dashboard reads the lines of
 * the last completed run; a run keeps the previous completed run's lines until it completes itself.
 */
@Injectable()
export class ForecastService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(FORECAST_JOB, (ctx) => this.run(ctx));
  }

  async start(actor: Actor, asOf = todayIso()): Promise<Job> {
    if (actor.role !== 'admin' && actor.role !== 'manager') throw new ForbiddenError('Only administrators and managers start a forecast');
    const pending = await this.dataSource.getRepository(Job).count({ where: { kind: FORECAST_JOB, status: In(['queued', 'running']) } });
    if (pending) throw new ConflictError('A forecast is already queued or running');
    return this.jobs.enqueue(actor, FORECAST_JOB, { asOf });
  }

  private async ids(after: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM enterprise WHERE deleted_at IS NULL AND id > ${isPostgres(this.dataSource) ? '$1' : '?'} ORDER BY id LIMIT ${CHUNK}`,
      [after],
    );
    return rows.map((r) => Number(r.id));
  }

  private async run(ctx: JobContext): Promise<Record<string, unknown>> {
    const started = Date.now();
    const asOf = String(ctx.job.params.asOf ?? todayIso());
    const projectedAsOf = oneYearLater(asOf);
    const year = Number(asOf.slice(0, 4));
    const [now, next] = await Promise.all([this.ruleSets.resolve(asOf), this.ruleSets.resolve(projectedAsOf)]);
    const [{ total }] = await this.dataSource.query('SELECT COUNT(*) AS total FROM enterprise WHERE deleted_at IS NULL');

    const resumed = ctx.job.cursor ? (ctx.job.summary as unknown as ForecastSummary | null) : null;
    const summary: ForecastSummary = resumed ?? {
      asOf, projectedAsOf, projectedYear: year, evaluated: 0, projected: 0, insufficient: 0,
      projectedByRung: Object.fromEntries(TIERS.map((t) => [t, 0])), assumptions: FORECAST_ASSUMPTIONS,
    };
    if (!resumed) await this.clearOldRuns(ctx.job.id);
    let cursor = Number(ctx.job.cursor ?? 0);
    await ctx.progress({ done: summary.evaluated, total: Number(total) });

    for (;;) {
      const ids = await this.ids(cursor);
      if (!ids.length) break;
      const facts = await loadFacts(this.dataSource, ids, year);
      const lines: ForecastLine[] = [];
      for (const id of ids) {
        const f = facts.get(id);
        if (!f) continue;
        const current = evaluate({ asOf, programs: TIERS, facts: f }, now, { explanations: false });
        const projection = projectFacts(f, year);
        const future = projection.projected ? evaluate({ asOf: projectedAsOf, programs: TIERS, facts: projection.facts }, next, { explanations: false }) : null;
        const shortfall = gapShortfall(current);
        const projectedTier = future?.ladder.highestEligibleTier ?? null;
        lines.push({ enterpriseId: id, eligibleTier: current.ladder.highestEligibleTier, projectedTier, projected: projection.projected, shortfallFen: shortfall === null ? null : Math.round(shortfall * 100) });
        summary.evaluated++;
        if (projection.projected) summary.projected++;
        else summary.insufficient++;
        if (projectedTier) summary.projectedByRung[projectedTier] = (summary.projectedByRung[projectedTier] ?? 0) + 1;
      }
      cursor = ids[ids.length - 1]!;
      await this.dataSource.transaction(async (em) => {
        await this.insert(em, ctx.job.id, lines);
        await ctx.progress({ done: summary.evaluated, total: Number(total), cursor: String(cursor), summary: summary as unknown as Record<string, unknown> }, em);
      });
    }
    summary.ruleSets = Object.fromEntries(Object.entries(next).map(([p, rs]) => [p, rs.version]));
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    return summary as unknown as Record<string, unknown>;
  }

  /** Lines of earlier runs go, except those of the last completed run (the page shows it until this one is done). */
  private async clearOldRuns(jobId: number): Promise<void> {
    const last = await this.dataSource.getRepository(Job).findOne({ where: { kind: FORECAST_JOB, status: 'done' }, order: { id: 'DESC' } });
    const keep = [jobId, last?.id ?? jobId];
    const p = isPostgres(this.dataSource) ? ['$1', '$2'] : ['?', '?'];
    await this.dataSource.query(`DELETE FROM report_forecast WHERE job_id NOT IN (${p.join(', ')})`, keep);
  }

  private async insert(em: EntityManager, jobId: number, lines: ForecastLine[]): Promise<void> {
    const pg = isPostgres(this.dataSource);
    // Re-running a chunk after a takeover replaces its lines.
    if (lines.length) {
      const ids = lines.map((l) => l.enterpriseId);
      await em.query(`DELETE FROM report_forecast WHERE job_id = ${pg ? '$1' : '?'} AND enterprise_id IN (${ids.map((_, i) => (pg ? `$${i + 2}` : '?')).join(',')})`, [jobId, ...ids]);
    }
    const perStatement = 4000;
    for (let i = 0; i < lines.length; i += perStatement) {
      const part = lines.slice(i, i + perStatement);
      const params: unknown[] = [];
      const tuples = part.map((l) => {
        const values = [jobId, l.enterpriseId, l.eligibleTier, l.projectedTier, pg ? l.projected : l.projected ? 1 : 0, l.shortfallFen];
        const base = params.length;
        params.push(...values);
        return `(${values.map((_, j) => (pg ? `$${base + j + 1}` : '?')).join(',')})`;
      });
      await em.query(`INSERT INTO report_forecast (job_id, enterprise_id, eligible_tier, projected_tier, projected, shortfall) VALUES ${tuples.join(',')}`, params);
    }
  }
}
