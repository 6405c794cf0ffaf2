import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Task } from '../src/activities/task.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { todayIso } from '../src/common/format.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { RadarService } from '../src/radar/radar.service.js';
import { ReferenceSetting } from '../src/settings/reference-setting.entity.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * Issue 21: what changes by year is data. Plan periods decide which targets a year is measured
 * against (2021–2025 the 14th plan, 2026– the 15th, "not yet entered" until someone enters it);
 * targets and settings are edited with forms (audited, 409 on a stale version, field messages in
 * Chinese); the radar's lead time and the credit look-back window come from dated records.
 */
let t: TestApp;
let admin: string;
let manager: string;

const api = (path: string, token = manager) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);
const auditOf = (entity: string, entityId: number) => t.dataSource.getRepository(AuditEntry).find({ where: { entity, entityId: String(entityId) }, order: { id: 'ASC' } });
type Point = { year: number; target: number | null; targetKind: string | null; planPeriod: string | null };

beforeAll(async () => {
  t = await startTestApp();
  admin = await tokenFor(t, 'admin');
  manager = await tokenFor(t, 'manager');
});
afterAll(async () => {
  await t?.close();
});

describe('plan period of the year shown', () => {
  it.each<[number, number, number | null, string | null, string]>([
    [2021, 7420 + 836, 216 + 17, 'interpolated', '14th'],
    [2022, 9092, 250, 'interpolated', '14th'],
    [2023, 9928, 266, 'interpolated', '14th'],
    [2024, 10764, 283, 'interpolated', '14th'],
    [2025, 11600, 300, 'set', '14th'],
  ])('%i reads the 14th plan: HNTE %i, leaders %i (%s)', async (year, hnte, leaders, kind, plan) => {
    const res = await api(`/api/v1/reports/targets?year=${year}`).expect(200);
    const [h, l] = res.body.metrics.map((m: { trend: Point[] }) => m.trend.at(-1)!);
    expect([h.target, l.target, h.targetKind, h.planPeriod, l.planPeriod]).toEqual([hnte, leaders, kind, plan, plan]);
    expect(res.body.plans.map((p: { code: string }) => p.code)).toContain('14th');
  });

  it('2026 reads the 15th plan, not yet entered; the trend still shows 2021–2025 against the 14th', async () => {
    const res = await api('/api/v1/reports/targets?year=2026').expect(200);
    const trend = res.body.metrics[0].trend as Point[];
    expect(trend.at(-1)).toMatchObject({ year: 2026, target: null, targetKind: 'not-entered', planPeriod: '15th' });
    expect(trend.find((p) => p.year === 2025)).toMatchObject({ target: 11600, targetKind: 'set', planPeriod: '14th' });
    expect(res.body.plans).toEqual(expect.arrayContaining([expect.objectContaining({ code: '15th', document: null, firstYear: 2026, lastYear: 2030 })]));
    const page = await (await signIn(t, 'manager')).get('/reports?year=2026').expect(200);
    expect(page.text).toContain('尚未录入（“十五五”规划）');
    expect(page.text).toContain('设定值（“十四五”规划）');
  });

  it.each<[number, string, string[]]>([
    [2023, '14th', ['tech-sme']],
    [2025, '14th', ['tech-sme']],
    [2026, '15th', ['hnte', 'leaders', 'rd-gdp', 'rd-industry', 'tech-sme']],
    [2030, '15th', ['hnte', 'leaders', 'rd-gdp', 'rd-industry', 'tech-sme']],
  ])('GET /api/v1/reports/plan?year=%i → the %s plan, not entered: %j', async (year, code, notEntered) => {
    const res = await api(`/api/v1/reports/plan?year=${year}`).expect(200);
    expect([res.body.planPeriod.code, res.body.notEntered]).toEqual([code, notEntered]);
    if (code !== '14th') return expect(res.body.items).toEqual([]);
    const item = (indicator: string, y: number) => res.body.items.find((i: { indicator: string; year: number }) => i.indicator === indicator && i.year === y);
    expect(item('hnte', 2025)).toMatchObject({ target: 11600, source: '天津市科技创新“十四五”规划' });
    expect(typeof item('hnte', 2020).actual).toBe('number');
    expect(item('rd-gdp', 2020)).toEqual({ indicator: 'rd-gdp', year: 2020, target: 3.2, actual: null, source: '天津市科技创新“十四五”规划' });
    expect(item('rd-industry', 2025)).toMatchObject({ target: 1.35 });
  });

  it('the cultivation targets page quotes the plan of the year: 14th figures for 2025, "not yet entered" for 2026', async () => {
    const agent = await signIn(t, 'manager');
    const y2025 = await agent.get('/cultivation/targets?year=2025').expect(200);
    expect(y2025.text).toContain('参考：“十四五”规划高企总量由 7,420 家（2020 年）增至 11,600 家（2025 年），年均净增约 836 家。');
    const y2026 = await agent.get('/cultivation/targets?year=2026').expect(200);
    expect(y2026.text).toContain('“十五五”规划（2026–2030 年）高企总量目标尚未录入。');
  });

  it('the plan periods page lists each period with its targets and sources; empty metrics say 尚未录入', async () => {
    await (await signIn(t, 'manager')).get('/admin/reference/plan-periods').expect(403);
    const page = await (await signIn(t, 'admin')).get('/admin/reference/plan-periods').expect(200);
    const p14 = page.text.slice(page.text.indexOf('id="period-14th"'), page.text.indexOf('id="period-15th"'));
    const p15 = page.text.slice(page.text.indexOf('id="period-15th"'), page.text.indexOf('id="plan-period-form"'));
    for (const s of ['7,420', '11,600', '216', '300', '3.20%', '3.30%', '1.13%', '1.35%', '天津市科技创新“十四五”规划']) expect(p14).toContain(s);
    // Only the tech-SME target kind (issue 17), which has no seeded figure, is not entered in the 14th plan.
    expect((p14.match(/尚未录入/g) ?? []).length).toBe(1);
    expect(p14).toContain('科技型中小企业数');
    expect(p15.match(/尚未录入/g)!.length).toBeGreaterThanOrEqual(6); // the period's document and all five metrics
  });
});

