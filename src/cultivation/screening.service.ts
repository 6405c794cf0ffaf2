import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService, type JobContext } from '../jobs/jobs.service.js';
import type { Facts } from '../policy/engine/facts.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { CultivationMembership, Seedling, type SeedlingReason } from './cultivation.entity.js';
import { employeeBand, revenueBand } from './ranking.js';
import type { ScreenedRow } from './screen-chunk.js';
import { ScreeningPool } from './screening-pool.js';
import { enforce } from '../common/policy.js';
import { decideCultivation } from './cultivation.policy.js';

export const SCREENING = 'cultivation-screening';
const CHUNK = 1000;
const ROWS_PER_INSERT = 400;

const SEEDLING_COLUMNS = [
  'run_id', 'enterprise_id', 'district_code', 'high_tech_field', 'revenue', 'employees', 'revenue_band', 'employee_band', 'score', 'unmet_count',
  'missing_count', 'open_codes', 'reasons', 'as_of', 'evaluated_at',
];

export interface ScreeningSummary {
  asOf: string;
  ruleSet: string;
  evaluated: number;
  certified: number;
  blocked: number;
  candidates: number;
  seconds?: number;
}

export interface CandidateQuery {
  districtCode?: string;
  highTechField?: string;
  revenueBand?: string;
  employeeBand?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface CandidateView {
  rank: number;
  districtRank: number | null;
  enterpriseId: number;
  uscc: string;
  name: string;
  districtCode: string;
  highTechField: string | null;
  revenue: number | null;
  employees: number | null;
  revenueBand: string | null;
  employeeBand: string | null;
  score: number;
  unmetCount: number;
  missingCount: number;
  openCodes: string[];
  reasons: { code: string; label: string; outcome: string; explanation: string; shortfall?: Record<string, unknown> }[];
  membership: { id: number; year: number; status: string } | null;
}

export interface RunView {
  id: number;
  status: string;
  asOf: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  done: number;
  total: number;
  summary: ScreeningSummary | null;
}

const ts = (pg: boolean, d: Date) => (pg ? d : d.toISOString().replace('T', ' ').replace('Z', ''));

export { reasonsOf, screenOne } from './screen-chunk.js';

/**
 * Seedling screening (选苗): the engine's HNTE evaluation over every enterprise on file, sparse
 * imports included, keeping those that fail few criteria by small margins (ranking.ts) and are not
 * certified already. Runs as a background job (progress, lease, resume from the last committed
 * chunk); the page and the API read the last finished run.
 */
@Injectable()
export class ScreeningService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SCREENING, (ctx) => this.run(ctx));
  }

  private get pg(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  private p(i: number): string {
    return this.pg ? `$${i}` : '?';
  }

  /** Starts a re-screen (staff); one at a time. */
  async start(actor: Actor, asOf = todayIso()): Promise<Job> {
    enforce(decideCultivation(actor, 'screen'));
    const recent = await this.jobs.recent([SCREENING], 5);
    if (recent.some((j) => j.status === 'queued' || j.status === 'running')) throw new ConflictError('A screening is already queued or running');
    return this.jobs.enqueue(actor, SCREENING, { asOf });
  }

  private toRun(job: Job): RunView {
    return {
      id: job.id, status: job.status, asOf: (job.params?.asOf as string) ?? null, startedAt: job.startedAt, finishedAt: job.finishedAt,
      done: job.progressDone, total: job.progressTotal, summary: (job.summary as ScreeningSummary | null) ?? null,
    };
  }

  /** The last finished run and the one under way, if any. */
  async runs(): Promise<{ last: RunView | null; active: RunView | null }> {
    const recent = await this.jobs.recent([SCREENING], 20);
    const last = recent.find((j) => j.status === 'done');
    const active = recent.find((j) => j.status === 'queued' || j.status === 'running');
    return { last: last ? this.toRun(last) : null, active: active ? this.toRun(active) : null };
  }

  private async run(ctx: JobContext): Promise<Record<string, unknown>> {
    const asOf = String(ctx.job.params.asOf ?? todayIso());
    const n = Number(asOf.slice(0, 4));
    const ruleSets = await this.ruleSets.resolve(asOf);
    const started = Date.now();
    const [{ n: totalRaw }] = await this.dataSource.query('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    const total = Number(totalRaw);
    const prior = (ctx.job.cursor ? ctx.job.summary : null) as ScreeningSummary | null;
    const summary: ScreeningSummary = prior ?? { asOf, ruleSet: ruleSets['high-tech'].version, evaluated: 0, certified: 0, blocked: 0, candidates: 0 };
    let cursor = Number(ctx.job.cursor ?? 0);
    await ctx.progress({ done: summary.evaluated, total });
    const load = async (after: number) => {
      const ids: number[] = (await this.dataSource.query(`SELECT id FROM enterprise WHERE deleted_at IS NULL AND id > ${this.p(1)} ORDER BY id LIMIT ${CHUNK}`, [after])).map((r: { id: number }) => Number(r.id));
      return { ids, facts: ids.length ? await loadFacts(this.dataSource, ids, n) : new Map<number, Facts>() };
    };
    const pool = new ScreeningPool();
    let next = load(cursor);
    try {
      for (;;) {
        const { ids, facts } = await next;
        if (!ids.length) break;
        // Workers screen this chunk while the main thread reads the next one.
        const screened = pool.screen(asOf, ruleSets, ids.filter((id) => facts.has(id)).map((id) => [id, facts.get(id)!] as [number, Facts]));
        next = load(ids[ids.length - 1]!);
        const { rows, evaluated, certified, blocked } = await screened;
        summary.evaluated += evaluated;
        summary.certified += certified;
        summary.blocked += blocked;
        summary.candidates += rows.length;
        cursor = ids[ids.length - 1]!;
        await this.dataSource.transaction(async (em) => {
          await this.insert(em, ctx.job.id, asOf, rows);
          await ctx.progress({ done: summary.evaluated, total, cursor: String(cursor), summary: summary as unknown as Record<string, unknown> }, em);
        });
      }
    } finally {
      // A read started for a chunk that will not be used must not fail unobserved.
      await next.catch(() => undefined);
      await pool.close();
    }
    await this.finish(ctx.job.id);
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    return summary as unknown as Record<string, unknown>;
  }

  private async insert(em: EntityManager, runId: number, asOf: string, rows: ScreenedRow[]): Promise<void> {
    const now = new Date();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const part = rows.slice(i, i + ROWS_PER_INSERT);
      const params: unknown[] = [];
      const tuples = part.map((r) => {
        const values = [
          runId, r.enterpriseId, r.districtCode, r.highTechField, r.revenue === null ? null : Math.round(r.revenue * 100), r.employees,
          revenueBand(r.revenue), employeeBand(r.employees), Math.round(r.score * 1000), r.unmet.length, r.missing.length,
          r.open.join(',').slice(0, 255), JSON.stringify(r.reasons), asOf, ts(this.pg, now),
        ];
        const base = params.length;
        params.push(...values);
        return `(${values.map((_, j) => this.p(base + j + 1)).join(',')})`;
      });
      await em.query(`INSERT INTO seedling (${SEEDLING_COLUMNS.join(',')}) VALUES ${tuples.join(',')}`, params);
    }
  }

  /** Ranks within each district and drops the seedlings of all runs but this one and the last finished one. */
  private async finish(runId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const order = 'ORDER BY score, unmet_count, missing_count, enterprise_id';
      await em.query(
        `UPDATE seedling SET district_rank = r.d, city_rank = r.c FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY district_code ${order}) AS d, ROW_NUMBER() OVER (${order}) AS c FROM seedling WHERE run_id = ${this.p(1)}) AS r WHERE seedling.id = r.id`,
        [runId],
      );
      const [previous] = await em.query(`SELECT MAX(id) AS id FROM job WHERE kind = ${this.p(1)} AND status = 'done' AND id < ${this.p(2)}`, [SCREENING, runId]);
      const keep = [runId, previous?.id === null || previous?.id === undefined ? runId : Number(previous.id)];
      await em.query(`DELETE FROM seedling WHERE run_id NOT IN (${this.p(1)}, ${this.p(2)})`, keep);
    });
    // Fresh statistics for the planner (PostgreSQL's autovacuum does this by itself).
    if (!this.pg) await this.dataSource.query('ANALYZE seedling');
  }

  /** The scoped, filtered candidates of the last finished run, closest first. */
  async candidates(actor: Actor, query: CandidateQuery): Promise<{ run: RunView | null; total: number; items: CandidateView[] }> {
    enforce(decideCultivation(actor, 'readCandidates'));
    const { last } = await this.runs();
    if (!last) return { run: null, total: 0, items: [] };
    const qb = this.dataSource.getRepository(Seedling).createQueryBuilder('s')
      .innerJoin(Enterprise, 'e', 'e.id = s.enterprise_id AND e.deleted_at IS NULL')
      .leftJoin(CultivationMembership, 'm', 'm.enterprise_id = s.enterprise_id AND m.year = :poolYear', { poolYear: Number(todayIso().slice(0, 4)) })
      .where('s.run_id = :run', { run: last.id });
    applyScope(qb, 'e', scopeOf(actor));
    if (query.districtCode) qb.andWhere('s.district_code = :district', { district: query.districtCode });
    if (query.highTechField) qb.andWhere('s.high_tech_field = :field', { field: query.highTechField });
    if (query.revenueBand) qb.andWhere('s.revenue_band = :rb', { rb: query.revenueBand });
    if (query.employeeBand) qb.andWhere('s.employee_band = :eb', { eb: query.employeeBand });
    const q = query.q?.trim();
    if (q) {
      const code = q.toUpperCase();
      if (/^[0-9A-Z]{1,18}$/.test(code)) qb.andWhere('(e.name LIKE :name OR e.uscc LIKE :uscc)', { name: `%${q}%`, uscc: `${code}%` });
      else qb.andWhere('e.name LIKE :name', { name: `%${q.replace(/[%_\\]/g, '')}%` });
    }
    const total = await qb.clone().getCount();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const raw = await qb
      .select(['s.id AS sid', 's.district_rank AS "districtRank"', 's.enterprise_id AS "enterpriseId"', 'e.uscc AS uscc', 'e.name AS name', 's.district_code AS "districtCode"',
        's.high_tech_field AS "highTechField"', 's.revenue AS revenue', 's.employees AS employees', 's.revenue_band AS "revenueBand"', 's.employee_band AS "employeeBand"',
        's.score AS score', 's.unmet_count AS "unmetCount"', 's.missing_count AS "missingCount"', 's.open_codes AS "openCodes"', 's.reasons AS reasons',
        'm.id AS "membershipId"', 'm.year AS "membershipYear"', 'm.status AS "membershipStatus"'])
      // The city rank is the list order (score, unmet, missing, id); within a district it is the district rank's order too.
      .orderBy(query.districtCode ? 's.district_rank' : 's.city_rank', 'ASC')
      .offset(offset).limit(limit)
      .getRawMany<Record<string, unknown>>();
    const locale = actor.locale;
    return {
      run: last,
      total,
      items: raw.map((r, i) => ({
        rank: offset + i + 1,
        districtRank: r.districtRank === null ? null : Number(r.districtRank),
        enterpriseId: Number(r.enterpriseId),
        uscc: String(r.uscc),
        name: String(r.name),
        districtCode: String(r.districtCode),
        highTechField: (r.highTechField as string | null) ?? null,
        revenue: r.revenue === null ? null : Number(r.revenue) / 100,
        employees: r.employees === null ? null : Number(r.employees),
        revenueBand: (r.revenueBand as string | null) ?? null,
        employeeBand: (r.employeeBand as string | null) ?? null,
        score: Number(r.score) / 1000,
        unmetCount: Number(r.unmetCount),
        missingCount: Number(r.missingCount),
        openCodes: String(r.openCodes || '').split(',').filter(Boolean),
        reasons: (JSON.parse(String(r.reasons)) as SeedlingReason[]).map((x) => ({
          code: x.code, label: CRITERION_LABELS[x.code as keyof typeof CRITERION_LABELS]?.[locale] ?? x.code, outcome: x.outcome,
          explanation: locale === 'en' ? x.en : x.zh, ...(x.shortfall ? { shortfall: x.shortfall } : {}),
        })),
        membership: r.membershipId === null || r.membershipId === undefined ? null : { id: Number(r.membershipId), year: Number(r.membershipYear), status: String(r.membershipStatus) },
      })),
    };
  }

  /** Rank scores (thousandths) of these enterprises in the last finished run, for those it listed. */
  async seedlingScores(enterpriseIds: number[]): Promise<Map<number, number>> {
    const { last } = await this.runs();
    if (!last || !enterpriseIds.length) return new Map();
    const rows = await this.dataSource.getRepository(Seedling).find({ where: { runId: last.id, enterpriseId: In(enterpriseIds) }, select: { enterpriseId: true, score: true } });
    return new Map(rows.map((r) => [r.enterpriseId, r.score]));
  }
}
