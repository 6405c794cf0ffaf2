import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { User } from '../src/auth/user.entity.js';
import { todayIso } from '../src/common/format.js';
import { KpiFigures, KpiGrade } from '../src/kpis/kpi-figures.entity.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { PlanPeriod } from '../src/plan-periods/plan-period.entity.js';
import { ReportsService } from '../src/reports/reports.service.js';
import { SettingsService } from '../src/settings/settings.service.js';
import { KpiGradesService } from '../src/kpis/kpi-grades.service.js';
import { Target } from '../src/reports/target.entity.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
type Who = 'admin' | 'manager' | 'officer.binhai' | 'officer.nankai' | 'firm';
const api = (method: 'get' | 'post' | 'put', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
let seq = 0;
const year = Number(todayIso().slice(0, 4));
const N1 = year - 1;

function uscc(district: string): string {
  const first17 = `91${district}MK${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}
async function newFile(district = '120116', industryCode = 'C3911') {
  const code = uscc(district);
  return (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: code, name: `亩均测试企业${++seq}`, districtCode: district, industryCode, taxMode: 'audit', establishedOn: '2018-03-01' }).expect(201)).body as { id: number; uscc: string };
}
const FIGS = { landMu: 50, taxesPaid: 5_000_000, totalProfit: 8_000_000, valueAdded: 20_000_000, energyTce: 1_000 };

let a: { id: number; uscc: string };
let b: { id: number; uscc: string };
let nankai: { id: number; uscc: string };
let ownId: number;

beforeAll(async () => {
  // On PostgreSQL with one pooled connection: a statement that left its transaction for a second
  // connection would wait for ever (15 s, then 503). Before the fix the first sign-in already did.
  t = await startTestApp({ DB_POOL_MAX: '1' });
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai'] as const) tokens[who] = await tokenFor(t, who);
  // Two files alone in their own section (district 120116, industry section R, which no demo file has) so percentiles are predictable.
  a = await newFile('120116', 'R8710');
  b = await newFile('120116', 'R8720');
  nankai = await newFile('120104');
  const login = t.demo.find((l) => l.role === 'enterprise')!;
  tokens.firm = await tokenFor(t, login.username);
  ownId = (await t.dataSource.getRepository(User).findOneByOrFail({ username: login.username })).enterpriseId!;
  await api('put', `/api/v1/enterprises/${a.id}/financials/${N1}`, 'admin').send({ operatingRevenue: 100_000_000, employees: 200, rdExpense: 3_000_000 }).expect(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('demo seed', () => {
  it('gives the demo files KPI figures for the baseline and the last two years, graded; some without land are not-graded', async () => {
    const own = await api('get', `/api/v1/enterprises/${ownId}/kpis`, 'firm').expect(200);
    expect((own.body.items as { year: number }[]).map((i) => i.year)).toEqual(expect.arrayContaining([2020, N1 - 1, N1]));
    const grades = await t.dataSource.getRepository(KpiGrade).findBy({ year: N1 });
    expect(grades.some((g) => g.grade === 'not-graded')).toBe(true);
    expect(grades.some((g) => ['A', 'B', 'C', 'D'].includes(g.grade))).toBe(true);
  });
});

describe('PUT /api/v1/enterprises/:id/kpi-figures/:year and GET …/kpis (api.md)', () => {
  it('stores the figures with provenance, audits them, grades the section and GET shows indicators and grade', async () => {
    const put = await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1}`, 'officer.binhai').send({ ...FIGS, source: 'tax', sourceAsOf: `${N1}-06-30` }).expect(200);
    expect(put.body).toMatchObject({ year: N1, ...FIGS, source: 'tax', sourceAsOf: `${N1}-06-30`, verified: true, version: 1, operatingRevenue: 100_000_000, employees: 200, rdExpense: 3_000_000 });
    expect(put.body.recordedBy).toEqual(expect.any(Number));
    expect(put.body.recordedAt).toEqual(expect.any(String));
    expect(put.body.indicators).toMatchObject({ taxPerMu: 100_000, revenuePerMu: 2_000_000, energyPer10kValueAdded: 0.5, labourProductivity: 100_000, rdIntensity: 0.03 });
    // Alone in its section: every indicator ranks 50 → score 50 → C.
    expect(put.body).toMatchObject({ grade: 'C', score: 50, section: '120116/R', sectionSize: 1 });
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'kpi_figures', entityId: `${a.id}/${N1}` })).toBe(1);
    const get = await api('get', `/api/v1/enterprises/${a.id}/kpis`, 'manager').expect(200);
    expect(get.body.enterpriseId).toBe(a.id);
    expect(get.body.items).toHaveLength(1);
    expect(get.body.items[0].percentiles).toEqual({ taxPerMu: 50, revenuePerMu: 50, valueAddedPerEnergy: 50, labourProductivity: 50, rdIntensity: 50 });
  });

  it('a peer written in the same section moves the first file\'s percentiles (materialised after the write)', async () => {
    await api('put', `/api/v1/enterprises/${b.id}/kpi-figures/${N1}`, 'admin').send({ ...FIGS, taxesPaid: 1_000_000 }).expect(200);
    const rows = await t.dataSource.getRepository(KpiGrade).findBy({ year: N1, section: '120116/R' });
    expect(rows).toHaveLength(2);
    const ga = rows.find((r) => r.enterpriseId === a.id)!;
    expect(ga.percentiles.taxPerMu).toBe(75);
    expect(ga.sectionSize).toBe(2);
  });

  it('no land → not-graded, never D', async () => {
    const put = await api('put', `/api/v1/enterprises/${b.id}/kpi-figures/${N1 - 1}`, 'admin').send({ ...FIGS, landMu: undefined }).expect(200);
    expect(put.body).toMatchObject({ grade: 'not-graded', score: null, landMu: null });
    expect(put.body.indicators.taxPerMu).toBeNull();
  });

  it('the trend compares with the previous year', async () => {
    await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1 - 1}`, 'admin').send(FIGS).expect(200);
    const items = (await api('get', `/api/v1/enterprises/${a.id}/kpis`, 'admin').expect(200)).body.items as { year: number; trend: unknown }[];
    expect(items.map((i) => i.year)).toEqual([N1 - 1, N1]);
    expect(items[1]!.trend).toMatchObject({ previousYear: N1 - 1 });
  });

  it('replaces the year with the version read; a stale version → 409', async () => {
    await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1}`, 'officer.binhai').send({ ...FIGS, landMu: 60, version: 1 }).expect(200);
    await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1}`, 'officer.binhai').send({ ...FIGS, version: 1 }).expect(409);
    expect(await t.dataSource.getRepository(KpiFigures).countBy({ enterpriseId: a.id, year: N1 })).toBe(1);
  });

  it.each([
    ['negative land', { landMu: -1 }, 'landMu'],
    ['land with three decimals', { landMu: 1.234 }, 'landMu'],
    ['text for taxes', { taxesPaid: 'much' }, 'taxesPaid'],
    ['an unknown source', { source: 'newspaper' }, 'source'],
    ['an unknown property', { landHa: 3 }, 'landHa'],
    ['a body year other than the path', { year: 2001 }, 'year'],
    ['a future sourceAsOf', { sourceAsOf: `${year + 1}-01-01` }, 'sourceAsOf'],
  ])('400 with details for %s', async (_label, body, field) => {
    const res = await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1 - 2}`, 'officer.binhai').send({ ...FIGS, ...body }).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('a negative total profit (a loss) is accepted', async () => {
    await api('put', `/api/v1/enterprises/${a.id}/kpi-figures/${N1 - 3}`, 'admin').send({ ...FIGS, totalProfit: -250_000 }).expect(200);
  });

  it('12 writes at once into one section each grade it: none answers 5xx, one grade row per file and year', async () => {
    const y = N1 - 4;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      api('put', `/api/v1/enterprises/${i % 2 ? a.id : b.id}/kpi-figures/${y}`, 'admin').send({ ...FIGS, taxesPaid: 1_000_000 * (i + 1) })));
    // The first write of a year creates the row; a second creating it at the same moment is told the year changed.
    expect(answers.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(answers.some((r) => r.status === 200)).toBe(true);
    const rows = await t.dataSource.getRepository(KpiGrade).find({ where: [{ enterpriseId: a.id, year: y }, { enterpriseId: b.id, year: y }] });
    expect(rows.map((r) => r.enterpriseId).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('access: an enterprise its own file, an officer its district', () => {
  it.each([
    ['an officer, another district\'s file (hidden)', () => `/api/v1/enterprises/${nankai.id}/kpi-figures/${N1}`, 'officer.binhai', 404],
    ['the other district\'s officer, its own', () => `/api/v1/enterprises/${nankai.id}/kpi-figures/${N1}`, 'officer.nankai', 200],
    ['a manager (reads only)', () => `/api/v1/enterprises/${a.id}/kpi-figures/${N1}`, 'manager', 403],
    ['an enterprise, another file', () => `/api/v1/enterprises/${a.id}/kpi-figures/${N1}`, 'firm', 404],
    ['an enterprise, its own file', () => `/api/v1/enterprises/${ownId}/kpi-figures/${N1}`, 'firm', 200],
    ['a future year', () => `/api/v1/enterprises/${a.id}/kpi-figures/${year + 1}`, 'admin', 400],
    ['an unknown file', () => `/api/v1/enterprises/99999999/kpi-figures/${N1}`, 'admin', 404],
  ] as const)('PUT by %s', async (_label, path, who, status) => {
    await api('put', path(), who).send(FIGS).expect(status);
  });

  it.each([
    ['an officer, another district', () => `/api/v1/enterprises/${nankai.id}/kpis`, 'officer.binhai', 404],
    ['an enterprise, another file', () => `/api/v1/enterprises/${a.id}/kpis`, 'firm', 404],
    ['an enterprise, its own', () => `/api/v1/enterprises/${ownId}/kpis`, 'firm', 200],
    ['a manager, any', () => `/api/v1/enterprises/${nankai.id}/kpis`, 'manager', 200],
  ] as const)('GET by %s', async (_label, path, who, status) => {
    await api('get', path(), who).expect(status);
  });

  it('an enterprise reports self-reported figures only (unverified), and may not claim another source', async () => {
    const own = await api('put', `/api/v1/enterprises/${ownId}/kpi-figures/${N1 - 1}`, 'firm').send(FIGS).expect(200);
    expect(own.body).toMatchObject({ source: 'enterprise', verified: false });
    await api('put', `/api/v1/enterprises/${ownId}/kpi-figures/${N1 - 1}`, 'firm').send({ ...FIGS, source: 'tax' }).expect(400);
  });
});

describe('the KPI page and form (HTML)', () => {
  it('shows the grade on the file and the form errors in Chinese (422 re-render)', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const file = await agent.get(`/enterprises/${a.id}`).expect(200);
    expect(file.text).toContain('亩均效益评价');
    const csrf = await csrfOf(agent, `/enterprises/${a.id}/kpis`);
    const bad = await agent.post(`/enterprises/${a.id}/kpis`).type('form').send({ _csrf: csrf, year: String(N1 - 4), landMu: '-3', taxesPaid: '很多' }).expect(422);
    expect(bad.text).toContain('用地面积');
    expect(bad.text).toContain('不能小于 0');
    expect(bad.text).toContain('实缴税金');
    expect(bad.text).toMatch(/value="很多"/);
    const ok = await agent.post(`/enterprises/${a.id}/kpis`).type('form').send({ _csrf: csrf, year: String(N1 - 4), landMu: '12.5', taxesPaid: '1,200,000', source: 'statistics' }).expect(303);
    expect(ok.headers.location).toBe(`/enterprises/${a.id}/kpis?year=${N1 - 4}`);
    const row = await t.dataSource.getRepository(KpiFigures).findOneByOrFail({ enterpriseId: a.id, year: N1 - 4 });
    expect([row.landMu, row.taxesPaid, row.source]).toEqual([12.5, 1_200_000, 'statistics']);
  });
});

describe('import of KPI figures (tax, statistics and energy layouts with Chinese headers)', () => {
  const csv = (rows: (string | number)[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
  const importFile = (file: Buffer, who: Who = 'officer.binhai') =>
    api('post', '/api/v1/imports?kind=kpi-figures', who).attach('file', file, { filename: 'kpi.csv', contentType: 'application/octet-stream' });
  const Y = N1 - 5;

  it('a tax layout (万元 header) and an energy layout fill one year; the source is the one the file names; the year is graded', async () => {
    const tax = csv([['纳税人识别号', '税款所属年度', '实缴税金（万元）', '利润总额（万元）', '数据来源'], [a.uscc, Y, '480.5', '-12', '税务局'], [b.uscc, Y, '100', '20', '税务局']]);
    const dry = await importFile(tax).expect(201);
    expect(dry.body).toMatchObject({ status: 'planned', kind: 'kpi-figures', counts: { total: 2, create: 2, error: 0 } });
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.binhai').expect(200);
    const energy = csv([['统一社会信用代码', '统计年度', '用地面积（亩）', '综合能耗（吨标准煤）', '工业增加值（万元）', '数据来源'], [a.uscc, Y, '40', '900.25', '2000', '统计局']]);
    const dry2 = await importFile(energy).expect(201);
    expect(dry2.body.counts).toMatchObject({ update: 1, error: 0 });
    await api('post', `/api/v1/imports/${dry2.body.id}/commit`, 'officer.binhai').expect(200);
    const row = await t.dataSource.getRepository(KpiFigures).findOneByOrFail({ enterpriseId: a.id, year: Y });
    expect([row.taxesPaid, row.totalProfit, row.landMu, row.energyTce, row.valueAdded, row.source]).toEqual([4_805_000, -120_000, 40, 900.25, 20_000_000, 'statistics']);
    expect((await t.dataSource.getRepository(KpiGrade).findOneByOrFail({ enterpriseId: a.id, year: Y })).grade).not.toBe('not-graded');
    expect((await t.dataSource.getRepository(KpiGrade).findOneByOrFail({ enterpriseId: b.id, year: Y })).grade).toBe('not-graded');
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'kpi_figures', entityId: `${a.id}/${Y}` })).toBe(2);
    // The same file again changes nothing.
    const again = await importFile(energy).expect(201);
    expect(again.body.counts).toMatchObject({ unchanged: 1, update: 0, create: 0 });
  });

  it('commits with the settings cache cold: the grading parameters are read before the transaction, not on a second connection inside it', async () => {
    const Y2 = Y - 1;
    const dry = await importFile(csv([['统一社会信用代码', '年度', '用地面积（亩）', '实缴税金（万元）'], [a.uscc, Y2, '30', '120']])).expect(201);
    t.app.get(SettingsService).invalidate();
    await api('post', `/api/v1/imports/${dry.body.id}/commit`, 'officer.binhai').timeout(15_000).expect(200);
    expect((await t.dataSource.getRepository(KpiGrade).findOneByOrFail({ enterpriseId: a.id, year: Y2 })).grade).not.toBe('not-graded');
  });

  it('grading inside the caller transaction without parameters read before it is refused (a programming error, caught here)', async () => {
    await expect(t.dataSource.transaction((em) => t.app.get(KpiGradesService).grade(Y, { manager: em }))).rejects.toThrow(/pass the params/);
  });

  it('rows of another district read like unknown enterprises; bad cells are row errors', async () => {
    const file = csv([['统一社会信用代码', '年度', '用地面积(亩)', '实缴税金'], [nankai.uscc, Y, '10', '5'], [a.uscc, Y, '-1', 'abc']]);
    const dry = await importFile(file).expect(201);
    expect(dry.body.status).toBe('invalid');
    expect(JSON.stringify(dry.body.errors)).toContain('用地面积');
    expect(dry.body.counts.error).toBe(2);
  });
});

