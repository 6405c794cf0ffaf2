import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConflictError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { Job } from '../jobs/job.entity.js';
import { JobsService, type JobContext } from '../jobs/jobs.service.js';
import { TIERS, type Facts } from '../policy/engine/facts.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { FORECAST_JOB } from './forecast.constants.js';
import type { ForecastLine } from './forecast-chunk.js';
import { ForecastPool } from './forecast-pool.js';
import { FORECAST_ASSUMPTIONS, oneYearLater } from './projection.js';
import { isPostgres } from './report-sql.js';
import { ruleSetVersions } from '../policy/engine/rule-sets.js';
import { enforce } from '../common/policy.js';
import { decideReports } from './reports.policy.js';

const CHUNK = 1000;

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
    enforce(decideReports(actor, 'runForecast'));
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

    const pool = new ForecastPool();
    try {
      const params = { asOf, projectedAsOf, year, now, next };
      // The next chunk's facts are read while the workers compute the current one.
      let ids = await this.ids(cursor);
      let facts = ids.length ? loadFacts(this.dataSource, ids, year) : null;
      while (ids.length && facts) {
        const loaded = await facts;
        const entries = ids.filter((id) => loaded.has(id)).map((id): [number, Facts] => [id, loaded.get(id)!]);
        const last = ids[ids.length - 1]!;
        const nextIds = await this.ids(last);
        const nextFacts = nextIds.length ? loadFacts(this.dataSource, nextIds, year) : null;
        nextFacts?.catch(() => undefined); // awaited below; a failure surfaces there, not as an unhandled rejection
        const lines = await pool.run(params, entries);
        for (const line of lines) {
          summary.evaluated++;
          if (line.projected) summary.projected++;
          else summary.insufficient++;
          if (line.projectedTier) summary.projectedByRung[line.projectedTier] = (summary.projectedByRung[line.projectedTier] ?? 0) + 1;
        }
        cursor = last;
        await this.dataSource.transaction(async (em) => {
          await this.insert(em, ctx.job.id, lines);
          await ctx.progress({ done: summary.evaluated, total: Number(total), cursor: String(cursor), summary: summary as unknown as Record<string, unknown> }, em);
        });
        ids = nextIds;
        facts = nextFacts;
      }
    } finally {
      await pool.close();
    }
    await this.writeCells(ctx.job.id);
    summary.ruleSets = ruleSetVersions(next);
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    return summary as unknown as Record<string, unknown>;
  }

  /** Lines and totals of earlier runs go, except the last completed run's (the page shows it until this one is done). */
  private async clearOldRuns(jobId: number): Promise<void> {
    const last = await this.dataSource.getRepository(Job).findOne({ where: { kind: FORECAST_JOB, status: 'done' }, order: { id: 'DESC' } });
    const keep = [jobId, last?.id ?? jobId];
    const p = isPostgres(this.dataSource) ? ['$1', '$2'] : ['?', '?'];
    for (const table of ['report_forecast', 'report_forecast_cell']) await this.dataSource.query(`DELETE FROM ${table} WHERE job_id NOT IN (${p.join(', ')})`, keep);
  }

  /**
   * The run's totals by district, zone, rung recognised now, rung eligible now and projected rung,
   * counted in SQL from its lines (live files only) when the run completes; replaced if it resumes.
   */
  private async writeCells(jobId: number): Promise<void> {
    const p = isPostgres(this.dataSource) ? ['$1'] : ['?'];
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM report_forecast_cell WHERE job_id = ${p[0]}`, [jobId]);
      await em.query(
        `INSERT INTO report_forecast_cell (job_id, district_code, zone_code, current_tier, eligible_tier, projected_tier, projected, n)
         SELECT f.job_id, e.district_code, e.zone_code, e.current_tier, f.eligible_tier, f.projected_tier, f.projected, COUNT(*)
         FROM report_forecast f JOIN enterprise e ON e.id = f.enterprise_id
         WHERE f.job_id = ${p[0]} AND e.deleted_at IS NULL
         GROUP BY f.job_id, e.district_code, e.zone_code, e.current_tier, f.eligible_tier, f.projected_tier, f.projected`,
        [jobId],
      );
    });
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