describe('editing targets and plan periods with forms', () => {
  it('files a 15th-plan target with its source (audited), refuses a stale version with 409 and speaks Chinese on bad input', async () => {
    const agent = await signIn(t, 'admin');
    const csrf = csrfFrom((await agent.get('/reports/targets').expect(200)).text);
    const bad = await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrf, metric: 'hnte', year: '2040', value: '12.5', districtCode: '' }).expect(422);
    expect(bad.text).toContain('该年度不属于任何规划期');
    expect(bad.text).toContain('“目标值”须为不小于 0 的整数');
    const badRatio = await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrf, metric: 'rd-gdp', year: '2030', value: '3.333', districtCode: '' }).expect(422);
    expect(badRatio.text).toContain('“目标值”须为 0 至 100 之间、最多两位小数的百分数');
    const tooLong = await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrf, metric: 'hnte', year: '2030', value: '15000', districtCode: '', source: 'x'.repeat(201) }).expect(422);
    expect(tooLong.text).toContain('“来源文件”不超过 200 字');

    await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrf, metric: 'hnte', year: '2030', value: '15000', districtCode: '', source: '天津市科技创新“十五五”规划' }).expect(303);
    const [row] = await t.dataSource.query("SELECT t.id, t.version, t.source, p.code FROM target t JOIN plan_period p ON p.id = t.plan_period_id WHERE t.metric = 'hnte' AND t.year = 2030 AND t.district_code = ''");
    expect([row.code, row.source]).toEqual(['15th', '天津市科技创新“十五五”规划']);
    const edit = await agent.get(`/reports/targets/${row.id}/edit`).expect(200);
    expect(edit.text).toContain('value="天津市科技创新“十五五”规划"');
    await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrfFrom(edit.text), metric: 'hnte', year: '2030', value: '15500', districtCode: '', source: '天津市科技创新“十五五”规划', version: String(row.version) }).expect(303);
    const stale = await agent.post('/reports/targets').type('form')
      .send({ _csrf: csrfFrom(edit.text), metric: 'hnte', year: '2030', value: '16000', districtCode: '', version: String(row.version) }).expect(409);
    expect(stale.text).toContain('该记录已被他人修改');
    const audit = await auditOf('target', row.id);
    expect(audit.map((a) => a.action)).toEqual(['target.create', 'target.update']);
    expect(audit[0]!.after).toMatchObject({ value: 15000, source: '天津市科技创新“十五五”规划' });
    expect([audit[1]!.before?.value, audit[1]!.after?.value]).toEqual([15000, 15500]);

    // The 15th plan now has an HNTE goal: 2030 shows it, 2026 still has nothing to interpolate from.
    const res = await api('/api/v1/reports/targets?year=2030').expect(200);
    const trend = res.body.metrics[0].trend as Point[];
    expect(trend.at(-1)).toMatchObject({ year: 2030, target: 15500, targetKind: 'set', planPeriod: '15th' });
    expect(trend.find((p) => p.year === 2026)).toMatchObject({ target: null, targetKind: null, planPeriod: '15th' });
    const list = await api('/api/v1/reports/targets/list').expect(200);
    expect(list.body.items.find((x: { metric: string; year: number }) => x.metric === 'rd-gdp' && x.year === 2025)).toMatchObject({ value: 3.3, planPeriod: '14th', source: '天津市科技创新“十四五”规划' });
    await request(t.http).delete(`/api/v1/reports/targets/${row.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
  });

  it('imports district targets pasted from a spreadsheet: all rows or none, row messages in Chinese, replacing only when asked', async () => {
    const agent = await signIn(t, 'admin');
    const csrf = csrfFrom((await agent.get('/reports/targets').expect(200)).text);
    const paste = (pasted: string, replace = false) => agent.post('/reports/targets/import').type('form').send({ _csrf: csrf, pasted, ...(replace ? { replace: 'on' } : {}) });
    const header = '指标\t年度\t区\t目标值\t来源文件\n';
    const bad = await paste(`${header}hnte\t2030\t滨海新区\t1500\t滨海新区规划\nhnte\t2031\t120104\t900\t\nleaders\t2030\t120199\t10\t\nrd-gdp\t2030\t\t3.333\t`).expect(422);
    for (const m of ['第 3 行：该年度不属于任何规划期。', '第 4 行：不是天津市的区', '第 5 行：比例目标须为 0 至 100 之间']) expect(bad.text).toContain(m);
    expect(Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM target WHERE year = 2030 AND district_code = '120116'"))[0].n)).toBe(0);

    const rows = `${header}hnte\t2030\t滨海新区\t1500\t滨海新区规划\n高新技术企业数\t2030\t120104\t900\t南开区规划\nhnte\t2025\t\t11600\t`;
    const exists = await paste(rows).expect(422);
    expect(exists.text).toContain('第 4 行：该目标已存在');
    await paste(rows, true).expect(303);
    const saved = await t.dataSource.query("SELECT t.district_code AS d, t.value AS v, t.source AS s, p.code AS c FROM target t JOIN plan_period p ON p.id = t.plan_period_id WHERE t.metric = 'hnte' AND t.year = 2030 ORDER BY t.district_code");
    expect(saved).toEqual([{ d: '120104', v: 900, s: '南开区规划', c: '15th' }, { d: '120116', v: 1500, s: '滨海新区规划', c: '15th' }]);
    const actions = await t.dataSource.query("SELECT action FROM audit_entry WHERE entity = 'target' AND entity_id IN (SELECT CAST(id AS TEXT) FROM target WHERE metric = 'hnte' AND year IN (2025, 2030)) ORDER BY id");
    expect(actions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['target.create', 'target.create', 'target.update']));
    const district = await api('/api/v1/reports/targets?year=2030&districtCode=120116').expect(200);
    expect(district.body.metrics[0].trend.at(-1)).toMatchObject({ target: 1500, targetKind: 'set', planPeriod: '15th' });
  });

  it('edits a plan period (audited, 409 when stale, Chinese field messages for overlapping years)', async () => {
    const agent = await signIn(t, 'admin');
    const [p15] = await t.dataSource.query("SELECT id, version FROM plan_period WHERE code = '15th'");
    const edit = await agent.get(`/admin/reference/plan-periods/${p15.id}/edit`).expect(200);
    const form = { _csrf: csrfFrom(edit.text), id: String(p15.id), code: '15th', nameZh: '“十五五”规划', nameEn: '15th Five-Year Plan', baseYear: '2025', firstYear: '2026', lastYear: '2030' };
    const overlap = await agent.post('/admin/reference/plan-periods').type('form').send({ ...form, version: String(p15.version), firstYear: '2025' }).expect(422);
    expect(overlap.text).toContain('基期年度须早于起始年度');
    expect(overlap.text).toContain('年度范围与其他规划期重叠');
    const badYear = await agent.post('/admin/reference/plan-periods').type('form').send({ ...form, version: String(p15.version), lastYear: '20x' }).expect(422);
    expect(badYear.text).toContain('须为 2000 至 2100 之间的整数');
    await agent.post('/admin/reference/plan-periods').type('form').send({ ...form, version: String(p15.version), document: '天津市科技创新“十五五”规划' }).expect(303);
    const stale = await agent.post('/admin/reference/plan-periods').type('form').send({ ...form, version: String(p15.version), document: '别的文件' }).expect(409);
    expect(stale.text).toContain('该记录已被他人修改');
    const audit = await auditOf('plan_period', p15.id);
    expect(audit.map((a) => [a.action, a.after?.document])).toEqual([['plan-period.update', '天津市科技创新“十五五”规划']]);
    const [after] = await t.dataSource.query("SELECT document, version FROM plan_period WHERE code = '15th'");
    expect(after).toEqual({ document: '天津市科技创新“十五五”规划', version: p15.version + 1 });
  });
});

describe('dated settings', () => {
  const TODAY = '2026-11-22';
  let enterprise: Enterprise;
  let certificate: Qualification;

  beforeAll(async () => {
    enterprise = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    await t.dataSource.getRepository(Qualification).delete({ enterpriseId: enterprise.id, kind: 'hnte-certificate' });
    // Expires in a little over seven months: outside the seeded six-month lead time.
    certificate = await t.dataSource.getRepository(Qualification).save({ enterpriseId: enterprise.id, kind: 'hnte-certificate', obtainedOn: '2024-07-01', validUntil: '2027-07-01', certificateNumber: 'GR202412000777' });
  });

  it('a radar lead time changed on the settings page takes effect from its date (audited, 409 when stale, Chinese messages)', async () => {
    const radar = t.app.get(RadarService);
    const onRadar = async (today: string) => (await radar.items(null, today)).some((i) => i.kind === 'hnte' && i.sourceId === certificate.id);
    expect(await onRadar(TODAY)).toBe(false);

    const agent = await signIn(t, 'admin');
    await (await signIn(t, 'manager')).get('/admin/reference/settings').expect(403);
    const page = await agent.get('/admin/reference/settings').expect(200);
    expect(page.text).toContain('到期预警：高企证书提前量');
    const csrf = csrfFrom(page.text);
    const bad = await agent.post('/admin/reference/settings').type('form').send({ _csrf: csrf, key: 'radar.hnteLeadMonths', effectiveFrom: '2026-02-30', value: '30' }).expect(422);
    expect(bad.text).toContain('“生效日”须为有效日期（年-月-日）');
    expect(bad.text).toContain('“数值”须在 1 至 24 之间');
    const dup = await agent.post('/admin/reference/settings').type('form').send({ _csrf: csrf, key: 'radar.hnteLeadMonths', effectiveFrom: '2016-01-01', value: '9' }).expect(422);
    expect(dup.text).toContain('该参数在此生效日已有记录');

    await agent.post('/admin/reference/settings').type('form').send({ _csrf: csrf, key: 'radar.hnteLeadMonths', effectiveFrom: '2026-11-01', value: '8', source: '局务会决定' }).expect(303);
    expect(await onRadar(TODAY)).toBe(true);
    expect(await onRadar('2026-10-31')).toBe(false); // before its effective date the six months still apply
    const run = await radar.run(TODAY);
    expect(run.tasksCreated).toBeGreaterThanOrEqual(1);
    const task = await t.dataSource.getRepository(Task).findOneByOrFail({ dedupeKey: `radar:hnte:${certificate.id}:2027-07-01` });
    expect(task.dueOn).toBe('2027-04-01'); // three months before expiry (radar.hnteTaskDueMonths)

    const record = await t.dataSource.getRepository(ReferenceSetting).findOneByOrFail({ key: 'radar.hnteLeadMonths', effectiveFrom: '2026-11-01' });
    const edit = await agent.get(`/admin/reference/settings/${record.id}/edit`).expect(200);
    const form = { _csrf: csrfFrom(edit.text), id: String(record.id), key: record.key, effectiveFrom: '2026-11-01', source: '局务会决定' };
    await agent.post('/admin/reference/settings').type('form').send({ ...form, value: '9', version: String(record.version) }).expect(303);
    const stale = await agent.post('/admin/reference/settings').type('form').send({ ...form, value: '10', version: String(record.version) }).expect(409);
    expect(stale.text).toContain('该记录已被他人修改');
    const audit = await auditOf('reference_setting', record.id);
    expect(audit.map((a) => [a.action, a.after?.value])).toEqual([['setting.create', '8'], ['setting.update', '9']]);
    const radarPage = await (await signIn(t, 'manager')).get('/radar').expect(200);
    expect(radarPage.text).toContain(`到期前 ${todayIso() >= '2026-11-01' ? 9 : 6} 个月`);
  });

  it('the credit look-back window comes from data, dated', async () => {
    const facts = { enterprise: { districtCode: '120116', flags: [{ kind: 'research-misconduct', on: '2024-06-01' }] } };
    const credit = async (asOf: string) => {
      const res = await request(t.http).post('/api/v1/eligibility/evaluate').set('Authorization', `Bearer ${manager}`).send({ asOf, programs: ['young-eagle'], ...facts }).expect(200);
      return res.body.results[0].criteria.find((c: { code: string }) => c.code === 'YE-CREDIT') as { outcome: string; threshold: { from: string } };
    };
    // Seeded: year N and N-1, so a 2024 flag does not count in 2026.
    expect(await credit('2026-03-31')).toMatchObject({ outcome: 'met', threshold: { from: '2025-01-01' } });
    const agent = await signIn(t, 'admin');
    const csrf = csrfFrom((await agent.get('/admin/reference/settings').expect(200)).text);
    await agent.post('/admin/reference/settings').type('form').send({ _csrf: csrf, key: 'credit.lookbackYears', effectiveFrom: '2026-01-01', value: '2' }).expect(303);
    expect(await credit('2026-03-31')).toMatchObject({ outcome: 'unmet', threshold: { from: '2024-01-01' } });
    // An evaluation dated before the new record keeps the old window.
    expect(await credit('2025-12-31')).toMatchObject({ outcome: 'unmet', threshold: { from: '2024-01-01' } });
    expect(await credit('2025-03-31')).toMatchObject({ threshold: { from: '2024-01-01' } });
    const rows = await t.dataSource.getRepository(ReferenceSetting).find({ where: { key: 'credit.lookbackYears' }, order: { effectiveFrom: 'ASC' } });
    expect(rows.map((r) => [r.effectiveFrom, r.value])).toEqual([['2016-01-01', '1'], ['2026-01-01', '2']]);
  });
});
