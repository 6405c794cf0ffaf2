import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { noticeEndsOn } from '../src/applications/batches.service.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { validUntil } from '../src/ladder/recognitions.service.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { CAL, Api, CONTACT, daysFrom, HNTE_DOCS, THIS_YEAR, TIER_DOCS, TODAY } from './applications.fixtures.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * Batches, the public notice with objections, bulk decisions, the announcement (recognitions with
 * certificate numbers and validity, current tiers) and the published lists (public, CSV); HNTE
 * from the bureau's recommendation through the notice to the certificate.
 */
let t: TestApp;
let api: Api;
const firms: { id: number; uscc: string; name: string; district: string }[] = [];
const apps: number[] = [];
let batchId: number;
const START = daysFrom(TODAY, -40);

/** A young-eagle application filed by the district officer and passed to municipal review. */
async function toMunicipal(enterpriseId: number, officer: string, tier = 'young-eagle'): Promise<number> {
  const res = await api.post('/api/v1/applications', officer, { enterpriseId, type: 'tier-recognition', tier, year: THIS_YEAR, form: { ...CONTACT, mainProducts: '智能传感器' } }).expect(201);
  const id = res.body.id as number;
  await api.uploadAll(id, officer, TIER_DOCS);
  await api.act(id, officer, 'submit');
  await api.act(id, officer, 'accept');
  await api.act(id, officer, 'recommend');
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai');
  const specs: [string, string, string][] = [['120116', 'officer.binhai', '天津名单甲科技有限公司'], ['120116', 'officer.binhai', '天津名单乙科技有限公司'], ['120116', 'officer.binhai', '天津名单丙科技有限公司'], ['120104', 'officer.nankai', '天津名单丁科技有限公司'], ['120116', 'officer.binhai', '天津名单戊科技有限公司']];
  for (const [i, [district, officer, name]] of specs.entries()) {
    const e = await api.createEnterprise(officer, district, 9000 + i, name);
    firms.push({ ...e, name, district });
    apps.push(await toMunicipal(e.id, officer));
  }
  const demo = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await api.login(demo.uscc);
  api.tokens.ent = api.tokens[demo.uscc];
});
afterAll(async () => {
  await t?.close();
});