describe('GET /api/v1/reports/kpis: aggregates against independent SQL, scope, dashboard section and XLSX sheet', () => {
  type Row = { districtCode: string; graded: number; grades: Record<string, number>; taxPerMu: number | null; energyPer10kValueAdded: number | null; totalProfit: number | null; vsTarget: { taxPerHectare: { change: number | null; met: boolean | null } } };

  /** The same measures by a different route: plain filtered sums per district, in yuan. */
  async function independent(y: number, district: string) {
    const one = async (sql: string) => Number(((await t.dataSource.query(sql, [y, district])) as { v: number | string | null }[])[0]!.v ?? NaN);
    const live = 'FROM kpi_figures k JOIN enterprise e ON e.id = k.enterprise_id WHERE e.deleted_at IS NULL AND k.year = $1 AND e.district_code = $2';
    const q = (sql: string) => (t.dataSource.options.type === 'postgres' ? sql : sql.replace(/\$\d/g, '?'));
    const taxes = await one(q(`SELECT SUM(k.taxes_paid) AS v ${live} AND k.land_mu > 0 AND k.taxes_paid IS NOT NULL`));
    const land = await one(q(`SELECT SUM(k.land_mu) AS v ${live} AND k.land_mu > 0 AND k.taxes_paid IS NOT NULL`));
    const energy = await one(q(`SELECT SUM(k.energy_tce) AS v ${live} AND k.value_added > 0 AND k.energy_tce IS NOT NULL`));
    const va = await one(q(`SELECT SUM(k.value_added) AS v ${live} AND k.value_added > 0 AND k.energy_tce IS NOT NULL`));
    const profit = await one(q(`SELECT SUM(k.total_profit) AS v ${live}`));
    const graded = await one(q(`SELECT COUNT(*) AS v FROM kpi_grade g JOIN enterprise e ON e.id = g.enterprise_id WHERE e.deleted_at IS NULL AND g.year = $1 AND e.district_code = $2 AND g.grade <> 'not-graded'`));
    const notGraded = await one(q(`SELECT COUNT(*) AS v FROM kpi_grade g JOIN enterprise e ON e.id = g.enterprise_id WHERE e.deleted_at IS NULL AND g.year = $1 AND e.district_code = $2 AND g.grade = 'not-graded'`));
    // Money in fen and land/energy in hundredths: the ratios' units cancel except the energy per 10,000 yuan.
    return { taxPerMu: land ? taxes / land : null, energy: va ? (energy / 100) / (va / 100 / 10_000) : null, profit: profit / 100, graded, notGraded };
  }

  const Y = N1 - 5; // the import test's year: a and b in 120116 (a graded, b not)

  it.each(['120116', '120104'])('district %s: graded counts, tax per mu, energy per VA and profit equal plain SQL', async (district) => {
    const res = await api('get', `/api/v1/reports/kpis?year=${Y}`, 'manager').expect(200);
    expect(res.body).toMatchObject({ year: Y, baselineYear: expect.any(Number), targets: { totalProfit: 0.5, taxPerHectare: 0.5, energyPer10kValueAdded: -0.15 } });
    const row = (res.body.items as Row[]).find((i) => i.districtCode === district)!;
    const want = await independent(Y, district);
    expect(row.graded).toBe(want.graded);
    expect(row.grades['not-graded']).toBe(want.notGraded);
    if (want.taxPerMu === null) expect(row.taxPerMu).toBeNull();
    else expect(row.taxPerMu).toBeCloseTo(want.taxPerMu, 6);
    if (want.energy === null || Number.isNaN(want.energy)) expect(row.energyPer10kValueAdded).toBeNull();
    else expect(row.energyPer10kValueAdded).toBeCloseTo(want.energy, 6);
    if (Number.isNaN(want.profit)) expect(row.totalProfit).toBeNull();
    else expect(row.totalProfit).toBeCloseTo(want.profit, 2);
  });

  it('the 120116 row of the import year: a graded, b not graded', async () => {
    const row = ((await api('get', `/api/v1/reports/kpis?year=${Y}&districtCode=120116`, 'admin').expect(200)).body.items as Row[])[0]!;
    expect(row.graded).toBeGreaterThanOrEqual(1);
    expect(row.grades['not-graded']).toBeGreaterThanOrEqual(1);
  });

  it('an officer sees only its district; an enterprise user gets 403', async () => {
    const res = await api('get', `/api/v1/reports/kpis?year=${Y}`, 'officer.nankai').expect(200);
    expect((res.body.items as Row[]).map((i) => i.districtCode)).toEqual(['120104']);
    await api('get', `/api/v1/reports/kpis?year=${Y}`, 'firm').expect(403);
  });

  it('a year without figures: the dashboard says so in words; with figures it shows the section and the XLSX has its sheet', async () => {
    const agent = await signIn(t, 'manager');
    const empty = await agent.get('/reports?year=2001').expect(200);
    expect(empty.text).toContain('2001 年度尚无亩均效益数据');
    const page = await agent.get(`/reports?year=${Y}`).expect(200);
    expect(page.text).toContain('亩均效益（转型指标）');
    expect(page.text).toContain('各区评价等级分布');
    const xlsx = await api('get', `/api/v1/reports/export.xlsx?year=${Y}&section=kpis`, 'manager').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(wb.worksheets.map((w) => w.name))).toContain('亩均效益');
  });
});

