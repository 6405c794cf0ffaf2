import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Activity } from '../src/activities/activity.entity.js';
import { Application, ApplicationHistory } from '../src/applications/application.entity.js';
import { LoanSubsidy, PledgeLoan } from '../src/applications/loan.entity.js';
import { Task } from '../src/activities/task.entity.js';
import { User } from '../src/auth/user.entity.js';
import { todayIso } from '../src/common/format.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { addMonths } from '../src/reports/report-sql.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { businessDate, now } from '../src/common/clock.js';

/**
 * The pipeline dashboard's figures, each checked against an independent count written directly in
 * SQL over the seeded data (a different formulation from the report's own queries), with the
 * district / block / zone filters and the access scope of an officer.
 */
let t: TestApp;
let manager: string;
let admin: string;
let binhai: string;
let nankai: string;
const TODAY = todayIso();
const YEAR = Number(TODAY.slice(0, 4));
const RUNGS = ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader'];
const RING = ['120110', '120111', '120112', '120113'];

const api = (path: string, token = manager) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);

/** Portable SQL: `?` placeholders become $n on PostgreSQL. */
async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  let i = 0;
  const q = t.dataSource.options.type === 'postgres' ? text.replace(/\?/g, () => `$${++i}`) : text;
  return t.dataSource.query(q, params);
}
const num = (v: unknown) => Number(v ?? 0);
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/** The enterprise filter of a test case as SQL on alias `e`. */
interface Area { name: string; query: string; where: string; params: unknown[]; districts?: string[] }
const AREAS: Area[] = [
  { name: 'the whole city', query: '', where: '', params: [] },
  { name: 'one district', query: 'districtCode=120104', where: ' AND e.district_code = ?', params: ['120104'], districts: ['120104'] },
  { name: 'a statistical block', query: 'block=ring', where: ` AND e.district_code IN (${list(RING)})`, params: [], districts: RING },
  { name: 'a functional zone', query: 'zoneCode=teda', where: " AND e.zone_code = 'teda'", params: [], districts: ['120116'] },
];