describe('a batch gathers applications that passed municipal review', () => {
  it('only managers create batches; names are unique per programme and year', async () => {
    await api.post('/api/v1/batches', 'officer.binhai', { programme: 'young-eagle', year: THIS_YEAR, name: `${THIS_YEAR}年第一批` }).expect(403);
    const created = await api.post('/api/v1/batches', 'manager', { programme: 'young-eagle', year: THIS_YEAR, name: `${THIS_YEAR}年第一批` }).expect(201);
    expect(created.body).toMatchObject({ programme: 'young-eagle', year: THIS_YEAR, status: 'open', applications: 0 });
    batchId = created.body.id;
    await api.post('/api/v1/batches', 'manager', { programme: 'young-eagle', year: THIS_YEAR, name: `${THIS_YEAR}年第一批` }).expect(409);
    await api.post('/api/v1/batches', 'manager', { programme: 'unicorn', year: THIS_YEAR, name: 'x' }).expect(400);
    await api.get('/api/v1/batches', 'ent').expect(403);
  });

  it('offers the candidates and refuses applications that are not ready', async () => {
    const view = await api.get(`/api/v1/batches/${batchId}`, 'manager').expect(200);
    expect(view.body.candidates.map((a: { id: number }) => a.id).sort()).toEqual([...apps].sort());
    const notReady = await api.post('/api/v1/applications', 'officer.binhai', { enterpriseId: firms[0].id, type: 'tier-recognition', tier: 'gazelle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: 'x' } }).expect(201);
    await api.uploadAll(notReady.body.id, 'officer.binhai', TIER_DOCS);
    await api.act(notReady.body.id, 'officer.binhai', 'submit');
    const refused = await api.post(`/api/v1/batches/${batchId}/applications`, 'manager', { applicationIds: [apps[0], notReady.body.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual([{ field: 'applicationIds[1]', message: expect.stringMatching(/is not young-eagle/) }]);
    expect((await api.get(`/api/v1/batches/${batchId}`, 'manager')).body.applications).toEqual([]); // all or nothing
    await api.post(`/api/v1/batches/${batchId}/applications`, 'officer.binhai', { applicationIds: [apps[0]] }).expect(403);
    const added = await api.post(`/api/v1/batches/${batchId}/applications`, 'manager', { applicationIds: apps.slice(0, 4) }).expect(200);
    expect(added.body.applications).toHaveLength(4);
    expect(added.body.candidates.map((a: { id: number }) => a.id)).toEqual([apps[4]]);
  });
});

describe('the public notice', () => {
  let second: number;

  it('a notice that is still running blocks decisions and the announcement (HTML, as a manager does it)', async () => {
    const agent = await signIn(t, 'manager');
    let page = await agent.get('/batches').expect(200);
    const created = await agent.post('/batches').type('form').send({ _csrf: csrfFrom(page.text), programme: 'young-eagle', year: String(THIS_YEAR), name: `${THIS_YEAR}年第二批` }).expect(303);
    second = Number(created.headers.location.split('/').pop());
    page = await agent.get(`/batches/${second}`).expect(200);
    expect(page.text).toContain('天津名单戊科技有限公司');
    await agent.post(`/batches/${second}/applications`).type('form').send({ _csrf: csrfFrom(page.text), applicationIds: String(apps[4]) }).expect(303);
    page = await agent.get(`/batches/${second}`).expect(200);
    await agent.post(`/batches/${second}/notice`).type('form').send({ _csrf: csrfFrom(page.text), startsOn: TODAY, workingDays: '10' }).expect(303);
    page = await agent.get(`/batches/${second}`).expect(200);
    expect(page.text).toContain(`公示已开始，至 ${noticeEndsOn(TODAY, 10, CAL)} 结束。`);
    const app = (await api.get(`/api/v1/applications/${apps[4]}`, 'manager')).body;
    expect(app).toMatchObject({ status: 'public-notice', dueOn: noticeEndsOn(TODAY, 10, CAL), batch: { id: second, status: 'notice', noticeStartsOn: TODAY } });
    const early = await api.post(`/api/v1/applications/${apps[4]}/transitions`, 'manager', { action: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.details).toEqual([{ field: 'batch.noticeEndsOn', message: `the public notice runs until ${noticeEndsOn(TODAY, 10, CAL)}` }]);
    await agent.post(`/batches/${second}/announce`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    page = await agent.get(`/batches/${second}`).expect(200);
    expect(page.text).toContain('公示期尚未结束。');
  });

  it('opens for the whole batch: every application moves to public notice (default 10 working days)', async () => {
    await api.post(`/api/v1/batches/${batchId}/notice`, 'officer.binhai', { startsOn: START }).expect(403);
    await api.post(`/api/v1/batches/${batchId}/notice`, 'manager', { startsOn: daysFrom(TODAY, -200) }).expect(400);
    const opened = await api.post(`/api/v1/batches/${batchId}/notice`, 'manager', { startsOn: START }).expect(200);
    expect(opened.body).toMatchObject({ status: 'notice', noticeStartsOn: START, noticeEndsOn: noticeEndsOn(START, 10, CAL), noticeWorkingDays: 10 });
    expect(opened.body.applications.map((a: { status: string }) => a.status)).toEqual(['public-notice', 'public-notice', 'public-notice', 'public-notice']);
    const history = (await api.get(`/api/v1/applications/${apps[0]}`, 'manager')).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'publish-notice', from: 'municipal-review', to: 'public-notice', actor: { role: 'manager' } });
    await api.post(`/api/v1/batches/${batchId}/applications`, 'manager', { applicationIds: [apps[4]] }).expect(409);
    await api.post(`/api/v1/batches/${batchId}/notice`, 'manager', {}).expect(409);
  });

  it('records objections during the notice and resolves them', async () => {
    await api.post(`/api/v1/applications/${apps[2]}/objections`, 'officer.nankai', { receivedOn: START, content: 'x' }).expect(404);
    await api.post(`/api/v1/applications/${apps[2]}/objections`, 'manager', { receivedOn: daysFrom(START, -1), content: 'x' }).expect(400);
    const upheld = await api.post(`/api/v1/applications/${apps[2]}/objections`, 'manager', { receivedOn: daysFrom(START, 2), objector: '实名举报人', content: '该企业核心专利存在权属纠纷' }).expect(201);
    const dismissed = await api.post(`/api/v1/applications/${apps[1]}/objections`, 'officer.binhai', { receivedOn: daysFrom(START, 3), content: '营业收入数据存疑' }).expect(201);
    expect(upheld.body).toMatchObject({ status: 'open', receivedOn: daysFrom(START, 2) });
    // An objection the enterprise does not see.
    const notOnNotice = await toMunicipal(firms[0].id, 'officer.binhai', 'tech-sme');
    await api.post(`/api/v1/applications/${notOnNotice}/objections`, 'manager', { receivedOn: TODAY, content: 'x' }).expect(409);

    const blocked = await api.post(`/api/v1/batches/${batchId}/decisions`, 'manager', { action: 'approve' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.details.map((d: { field: string }) => d.field).sort()).toEqual([apps[1], apps[2]].map((id) => `TR-${THIS_YEAR}-${String(id).padStart(5, '0')}`).sort());
    expect((await api.get(`/api/v1/applications/${apps[0]}`, 'manager')).body.status).toBe('public-notice'); // all or nothing

    await api.post(`/api/v1/applications/${apps[1]}/objections/${dismissed.body.id}/resolve`, 'officer.binhai', { resolution: 'dismissed', note: 'x' }).expect(403);
    await api.post(`/api/v1/applications/${apps[1]}/objections/${dismissed.body.id}/resolve`, 'manager', { resolution: 'dismissed', note: '经核实，营收数据与审计报告一致' }).expect(200);
    await api.post(`/api/v1/applications/${apps[1]}/objections/${dismissed.body.id}/resolve`, 'manager', { resolution: 'upheld', note: 'x' }).expect(409);
    await api.post(`/api/v1/applications/${apps[2]}/objections/${upheld.body.id}/resolve`, 'manager', { resolution: 'upheld', note: '经核实，专利权属存在争议' }).expect(200);
    const stillBlocked = await api.post(`/api/v1/applications/${apps[2]}/transitions`, 'manager', { action: 'approve' });
    expect(stillBlocked.status).toBe(409);
    expect(stillBlocked.body.details[0].message).toMatch(/upheld objection/);
    const staff = (await api.get(`/api/v1/applications/${apps[2]}`, 'manager')).body;
    expect(staff.objections).toEqual([expect.objectContaining({ status: 'upheld', resolution: '经核实，专利权属存在争议', objector: '实名举报人' })]);
  });

  it('bulk decisions: the upheld one is rejected, the rest approved together', async () => {
    const rejected = await api.post(`/api/v1/batches/${batchId}/decisions`, 'manager', { action: 'reject', applicationIds: [apps[2]], comment: '公示期异议成立' }).expect(200);
    expect(rejected.body.undecided).toBe(3);
    const announceEarly = await api.post(`/api/v1/batches/${batchId}/announce`, 'manager', {});
    expect(announceEarly.status).toBe(409);
    expect(announceEarly.body.details).toHaveLength(3);
    await api.post(`/api/v1/batches/${batchId}/decisions`, 'officer.binhai', { action: 'approve' }).expect(403);
    const approved = await api.post(`/api/v1/batches/${batchId}/decisions`, 'manager', { action: 'approve', comment: '公示无异议' }).expect(200);
    const statuses = approved.body.applications.map((a: { id: number; status: string }) => [a.id, a.status]).sort((x: number[], y: number[]) => x[0] - y[0]);
    expect(statuses).toEqual([[apps[0], 'approved'], [apps[1], 'approved'], [apps[2], 'rejected'], [apps[3], 'approved']]);
    await api.post(`/api/v1/batches/${batchId}/decisions`, 'manager', { action: 'approve' }).expect(409); // nothing left to decide
  });
});

describe('the announcement and the published list', () => {
  it('creates the recognitions with certificate numbers and validity, and updates the current tier', async () => {
    await api.post(`/api/v1/batches/${batchId}/announce`, 'officer.binhai', {}).expect(403);
    const announced = await api.post(`/api/v1/batches/${batchId}/announce`, 'manager', {}).expect(200);
    expect(announced.body).toMatchObject({ status: 'announced', announcedOn: TODAY });
    const recognitions = await t.dataSource.getRepository(Recognition).find({ where: { tier: 'young-eagle', year: THIS_YEAR, source: 'application' }, order: { certificateNumber: 'ASC' } });
    expect(recognitions.map((r) => [r.applicationId, r.certificateNumber, r.batch, r.validFrom, r.validUntil])).toEqual(
      [apps[0], apps[1], apps[3]].map((id, i) => [id, `TJ-YE-${THIS_YEAR}-000${i + 1}`, `${THIS_YEAR}年第一批`, TODAY, validUntil(TODAY, 1)]),
    );
    for (const [i, tier] of [[0, 'young-eagle'], [1, 'young-eagle'], [2, null], [3, 'young-eagle']] as const) {
      const file = await api.get(`/api/v1/enterprises/${firms[i].id}`, 'manager').expect(200);
      expect(file.body.enterprise.currentTier).toBe(tier);
    }
    const decided = (await api.get(`/api/v1/applications/${apps[0]}`, 'manager')).body;
    expect(decided.decision).toEqual({ certificateNumber: `TJ-YE-${THIS_YEAR}-0001`, validFrom: TODAY, validUntil: validUntil(TODAY, 1), batch: `${THIS_YEAR}年第一批` });
    await api.post(`/api/v1/batches/${batchId}/announce`, 'manager', {}).expect(409);
  });

  it('publishes the list at /lists/:programme/:year with no sign-in', async () => {
    const page = await request(t.http).get(`/lists/young-eagle/${THIS_YEAR}`).expect(200);
    for (const i of [0, 1, 3]) expect(page.text).toContain(firms[i].name);
    expect(page.text).not.toContain(firms[2].name); // rejected after the objection
    expect(page.text).not.toContain(firms[4].name); // its batch is still on notice
    expect(page.text).toContain('滨海新区');
    expect(page.text).toContain('南开区');
    expect(page.text).toContain(`${THIS_YEAR}年第一批`);
    expect(page.text).toContain('雏鹰企业');
    const en = await request(t.http).get(`/lists/young-eagle/${THIS_YEAR}`).set('Cookie', 'lang=en').expect(200);
    expect(en.text).toContain('Young eagle');
    expect(en.text).toContain('Binhai New Area');
    const index = await request(t.http).get('/lists').expect(200);
    expect(index.text).toContain(`/lists/young-eagle/${THIS_YEAR}`);
    await request(t.http).get('/lists/unicorn/2026').expect(404);
    await request(t.http).get('/lists/young-eagle/20x6').expect(404);
  });

  it('downloads the list as CSV (UTF-8 with BOM) and serves it as JSON', async () => {
    const csv = await request(t.http).get(`/lists/young-eagle/${THIS_YEAR}.csv`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`young-eagle-${THIS_YEAR}.csv`);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect((csv.body as string).startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('认定类别,年度,批次,企业名称,所属区,公布日期');
    expect(lines.slice(1).sort()).toEqual([0, 1, 3].map((i) => `雏鹰企业,${THIS_YEAR},${THIS_YEAR}年第一批,${firms[i].name},${firms[i].district === '120116' ? '滨海新区' : '南开区'},${TODAY}`).sort());
    const json = await request(t.http).get(`/api/v1/lists/young-eagle/${THIS_YEAR}`).expect(200);
    expect(json.body.items.map((r: { enterprise: string }) => r.enterprise).sort()).toEqual([0, 1, 3].map((i) => firms[i].name).sort());
    expect(json.body.items[0]).toEqual({ programme: 'young-eagle', year: THIS_YEAR, batch: `${THIS_YEAR}年第一批`, announcedOn: TODAY, enterprise: expect.any(String), districtCode: expect.stringMatching(/^1201/) });
  });
});

describe('HNTE: from the bureau\'s recommendation to the certificate', () => {
  it('goes through expert review, a notice batch, the published list and the certificate', async () => {
    const firm = firms[0];
    const created = await api.post('/api/v1/applications', 'officer.binhai', { enterpriseId: firm.id, type: 'high-tech-certification', year: THIS_YEAR, form: { ...CONTACT, highTechField: 'electronic-information', coreTechnology: 'MEMS 传感器封装' } }).expect(201);
    const id = created.body.id;
    await api.uploadAll(id, 'officer.binhai', HNTE_DOCS);
    for (const [who, action] of [['officer.binhai', 'submit'], ['officer.binhai', 'accept'], ['officer.binhai', 'recommend'], ['manager', 'recommend']]) await api.act(id, who, action);
    const batch = await api.post('/api/v1/batches', 'manager', { programme: 'high-tech', year: THIS_YEAR, name: `${THIS_YEAR}年第一批高企` }).expect(201);
    await api.post(`/api/v1/batches/${batch.body.id}/applications`, 'manager', { applicationIds: [id] }).expect(200);
    await api.post(`/api/v1/batches/${batch.body.id}/notice`, 'manager', { startsOn: START, workingDays: 10 }).expect(200);
    expect((await api.act(id, 'manager', 'approve')).status).toBe('approved');
    await api.post(`/api/v1/batches/${batch.body.id}/announce`, 'manager', {}).expect(200);
    const list = await request(t.http).get(`/api/v1/lists/high-tech/${THIS_YEAR}`).expect(200);
    expect(list.body.items.map((r: { enterprise: string }) => r.enterprise)).toEqual([firm.name]);
    await api.post(`/api/v1/applications/${id}/transitions`, 'manager', { action: 'issue-certificate', data: { certificateNumber: '' } }).expect(400);
    const certified = await api.act(id, 'manager', 'issue-certificate', 200, { data: { certificateNumber: `GR${THIS_YEAR}12000123`, issuedOn: TODAY } });
    expect(certified).toMatchObject({ status: 'certified', decision: { certificateNumber: `GR${THIS_YEAR}12000123`, issuedOn: TODAY, validUntil: validUntil(TODAY, 3) } });
    const file = await api.get(`/api/v1/enterprises/${firm.id}`, 'manager').expect(200);
    expect(file.body.qualifications).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'hnte-certificate', certificateNumber: `GR${THIS_YEAR}12000123`, validUntil: validUntil(TODAY, 3) })]));
    expect(file.body.recognitions).toEqual(expect.arrayContaining([expect.objectContaining({ tier: 'high-tech', certificateNumber: `GR${THIS_YEAR}12000123` })]));
    expect(file.body.enterprise.currentTier).toBe('young-eagle'); // HNTE is not a rung of the ladder
    const stillListed = await request(t.http).get(`/api/v1/lists/high-tech/${THIS_YEAR}`).expect(200);
    expect(stillListed.body.items).toHaveLength(1);
  });
});