describe('plan cockpit (/reports/plan-cockpit, GET /api/v1/reports/plan-cockpit)', () => {
  type Row = { indicator: string; link: string | null; points: { year: number; target: number | null; actual: number | null; gap: number | null }[] };
  it('lists every measurable target of the period: target vs actual by year with gap and a link to the list', async () => {
    const res = await api('get', '/api/v1/reports/plan-cockpit?year=2025', 'manager').expect(200);
    expect(res.body.planPeriod).toMatchObject({ code: '14th', baseYear: 2020, lastYear: 2025 });
    const rows = res.body.rows as Row[];
    expect(rows.map((r) => r.indicator)).toEqual(['hnte', 'leaders', 'tech-sme', 'srdi', 'rd-portfolio', 'kpi-profit', 'kpi-tax-per-hectare', 'kpi-energy']);
    const hnte = rows[0]!.points.find((p) => p.year === 2025)!;
    expect(hnte.target).toBe(11600);
    expect(hnte.gap).toBe(hnte.actual === null ? null : 11600 - hnte.actual);
    expect(rows.find((r) => r.indicator === 'kpi-profit')!.points.find((p) => p.year === 2025)!.target).toBe(50);
    expect(rows.find((r) => r.indicator === 'kpi-energy')!.points.find((p) => p.year === 2025)!.target).toBe(-15);
    for (const r of rows) expect(r.link).toMatch(/^\/(enterprises|reports)\?/);
  });

  it('SRDI row: enterprises with an SRDI recognition in force at each year\'s end (independent SQL), target "not entered" until one exists', async () => {
    type Point = { year: number; target: number | null; targetKind: string | null; actual: number | null; gap: number | null };
    const insert = (enterpriseId: number, tier: string, from: string, until: string) =>
      t.dataSource.getRepository(Recognition).insert({ enterpriseId, tier, year: Number(from.slice(0, 4)), batch: null, certificateNumber: null, validFrom: from, validUntil: until, source: 'manual', applicationId: null });
    await insert(a.id, 'srdi-sme', '2022-03-01', '2025-02-28');
    await insert(a.id, 'little-giant', '2024-07-01', '2027-06-30'); // the same file twice in 2024: counted once
    await insert(b.id, 'innovative-sme', '2021-01-01', '2023-12-31');
    await insert(b.id, 'tech-sme', '2020-01-01', '2030-12-31'); // not an SRDI rung
    const reports = t.app.get(ReportsService);
    reports.invalidate();
    const today = todayIso();
    const expected = async (y: number) => {
      const on = `${y}-12-31` < today ? `${y}-12-31` : today;
      const row = await t.dataSource.createQueryBuilder().select('COUNT(DISTINCT r.enterprise_id)', 'n').from('recognition', 'r')
        .innerJoin('enterprise', 'e', 'e.id = r.enterprise_id AND e.deleted_at IS NULL')
        .where("r.tier IN ('innovative-sme', 'srdi-sme', 'little-giant') AND r.valid_from <= :on AND r.valid_until >= :on", { on }).getRawOne<{ n: unknown }>();
      return Number(row?.n);
    };
    const srdiOf = async () => ((await api('get', '/api/v1/reports/plan-cockpit?year=2025', 'manager').expect(200)).body.rows as (Row & { points: Point[] })[]).find((r) => r.indicator === 'srdi')!;
    const row = await srdiOf();
    expect(row.link).toBe('/reports?year=2025&ladder=srdi#ladder');
    for (const p of row.points) {
      expect(p.actual).toBe(p.year > year ? null : await expected(p.year));
      expect([p.target, p.targetKind, p.gap]).toEqual([null, 'not-entered', null]);
    }
    // Our files are in: 2023 counts a (srdi-sme) and b (innovative-sme) beyond whatever the demo has.
    const inYear = (y: number) => row.points.find((p) => p.year === y)!.actual!;
    expect(inYear(2023)).toBeGreaterThanOrEqual(2);
    // A target of the plan for SRDI enterprises: shown with its kind and the gap.
    const period = await t.dataSource.getRepository(PlanPeriod).findOneByOrFail({ code: '14th' });
    await t.dataSource.getRepository(Target).insert({ metric: 'srdi' as never, year: 2025, districtCode: '', value: 1000, note: null, planPeriodId: period.id, source: null, updatedBy: null });
    reports.invalidate();
    const withTarget = (await srdiOf()).points.find((p) => p.year === 2025)!;
    expect(withTarget).toMatchObject({ target: 1000, targetKind: 'set' });
    expect(withTarget.gap).toBe(withTarget.actual === null ? null : 1000 - withTarget.actual);
    await t.dataSource.getRepository(Target).delete({ metric: 'srdi' as never });
    reports.invalidate();
  });

  it('the page renders for an officer (its district) and is refused to an enterprise user', async () => {
    const page = await (await signIn(t, 'officer.binhai')).get('/reports/plan-cockpit?year=2025').expect(200);
    expect(page.text).toContain('规划目标驾驶舱');
    expect(page.text).toContain('高新技术企业数');
    expect(page.text).toContain('查看名单');
    await api('get', '/api/v1/reports/plan-cockpit?year=2025', 'firm').expect(403);
  });
});