/** Highest rung per enterprise in a year, by district — formulated as "no higher recognition that year". */
async function heatBySql(year: number, area: Area): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const [i, tier] of RUNGS.entries()) {
    const higher = RUNGS.slice(i + 1);
    const rows = await sql<{ d: string; n: unknown }>(
      `SELECT e.district_code AS d, COUNT(DISTINCT e.id) AS n FROM enterprise e JOIN recognition r ON r.enterprise_id = e.id
       WHERE e.deleted_at IS NULL AND r.year = ? AND r.tier = ?${area.where}
       ${higher.length ? `AND NOT EXISTS (SELECT 1 FROM recognition r2 WHERE r2.enterprise_id = e.id AND r2.year = r.year AND r2.tier IN (${list(higher)}))` : ''}
       GROUP BY e.district_code`,
      [year, tier, ...area.params],
    );
    for (const r of rows) (out.get(r.d) ?? out.set(r.d, {}).get(r.d)!)[tier] = num(r.n);
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp();
  [manager, admin, binhai, nankai] = await Promise.all(['manager', 'admin', 'officer.binhai', 'officer.nankai'].map((u) => tokenFor(t, u)));

  // A ladder history: for recognised enterprises a lower rung the year before (some promoted, some
  // not), older leader recognitions, and HNTE recognitions next to the certificates of the seed.
  const recognitions = t.dataSource.getRepository(Recognition);
  const current = await recognitions.find({ order: { id: 'ASC' } });
  for (const [i, r] of current.entries()) {
    const rank = RUNGS.indexOf(r.tier);
    if (rank < 0) continue;
    const prevTier = i % 3 === 0 || rank === 0 ? r.tier : RUNGS[rank - 1]!;
    await recognitions.save({ enterpriseId: r.enterpriseId, tier: prevTier, year: r.year - 1, batch: null, certificateNumber: null, validFrom: `${r.year - 1}-06-30`, validUntil: `${r.year}-06-30`, source: 'manual', applicationId: null });
    if (i % 4 === 1) await recognitions.save({ enterpriseId: r.enterpriseId, tier: 'tech-sme', year: r.year, batch: null, certificateNumber: null, validFrom: `${r.year}-06-30`, validUntil: `${r.year + 1}-06-30`, source: 'manual', applicationId: null });
    if (i % 5 === 2) await recognitions.save({ enterpriseId: r.enterpriseId, tier: 'leader-candidate', year: YEAR - 4, batch: null, certificateNumber: null, validFrom: `${YEAR - 4}-06-30`, validUntil: `${YEAR - 3}-06-30`, source: 'manual', applicationId: null });
    if (i % 6 === 3) await recognitions.save({ enterpriseId: r.enterpriseId, tier: 'high-tech', year: YEAR - 2, batch: null, certificateNumber: `GR${YEAR - 2}1200${i}`, validFrom: `${YEAR - 2}-03-01`, validUntil: addMonths(TODAY, 4), source: 'manual', applicationId: null });
  }
  // An HNTE certificate expiring within six months in Nankai.
  const nk = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  await t.dataSource.getRepository(Qualification).save({ enterpriseId: nk.id, kind: 'hnte-certificate', obtainedOn: `${YEAR - 3}-01-10`, validUntil: addMonths(TODAY, 2), certificateNumber: 'GR-TEST-EXPIRING' });

  // Tasks and visits of both officers (open, overdue, done; recent and old visits; a call).
  const users = await t.dataSource.getRepository(User).find({ where: [{ username: 'officer.binhai' }, { username: 'officer.nankai' }] });
  const officerOf = (u: string) => users.find((x) => x.username === u)!;
  const bh = await t.dataSource.getRepository(Enterprise).find({ where: { districtCode: '120116' }, order: { id: 'ASC' }, take: 3 });
  const tasks = t.dataSource.getRepository(Task);
  const task = (enterpriseId: number, assigneeId: number, dueOn: string, done = false) =>
    tasks.save({ enterpriseId, title: 'follow-up', dueOn, assigneeId, createdBy: assigneeId, doneAt: done ? new Date() : null, doneBy: done ? assigneeId : null, dedupeKey: null });
  await task(bh[0]!.id, officerOf('officer.binhai').id, '2020-01-01');
  await task(bh[1]!.id, officerOf('officer.binhai').id, '2099-01-01');
  await task(bh[2]!.id, officerOf('officer.binhai').id, '2099-02-01');
  await task(bh[2]!.id, officerOf('officer.binhai').id, '2020-02-01', true);
  await task(nk.id, officerOf('officer.nankai').id, '2021-01-01');
  const activities = t.dataSource.getRepository(Activity);
  const visit = (enterpriseId: number, author: User, daysAgo: number, kind: 'visit' | 'call' = 'visit') =>
    activities.save({ enterpriseId, kind, occurredAt: new Date(Date.now() - daysAgo * 86400_000), authorId: author.id, authorName: author.displayName, text: 'visit' });
  await visit(bh[0]!.id, officerOf('officer.binhai'), 5);
  await visit(bh[1]!.id, officerOf('officer.binhai'), 80);
  await visit(bh[1]!.id, officerOf('officer.binhai'), 120);
  await visit(bh[1]!.id, officerOf('officer.binhai'), 3, 'call');
  await visit(nk.id, officerOf('officer.nankai'), 10);

  // Applications with their status history (timed stays), and IP-pledge loans with subsidies, in
  // programme year YEAR + 1 (the demo seed has applications of YEAR and YEAR - 1: the comparisons
  // with SQL run over both, the exact figures below over these).
  const NEXT = YEAR + 1;
  const ring = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120111' }, order: { id: 'ASC' } });
  const ago = (days: number) => new Date(Date.now() - days * 86400_000);
  const application = async (enterpriseId: number, type: string, year: number, path: [string, number][], dueOn: string | null) => {
    const [status, since] = path[path.length - 1]!;
    const app = await t.dataSource.getRepository(Application).save({
      enterpriseId, type: type as never, tier: type === 'tier-recognition' ? 'gazelle' : null, year, status, form: {}, batchId: null, statusSince: ago(since), dueOn,
      submittedAt: null, decidedAt: null, decision: null, createdBy: null, createdByRole: 'officer',
    });
    for (const [i, [to, days]] of path.entries()) {
      await t.dataSource.getRepository(ApplicationHistory).save({
        applicationId: app.id, kind: 'transition', action: i ? 'step' : 'create', fromStatus: i ? path[i - 1]![0] : null, toStatus: to,
        actorId: null, actorName: 'test', actorRole: 'officer', comment: null, isPublic: true, data: null, at: ago(days),
      });
    }
    return app;
  };
  await application(bh[0]!.id, 'tier-recognition', NEXT, [['draft', 30], ['submitted', 20], ['district-review', 10]], '2020-01-01');
  await application(nk.id, 'tier-recognition', NEXT, [['draft', 10], ['submitted', 8], ['district-review', 4]], '2099-01-01');
  await application(ring.id, 'tier-recognition', NEXT, [['draft', 40], ['submitted', 31], ['district-review', 29.5], ['returned', 20], ['resubmitted', 15], ['district-review', 12]], '2021-06-01');
  await application(ring.id, 'high-tech-certification', NEXT, [['draft', 50], ['submitted', 40], ['district-review', 30], ['municipal-review', 20], ['expert-review', 15], ['public-notice', 10], ['approved', 7], ['certified', 5]], null);
  await application(ring.id, 'super-deduction-precheck', YEAR, [['draft', 400], ['submitted', 390]], '2025-01-01');
  const loanA = await application(bh[1]!.id, 'ip-pledge-loan', NEXT, [['draft', 200], ['submitted', 190], ['district-review', 180], ['valuation', 170], ['bank-review', 160], ['loan-approved', 150], ['contracts-signed', 140], ['pledge-registered', 130], ['post-loan-monitoring', 30]], '2099-12-31');
  const loanB = await application(nk.id, 'ip-pledge-loan', YEAR - 1, [['draft', 500], ['submitted', 490], ['post-loan-monitoring', 300], ['defaulted', 20]], null);
  const loans = t.dataSource.getRepository(PledgeLoan);
  await loans.save({ applicationId: loanA.id, loanAmount: 1_000_000, disbursedOn: `${YEAR}-03-01`, disbursedAmount: 1_000_000, maturityOn: '2099-12-31' });
  await loans.save({ applicationId: loanB.id, loanAmount: 500_000, disbursedOn: `${YEAR - 1}-05-01`, disbursedAmount: 500_000, defaultOn: `${YEAR}-02-01`, principalLoss: 200_000 });
  const subsidy = (applicationId: number, enterpriseId: number, kind: 'interest' | 'appraisal', year: number, amount: number) =>
    t.dataSource.getRepository(LoanSubsidy).save({ applicationId, enterpriseId, kind, year, base: amount * 2, rate: '0.5', cap: 500_000, amount, ruleSetVersion: 'test', provisional: true, grantedBy: null });
  await subsidy(loanA.id, bh[1]!.id, 'interest', YEAR, 12_345.67);
  await subsidy(loanA.id, bh[1]!.id, 'appraisal', YEAR, 5_000);
  await subsidy(loanB.id, nk.id, 'interest', YEAR - 1, 9_999);

  // The latest eligibility of every file (the portfolio batch job) and one forecast run.
  await request(t.http).post('/api/v1/evaluations/batch').set('Authorization', `Bearer ${admin}`).send({}).expect(202);
  await t.app.get(JobsService).drain();
  // The demo files carry no R&D expense detail, so no amounts: give a third of them estimated amounts (fen).
  await sql("UPDATE eligibility_status SET super_deduction = 'eligible', sd_extra_deduction = enterprise_id * 1234567, sd_tax_saving = enterprise_id * 308641 WHERE enterprise_id % 3 = 0");
  await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${manager}`).expect(202);
  await t.app.get(JobsService).drain();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('access', () => {
  it('is for staff only: enterprise users get 403, no token 401, officers see their own district', async () => {
    const uscc = t.demo.find((l) => l.role === 'enterprise')!.username;
    const company = await tokenFor(t, uscc);
    for (const path of ['/api/v1/reports/pipeline', '/api/v1/reports/workload', '/api/v1/reports/export.xlsx', '/api/v1/reports/forecast']) {
      await api(path, company).expect(403);
      await request(t.http).get(path).expect(401);
    }
    const agent = await signIn(t, uscc);
    await agent.get('/reports').expect(403);
    await agent.get('/reports/export.xlsx').expect(403);

    const mine = await api('/api/v1/reports/pipeline', binhai).expect(200);
    expect(mine.body.countsByTierAndDistrict.map((d: { districtCode: string }) => d.districtCode)).toEqual(['120116']);
    const theirs = await api('/api/v1/reports/pipeline', nankai).expect(200);
    expect(theirs.body.countsByTierAndDistrict.map((d: { districtCode: string }) => d.districtCode)).toEqual(['120104']);
    // Asking for another district returns nothing of it.
    const other = await api('/api/v1/reports/pipeline?districtCode=120104', binhai).expect(200);
    expect(other.body.countsByTierAndDistrict).toEqual([]);
    expect(other.body.totalsByTier.total).toBe(0);
    const city = await api('/api/v1/reports/pipeline').expect(200);
    expect(city.body.countsByTierAndDistrict).toHaveLength(16);
  });

  it('rejects bad filters with 400, never a 5xx', async () => {
    await api('/api/v1/reports/pipeline?districtCode=999999').expect(400);
    await api('/api/v1/reports/pipeline?districtCode=120199').expect(400);
    await api('/api/v1/reports/pipeline?block=mars').expect(400);
    await api('/api/v1/reports/pipeline?zoneCode=nowhere').expect(400);
    await api('/api/v1/reports/pipeline?year=abc').expect(400);
    await api('/api/v1/reports/pipeline?sort=x').expect(400);
    await api('/api/v1/reports/close-to-next-rung?pageSize=1000').expect(400);
    const agent = await signIn(t, 'manager');
    await agent.get('/reports?districtCode=&block=&zoneCode=').expect(200);
  });
});

describe('rungs by district and conversions (GET /api/v1/reports/pipeline)', () => {
  it.each(AREAS)('counts each enterprise once at its highest rung of the year: $name', async (area) => {
    for (const year of [YEAR, YEAR - 1]) {
      const res = await api(`/api/v1/reports/pipeline?year=${year}&${area.query}`).expect(200);
      const expected = await heatBySql(year, area);
      const seen = new Set<string>();
      for (const row of res.body.countsByTierAndDistrict as { districtCode: string; counts: Record<string, number>; total: number }[]) {
        seen.add(row.districtCode);
        const want = expected.get(row.districtCode) ?? {};
        for (const tier of RUNGS) expect([row.districtCode, tier, row.counts[tier]]).toEqual([row.districtCode, tier, want[tier] ?? 0]);
        expect(row.total).toBe(RUNGS.reduce((s, tier) => s + (want[tier] ?? 0), 0));
      }
      for (const d of expected.keys()) expect(seen.has(d)).toBe(true);
      if (area.districts) expect([...seen].sort()).toEqual([...area.districts].sort());
      const total = [...expected.values()].reduce((s, v) => s + Object.values(v).reduce((a, b) => a + b, 0), 0);
      expect(res.body.totalsByTier.total).toBe(total);
    }
  });

  it.each(AREAS)('conversion rates year over year match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/pipeline?${area.query}`).expect(200);
    expect(res.body.conversions).toHaveLength(5 * 4);
    let nonZero = 0;
    for (const c of res.body.conversions as { fromYear: number; toYear: number; fromTier: string; toTier: string; base: number; converted: number; rate: number | null }[]) {
      const i = RUNGS.indexOf(c.fromTier);
      const higher = RUNGS.slice(i + 1);
      const notHigherThen = higher.length ? `AND NOT EXISTS (SELECT 1 FROM recognition r2 WHERE r2.enterprise_id = e.id AND r2.year = ? AND r2.tier IN (${list(higher)}))` : '';
      const base = `FROM enterprise e WHERE e.deleted_at IS NULL${area.where}
        AND EXISTS (SELECT 1 FROM recognition r WHERE r.enterprise_id = e.id AND r.year = ? AND r.tier = ?) ${notHigherThen}`;
      const params = [...area.params, c.fromYear, c.fromTier, ...(higher.length ? [c.fromYear] : [])];
      const [{ n: b }] = await sql<{ n: unknown }>(`SELECT COUNT(*) AS n ${base}`, params);
      const [{ n: k }] = await sql<{ n: unknown }>(`SELECT COUNT(*) AS n ${base} AND EXISTS (SELECT 1 FROM recognition r3 WHERE r3.enterprise_id = e.id AND r3.year = ? AND r3.tier IN (${list(higher)}))`, [...params, c.toYear]);
      expect([c.fromYear, c.fromTier, c.base, c.converted]).toEqual([c.fromYear, c.fromTier, num(b), num(k)]);
      expect(c.rate).toBe(num(b) ? num(k) / num(b) : null);
      expect(c.toTier).toBe(RUNGS[i + 1]);
      if (c.converted) nonZero++;
    }
    if (!area.query) expect(nonZero).toBeGreaterThan(0);
  });

  it('an officer’s figures are their district’s, whatever they ask for', async () => {
    const res = await api('/api/v1/reports/pipeline', binhai).expect(200);
    const expected = await heatBySql(YEAR, { name: '', query: '', where: " AND e.district_code = '120116'", params: [] });
    expect(res.body.countsByTierAndDistrict[0].counts).toEqual(Object.fromEntries(RUNGS.map((r) => [r, expected.get('120116')?.[r] ?? 0])));
    const block = await api('/api/v1/reports/pipeline?block=ring', binhai).expect(200);
    expect(block.body.totalsByTier.total).toBe(0);
  });
});

describe('close to the next rung', () => {
  it.each(AREAS)('lists every enterprise 1–3 criteria short, fewest first, linked to its file: $name', async (area) => {
    const [{ n }] = await sql<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id WHERE e.deleted_at IS NULL AND s.next_tier IS NOT NULL AND s.gap_count BETWEEN 1 AND 3${area.where}`,
      area.params,
    );
    const first = await api(`/api/v1/reports/close-to-next-rung?pageSize=5&${area.query}`).expect(200);
    expect(first.body.total).toBe(num(n));
    const all = await api(`/api/v1/reports/close-to-next-rung?pageSize=200&${area.query}`).expect(200);
    expect(all.body.items).toHaveLength(Math.min(200, num(n)));
    expect(all.body.items.slice(0, 5)).toEqual(first.body.items);
    const items = all.body.items as { enterpriseId: number; gapCount: number; shortfall: number | null; nextTier: string; gapCodes: string[] }[];
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(a.gapCount <= b.gapCount).toBe(true);
      if (a.gapCount === b.gapCount && a.shortfall !== null && b.shortfall !== null) expect(a.shortfall <= b.shortfall).toBe(true);
      if (a.gapCount === b.gapCount && a.shortfall === null) expect(b.shortfall).toBeNull();
    }
    for (const item of items) {
      const [row] = await sql<{ gap_count: unknown; next_tier: string; gap_codes: string; shortfall: unknown }>(
        'SELECT s.gap_count, s.next_tier, s.gap_codes, f.shortfall FROM eligibility_status s LEFT JOIN report_forecast f ON f.enterprise_id = s.enterprise_id AND f.job_id = ? WHERE s.enterprise_id = ?',
        [all.body.forecastJobId, item.enterpriseId],
      );
      expect([item.enterpriseId, item.gapCount, item.nextTier, item.gapCodes.join(','), item.shortfall]).toEqual([item.enterpriseId, num(row!.gap_count), row!.next_tier, row!.gap_codes, row!.shortfall === null ? null : num(row!.shortfall) / 100]);
    }
    if (area.districts) {
      const districts = await sql<{ district_code: string }>(`SELECT DISTINCT district_code FROM enterprise WHERE id IN (${items.map((i) => i.enterpriseId).join(',') || 0})`);
      for (const d of districts) expect(area.districts).toContain(d.district_code);
    }
  });

  it('is scoped for an officer, and each row links to the file on the page', async () => {
    const res = await api('/api/v1/reports/close-to-next-rung?pageSize=200', nankai).expect(200);
    const [{ n }] = await sql<{ n: unknown }>("SELECT COUNT(*) AS n FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id WHERE e.deleted_at IS NULL AND s.next_tier IS NOT NULL AND s.gap_count BETWEEN 1 AND 3 AND e.district_code = '120104'");
    expect(res.body.total).toBe(num(n));
    expect(res.body.items.every((i: { districtCode: string }) => i.districtCode === '120104')).toBe(true);
    const agent = await signIn(t, 'officer.nankai');
    const page = await agent.get('/reports').expect(200);
    for (const item of res.body.items.slice(0, 25)) expect(page.text).toContain(`href="/enterprises/${item.enterpriseId}"`);
    expect(page.text).toContain('排序规则');
  });
});

describe('targets versus actuals', () => {
  it.each(AREAS)('HNTE in force and cumulative leaders per year match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/targets?${area.query}`).expect(200);
    const [hnte, leaders] = res.body.metrics as { metric: string; trend: { year: number; date: string; actual: number }[] }[];
    expect([hnte!.metric, leaders!.metric]).toEqual(['hnte', 'leaders']);
    for (const p of hnte!.trend) {
      expect(p.date).toBe(p.year === YEAR ? TODAY : `${p.year}-12-31`);
      const [{ n }] = await sql<{ n: unknown }>(
        `SELECT COUNT(*) AS n FROM enterprise e WHERE e.deleted_at IS NULL${area.where} AND (
           EXISTS (SELECT 1 FROM qualification q WHERE q.enterprise_id = e.id AND q.kind = 'hnte-certificate' AND COALESCE(q.obtained_on, '0000-01-01') <= ? AND q.valid_until >= ?)
           OR EXISTS (SELECT 1 FROM recognition r WHERE r.enterprise_id = e.id AND r.tier = 'high-tech' AND r.valid_from <= ? AND r.valid_until >= ?))`,
        [...area.params, p.date, p.date, p.date, p.date],
      );
      expect([p.year, p.actual]).toEqual([p.year, num(n)]);
    }
    for (const p of leaders!.trend) {
      const [{ n }] = await sql<{ n: unknown }>(
        `SELECT COUNT(*) AS n FROM enterprise e WHERE e.deleted_at IS NULL${area.where} AND EXISTS (SELECT 1 FROM recognition r WHERE r.enterprise_id = e.id AND r.tier IN ('leader', 'leader-candidate') AND r.year <= ?)`,
        [...area.params, p.year],
      );
      expect([p.year, p.actual]).toEqual([p.year, num(n)]);
    }
    expect(hnte!.trend.some((p) => p.actual > 0)).toBe(true);
  });

  it('shows the city targets of rules.md §6, interpolated between the plan years; the pipeline endpoint carries them', async () => {
    const res = await api('/api/v1/reports/targets?year=2025').expect(200);
    const hnte = res.body.metrics[0].trend as { year: number; target: number | null; targetKind: string | null }[];
    expect(hnte.find((p) => p.year === 2020)).toMatchObject({ target: 7420, targetKind: 'set' });
    expect(hnte.find((p) => p.year === 2025)).toMatchObject({ target: 11600, targetKind: 'set' });
    expect(hnte.find((p) => p.year === 2022)).toMatchObject({ target: Math.round(7420 + (11600 - 7420) * 2 / 5), targetKind: 'interpolated' });
    const leaders = res.body.metrics[1].trend as { year: number; target: number | null }[];
    expect(leaders.find((p) => p.year === 2025)!.target).toBe(300);
    expect(leaders.find((p) => p.year === 2020)!.target).toBe(216);
    const pipeline = await api('/api/v1/reports/pipeline?year=2025').expect(200);
    expect(pipeline.body.targets.map((x: { metric: string; target: number }) => [x.metric, x.target])).toEqual([['hnte', 11600], ['leaders', 300]]);
    // A block has no target of its own; a district has only what was set for it.
    expect((await api('/api/v1/reports/targets?year=2025&block=ring').expect(200)).body.targetDistrict).toBeNull();
    expect((await api('/api/v1/reports/targets?year=2025', nankai).expect(200)).body.targetDistrict).toBe('120104');
  });

  it('are edited by an admin only (versioned, audited), and the report follows', async () => {
    const body = { metric: 'hnte', year: YEAR + 1, value: 12345, note: '“十五五”' };
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${manager}`).send(body).expect(403);
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${binhai}`).send(body).expect(403);
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send({ ...body, value: -1 }).expect(400);
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send({ ...body, districtCode: '120199' }).expect(400);
    const created = await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send(body).expect(200);
    expect(created.body.created).toBe(true);
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send(body).expect(409);
    await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send({ ...body, version: created.body.target.version + 5 }).expect(409);
    const updated = await request(t.http).put('/api/v1/reports/targets').set('Authorization', `Bearer ${admin}`).send({ ...body, value: 12400, version: created.body.target.version }).expect(200);
    expect(updated.body.target.value).toBe(12400);
    const report = await api(`/api/v1/reports/targets?year=${YEAR + 1}`).expect(200);
    expect(report.body.metrics[0].trend.at(-1)).toMatchObject({ year: YEAR + 1, target: 12400, targetKind: 'set' });
    // The new target is filed under the 15th plan; its years never interpolate towards the 14th plan's 2025 goal.
    expect(created.body.target.planPeriod).toBe('15th');
    expect(report.body.metrics[0].trend.find((p: { year: number }) => p.year === YEAR)).toMatchObject({ target: null, targetKind: null, planPeriod: '15th' });
    const audit = await sql<{ action: string }>("SELECT action FROM audit_entry WHERE entity = 'target' AND entity_id = ? ORDER BY id", [String(created.body.target.id)]);
    expect(audit.map((a) => a.action)).toEqual(['target.create', 'target.update']);
    await request(t.http).delete(`/api/v1/reports/targets/${created.body.target.id}`).set('Authorization', `Bearer ${manager}`).expect(403);
    await request(t.http).delete(`/api/v1/reports/targets/${created.body.target.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
    await request(t.http).delete(`/api/v1/reports/targets/${created.body.target.id}`).set('Authorization', `Bearer ${admin}`).expect(404);
  });
});

describe('officer workload', () => {
  it.each(AREAS)('files, open and overdue tasks, visits in 90 days per officer match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/workload?${area.query}`).expect(200);
    const since = res.body.visitsSince as string;
    expect(since).toBe(businessDate(now().getTime() - 90 * 86400_000));
    for (const o of res.body.officers as { officerId: number; files: number; openTasks: number; overdueTasks: number; visits: number }[]) {
      const [files] = await sql<{ n: unknown }>(`SELECT COUNT(*) AS n FROM enterprise e WHERE e.deleted_at IS NULL AND e.assigned_officer_id = ?${area.where}`, [o.officerId, ...area.params]);
      const [tasks] = await sql<{ open: unknown; overdue: unknown }>(
        `SELECT COUNT(*) AS open, SUM(CASE WHEN t.due_on < ? THEN 1 ELSE 0 END) AS overdue FROM task t JOIN enterprise e ON e.id = t.enterprise_id
         WHERE e.deleted_at IS NULL AND t.done_at IS NULL AND t.assignee_id = ?${area.where}`,
        [TODAY, o.officerId, ...area.params],
      );
      const visits = await sql<{ occurred_at: string | Date }>(
        `SELECT a.occurred_at FROM activity a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.deleted_at IS NULL AND a.kind = 'visit' AND a.author_id = ?${area.where}`,
        [o.officerId, ...area.params],
      );
      const recent = visits.filter((v) => new Date(typeof v.occurred_at === 'string' ? `${v.occurred_at.replace(' ', 'T')}Z` : v.occurred_at).getTime() >= Date.now() - 90 * 86400_000 - 60_000).length;
      expect([o.officerId, o.files, o.openTasks, o.overdueTasks, o.visits]).toEqual([o.officerId, num(files!.n), num(tasks!.open), num(tasks!.overdue), recent]);
    }
    if (!area.query) {
      const names = res.body.officers.map((o: { name: string }) => o.name);
      expect(names).toEqual(expect.arrayContaining(['李明（滨海新区）', '张华（南开区）']));
      const bh = res.body.officers.find((o: { name: string }) => o.name === '李明（滨海新区）');
      expect([bh.openTasks, bh.overdueTasks, bh.visits]).toEqual([3, 1, 2]);
    }
  });

  it('an officer sees the workload on their own files only', async () => {
    const res = await api('/api/v1/reports/workload', nankai).expect(200);
    const me = res.body.officers.find((o: { name: string }) => o.name === '张华（南开区）');
    expect([me.openTasks, me.overdueTasks, me.visits]).toEqual([1, 1, 1]);
    expect(res.body.officers.find((o: { name: string }) => o.name === '李明（滨海新区）')).toBeUndefined();
  });
});

describe('certificates expiring', () => {
  it.each(AREAS)('HNTE certificates and recognitions within 6 and 12 months match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/expiring?${area.query}`).expect(200);
    const until6 = addMonths(TODAY, 6);
    const until12 = addMonths(TODAY, 12);
    expect([res.body.until6, res.body.until12]).toEqual([until6, until12]);
    const count = async (table: 'hnte' | 'ladder', to: string, district: string) => {
      const q = table === 'hnte'
        ? `SELECT (SELECT COUNT(*) FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id WHERE e.deleted_at IS NULL AND q.kind = 'hnte-certificate' AND q.valid_until BETWEEN ? AND ? AND e.district_code = ?${area.where})
                + (SELECT COUNT(*) FROM recognition r JOIN enterprise e ON e.id = r.enterprise_id WHERE e.deleted_at IS NULL AND r.tier = 'high-tech' AND r.valid_until BETWEEN ? AND ? AND e.district_code = ?${area.where}) AS n`
        : `SELECT COUNT(*) AS n FROM recognition r JOIN enterprise e ON e.id = r.enterprise_id WHERE e.deleted_at IS NULL AND r.tier IN (${list(RUNGS)}) AND r.valid_until BETWEEN ? AND ? AND e.district_code = ?${area.where}`;
      const params = table === 'hnte' ? [TODAY, to, district, ...area.params, TODAY, to, district, ...area.params] : [TODAY, to, district, ...area.params];
      return num((await sql<{ n: unknown }>(q, params))[0]!.n);
    };
    let any = 0;
    for (const d of res.body.byDistrict as { district: { code: string }; hnte6: number; hnte12: number; recognitions6: number; recognitions12: number }[]) {
      const want = [await count('hnte', until6, d.district.code), await count('hnte', until12, d.district.code), await count('ladder', until6, d.district.code), await count('ladder', until12, d.district.code)];
      expect([d.district.code, d.hnte6, d.hnte12, d.recognitions6, d.recognitions12]).toEqual([d.district.code, ...want]);
      any += d.hnte12 + d.recognitions12;
    }
    const monthly = (res.body.byMonth as { hnte: number; recognitions: number }[]).reduce((s, m) => s + m.hnte + m.recognitions, 0);
    expect(monthly).toBe(any);
    if (!area.query) expect(any).toBeGreaterThan(0);
  });
});

describe('super-deduction and tax saving', () => {
  it.each(AREAS)('sums of the latest evaluations by district match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/super-deduction?${area.query}`).expect(200);
    for (const d of res.body.byDistrict as { district: { code: string }; evaluated: number; eligible: number; extraDeduction: number; taxSaving: number }[]) {
      const [row] = await sql<{ n: unknown; ok: unknown; extra: unknown; saving: unknown }>(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN s.super_deduction = 'eligible' THEN 1 ELSE 0 END) AS ok, SUM(s.sd_extra_deduction) AS extra, SUM(s.sd_tax_saving) AS saving
         FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id WHERE e.deleted_at IS NULL AND e.district_code = ?${area.where}`,
        [d.district.code, ...area.params],
      );
      expect([d.district.code, d.evaluated, d.eligible, Math.round(d.extraDeduction * 100), Math.round(d.taxSaving * 100)]).toEqual([d.district.code, num(row!.n), num(row!.ok), num(row!.extra), num(row!.saving)]);
    }
    if (!area.query) expect(res.body.totals.taxSaving).toBeGreaterThan(0);
  });
});

describe('applications by type and status', () => {
  /** Every stay in a status from the history rows (entering it to the next transition, or now), in days. */
  async function staysBySql(area: Area, year: number): Promise<Map<string, number[]>> {
    const rows = await sql<{ type: string; application_id: unknown; to_status: string; at: string | Date }>(
      `SELECT a.type, h.application_id, h.to_status, h.at FROM application_history h JOIN application a ON a.id = h.application_id JOIN enterprise e ON e.id = a.enterprise_id
       WHERE e.deleted_at IS NULL AND a.year = ? AND h.kind = 'transition'${area.where} ORDER BY h.application_id, h.at, h.id`,
      [year, ...area.params],
    );
    const time = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(`${v.replace(' ', 'T')}Z`));
    const out = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const next = rows[i + 1];
      const left = next && num(next.application_id) === num(r.application_id) ? time(next.at) : Date.now();
      const key = `${r.type}|${r.to_status}`;
      (out.get(key) ?? out.set(key, []).get(key)!).push((left - time(r.at)) / 86400_000);
    });
    return out;
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };

  it.each(AREAS.flatMap((area) => [YEAR, YEAR + 1].map((year) => ({ ...area, year }))))('counts, overdue, median time in status and the oldest match SQL: $name, $year', async (area) => {
    const YEAR = area.year;
    const res = await api(`/api/v1/reports/applications?year=${YEAR}&${area.query}`).expect(200);
    expect(res.body.available).toBe(true);
    const counts = await sql<{ type: string; status: string; n: unknown; overdue: unknown }>(
      `SELECT a.type, a.status, COUNT(*) AS n, SUM(CASE WHEN a.due_on < ? AND a.status NOT IN ('approved', 'rejected', 'withdrawn', 'certified', 'reviewed', 'repaid', 'disposed') THEN 1 ELSE 0 END) AS overdue
       FROM application a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.deleted_at IS NULL AND a.year = ?${area.where} GROUP BY a.type, a.status`,
      [TODAY, YEAR, ...area.params],
    );
    const got = res.body.byStatus as { type: string; status: string; count: number; overdue: number; medianDaysInStatus: number | null; oldestDays: number | null; terminal: boolean }[];
    expect(got.map((r) => [r.type, r.status, r.count, r.overdue]).sort()).toEqual(counts.map((r) => [r.type, r.status, num(r.n), num(r.overdue)]).sort());
    const stays = await staysBySql(area, YEAR);
    for (const r of got) {
      if (r.terminal) {
        expect(r.medianDaysInStatus).toBeNull();
        continue;
      }
      expect(r.medianDaysInStatus).toBeCloseTo(median(stays.get(`${r.type}|${r.status}`)!), 0);
    }
    const [{ n: overdue }] = await sql<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM application a JOIN enterprise e ON e.id = a.enterprise_id WHERE e.deleted_at IS NULL AND a.year = ? AND a.due_on < ?${area.where}
       AND NOT (a.type = 'tier-recognition' AND a.status IN ('approved', 'rejected', 'withdrawn')) AND NOT (a.type = 'high-tech-certification' AND a.status IN ('certified', 'rejected', 'withdrawn'))
       AND NOT (a.type = 'super-deduction-precheck' AND a.status IN ('reviewed', 'withdrawn')) AND NOT (a.type = 'ip-pledge-loan' AND a.status IN ('repaid', 'disposed', 'rejected', 'withdrawn'))`,
      [YEAR, TODAY, ...area.params],
    );
    expect(res.body.overdue).toHaveLength(Math.min(20, num(overdue)));
    expect(res.body.byType.reduce((s: number, x: { overdue: number }) => s + x.overdue, 0)).toBe(num(overdue));
  });

  it('times each stay: district review entered twice counts twice; finished statuses are not timed', async () => {
    const res = await api(`/api/v1/reports/applications?block=ring&year=${YEAR + 1}`).expect(200);
    const review = res.body.byStatus.find((r: { type: string; status: string }) => r.type === 'tier-recognition' && r.status === 'district-review');
    // Stays of 9.5 days (left for 'returned') and 12 days (still in it): median 10.75.
    expect(review.medianDaysInStatus).toBeCloseTo(10.8, 1);
    expect(review.oldestDays).toBe(12);
    const certified = res.body.byStatus.find((r: { status: string }) => r.status === 'certified');
    expect(certified).toMatchObject({ terminal: true, medianDaysInStatus: null, overdue: 0 });
    // The pre-check of another year is not in this year's figures.
    expect(res.body.byStatus.some((r: { type: string }) => r.type === 'super-deduction-precheck')).toBe(false);
    const nk = await api(`/api/v1/reports/applications?year=${YEAR + 1}`, nankai).expect(200);
    expect(nk.body.byStatus.map((r: { type: string; status: string; count: number }) => [r.type, r.status, r.count])).toEqual([['tier-recognition', 'district-review', 1]]);
    expect(nk.body.overdue).toEqual([]);
    const bh = await api(`/api/v1/reports/applications?year=${YEAR + 1}`, binhai).expect(200);
    expect(bh.body.overdue.map((o: { dueOn: string; status: string }) => [o.dueOn, o.status])).toEqual([['2020-01-01', 'district-review']]);
  });

  it('the pipeline endpoint carries applications by status with ages', async () => {
    const res = await api(`/api/v1/reports/pipeline?year=${YEAR + 1}`).expect(200);
    expect(res.body.applicationsByStatus.available).toBe(true);
    const item = res.body.applicationsByStatus.items.find((r: { type: string; status: string }) => r.type === 'ip-pledge-loan' && r.status === 'post-loan-monitoring');
    expect(item).toMatchObject({ count: 1, overdue: 0, oldestDays: 30, medianDaysInStatus: 30 });
  });
});

describe('IP-pledge loans', () => {
  it.each(AREAS)('disbursed, amount, being repaid, defaults, losses and subsidies by district match SQL: $name', async (area) => {
    const res = await api(`/api/v1/reports/loans?${area.query}`).expect(200);
    expect(res.body.available).toBe(true);
    for (const d of res.body.byDistrict as { district: { code: string }; disbursed: number; amount: number; active: number; defaults: number; principalLoss: number; interestSubsidies: number; appraisalSubsidies: number }[]) {
      const from = `${YEAR}-01-01`;
      const to = `${YEAR}-12-31`;
      const base = `FROM pledge_loan l JOIN application a ON a.id = l.application_id JOIN enterprise e ON e.id = a.enterprise_id WHERE e.deleted_at IS NULL AND e.district_code = ?${area.where}`;
      const [disb] = await sql<{ n: unknown; amount: unknown }>(`SELECT COUNT(*) AS n, SUM(l.disbursed_amount) AS amount ${base} AND l.disbursed_on BETWEEN ? AND ?`, [d.district.code, ...area.params, from, to]);
      const [act] = await sql<{ n: unknown }>(`SELECT COUNT(*) AS n ${base} AND a.status = 'post-loan-monitoring'`, [d.district.code, ...area.params]);
      const [def] = await sql<{ n: unknown; loss: unknown }>(`SELECT COUNT(*) AS n, SUM(l.principal_loss) AS loss ${base} AND l.default_on BETWEEN ? AND ?`, [d.district.code, ...area.params, from, to]);
      const subs = await sql<{ kind: string; amount: unknown }>(
        `SELECT s.kind, SUM(s.amount) AS amount FROM loan_subsidy s JOIN enterprise e ON e.id = s.enterprise_id WHERE e.deleted_at IS NULL AND s.year = ? AND e.district_code = ?${area.where} GROUP BY s.kind`,
        [YEAR, d.district.code, ...area.params],
      );
      const sub = (k: string) => num(subs.find((x) => x.kind === k)?.amount) / 100;
      expect([d.district.code, d.disbursed, d.amount, d.active, d.defaults, d.principalLoss, d.interestSubsidies, d.appraisalSubsidies])
        .toEqual([d.district.code, num(disb!.n), num(disb!.amount) / 100, num(act!.n), num(def!.n), num(def!.loss) / 100, sub('interest'), sub('appraisal')]);
    }
    const sums = Object.fromEntries(Object.keys(res.body.totals).map((k) => [k, (res.body.byDistrict as Record<string, number>[]).reduce((s, d) => s + d[k]!, 0)]));
    for (const k of Object.keys(sums)) expect(res.body.totals[k]).toBeCloseTo(sums[k]!, 2);
    if (!area.query) expect([res.body.totals.defaults >= 1, res.body.totals.principalLoss >= 200_000, res.body.totals.interestSubsidies >= 12_345.67]).toEqual([true, true, true]);
  });
});

describe('forecast', () => {
  it('runs as a background job over every file and reports likely new entrants per rung and district (matching SQL)', async () => {
    const res = await api('/api/v1/reports/forecast').expect(200);
    expect(res.body.job).not.toBeNull();
    const summary = res.body.job.summary;
    const [{ n: live }] = await sql<{ n: unknown }>('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    expect(summary.evaluated).toBe(num(live));
    expect(summary.projectedAsOf.slice(0, 4)).toBe(String(YEAR + 1));
    expect(summary.assumptions).toMatchObject({ years: 3 });
    expect(res.body.evaluated).toBe(num(live));
    for (const [i, tier] of RUNGS.entries()) {
      const below = ['unicorn', ...RUNGS.slice(i)];
      const rows = await sql<{ d: string; n: unknown }>(
        `SELECT e.district_code AS d, COUNT(*) AS n FROM report_forecast f JOIN enterprise e ON e.id = f.enterprise_id
         WHERE f.job_id = ? AND e.deleted_at IS NULL AND f.projected_tier = ? AND (e.current_tier IS NULL OR e.current_tier NOT IN (${list(below)})) GROUP BY e.district_code`,
        [res.body.job.id, tier],
      );
      for (const d of res.body.byDistrict as { district: { code: string }; counts: Record<string, number> }[]) {
        expect([d.district.code, tier, d.counts[tier]]).toEqual([d.district.code, tier, num(rows.find((r) => r.d === d.district.code)?.n)]);
      }
      const [{ n: projected }] = await sql<{ n: unknown }>('SELECT COUNT(*) AS n FROM report_forecast WHERE job_id = ? AND projected_tier = ?', [res.body.job.id, tier]);
      expect(res.body.byRung[i]).toMatchObject({ tier, projected: num(projected), newEntrants: res.body.totals[tier] });
    }
    const scoped = await api('/api/v1/reports/forecast', binhai).expect(200);
    expect(scoped.body.byDistrict.map((d: { district: { code: string } }) => d.district.code)).toEqual(['120116']);
    const [{ n: bh }] = await sql<{ n: unknown }>("SELECT COUNT(*) AS n FROM report_forecast f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.job_id = ? AND e.district_code = '120116'", [res.body.job.id]);
    expect(scoped.body.evaluated).toBe(num(bh));
  });

  it('is started by managers and admins only, once at a time', async () => {
    await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${binhai}`).expect(403);
    const first = await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${admin}`).expect(202);
    await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${manager}`).expect(409);
    const page = await (await signIn(t, 'manager')).get('/reports').expect(200);
    expect(page.text).toContain(`第 ${first.body.jobId} 号预测正在运行`);
    await t.app.get(JobsService).drain();
    const res = await api('/api/v1/reports/forecast').expect(200);
    expect(res.body.job.id).toBe(first.body.jobId);
    // A run keeps the lines of the last completed run until it completes; older runs' lines go.
    const third = await request(t.http).post('/api/v1/reports/forecast').set('Authorization', `Bearer ${admin}`).expect(202);
    await t.app.get(JobsService).drain();
    const jobs = await sql<{ job_id: unknown }>('SELECT DISTINCT job_id FROM report_forecast');
    expect(jobs.map((j) => num(j.job_id)).sort((a, b) => a - b)).toEqual([first.body.jobId, third.body.jobId]);
    expect((await api('/api/v1/reports/forecast').expect(200)).body.job.id).toBe(third.body.jobId);
  });
});
