import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { todayIso } from '../src/common/format.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { csrfFrom, csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { businessToday } from '../src/common/clock.js';

let t: TestApp;
const tokens: Record<string, string> = {};
let binhaiId: number; // an enterprise in 120116
let nankaiId: number; // an enterprise in 120104
let binhaiUscc: string;
let nankaiUscc: string;

const api = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, who: string) =>
  request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);

beforeAll(async () => {
  t = await startTestApp();
  const repo = t.dataSource.getRepository(Enterprise);
  const binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  const nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  binhaiId = binhai.id;
  nankaiId = nankai.id;
  binhaiUscc = binhai.uscc;
  nankaiUscc = nankai.uscc;
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai']) tokens[who] = await tokenFor(t, who);
  tokens.ent = await tokenFor(t, binhaiUscc);
});
afterAll(async () => {
  await t?.close();
});

describe('access matrix (JSON): role × own/other district × read/write', () => {
  // [who, enterprise, read status, write (PATCH) status]
  const cases: [string, () => number, number, number][] = [
    ['admin', () => binhaiId, 200, 200],
    ['admin', () => nankaiId, 200, 200],
    ['manager', () => binhaiId, 200, 403],
    ['manager', () => nankaiId, 200, 403],
    ['officer.binhai', () => binhaiId, 200, 200],
    ['officer.binhai', () => nankaiId, 404, 404],
    ['officer.nankai', () => nankaiId, 200, 200],
    ['officer.nankai', () => binhaiId, 404, 404],
    ['ent', () => binhaiId, 200, 403],
    ['ent', () => nankaiId, 404, 404],
  ];
  it.each(cases)('%s reading and patching enterprise → read %#', async (who, id, read, write) => {
    const got = await api('get', `/api/v1/enterprises/${id()}`, who).expect(read);
    const version = read === 200 ? got.body.enterprise.version : 1;
    await api('patch', `/api/v1/enterprises/${id()}`, who).send({ address: `天津市测试路${who}`, version }).expect(write);
  });

  it.each([
    // 292 demo files (issue 18.8: 42 first files and the demo city) and the 5 this file adds.
    ['admin', 292 + 5],
    ['manager', 292 + 5],
    ['officer.binhai', 16],
    ['officer.nankai', 8],
    ['ent', 1],
  ])('%s lists only what it may see', async (who, max) => {
    const res = await api('get', '/api/v1/enterprises?pageSize=200', who).expect(200);
    expect(res.body.total).toBeLessThanOrEqual(max);
    const districts = new Set(res.body.items.map((e: { districtCode: string }) => e.districtCode));
    if (who === 'officer.binhai') expect([...districts]).toEqual(['120116']);
    if (who === 'officer.nankai') expect([...districts]).toEqual(['120104']);
    if (who === 'ent') expect(res.body.items.map((e: { uscc: string }) => e.uscc)).toEqual([binhaiUscc]);
  });

  it('an unknown id and a non-numeric id answer 404', async () => {
    await api('get', '/api/v1/enterprises/999999', 'admin').expect(404);
    await api('get', '/api/v1/enterprises/abc', 'admin').expect(404);
  });

  it('the enterprise user reports its own figures (self-reported), not another’s', async () => {
    const res = await api('put', `/api/v1/enterprises/${binhaiId}/financials/2025`, 'ent').send({ operatingRevenue: 13_500_000, employees: 90 }).expect(200);
    expect(res.body).toMatchObject({ year: 2025, operatingRevenue: 13_500_000, employees: 90, source: 'enterprise', selfReported: true });
    await api('put', `/api/v1/enterprises/${nankaiId}/financials/2025`, 'ent').send({ operatingRevenue: 1 }).expect(404);
    await api('put', `/api/v1/enterprises/${binhaiId}/financials/2025`, 'manager').send({ operatingRevenue: 1 }).expect(403);
    const verified = await api('put', `/api/v1/enterprises/${binhaiId}/financials/2025`, 'officer.binhai').send({ operatingRevenue: 13_500_000 }).expect(200);
    expect(verified.body.selfReported).toBe(false);
  });
});

describe('access matrix (HTML)', () => {
  it.each([
    ['officer.binhai', () => binhaiId, 200],
    ['officer.binhai', () => nankaiId, 404],
    ['manager', () => nankaiId, 200],
  ])('%s opens a file → %#', async (who, id, status) => {
    const agent = await signIn(t, who);
    await agent.get(`/enterprises/${id()}`).expect(status);
  });

  it('a manager may not open the edit form (403); an officer of another district gets 404', async () => {
    const manager = await signIn(t, 'manager');
    await manager.get(`/enterprises/${binhaiId}/edit`).expect(403);
    const nankai = await signIn(t, 'officer.nankai');
    await nankai.get(`/enterprises/${binhaiId}/edit`).expect(404);
  });

  it('the enterprise user’s "my enterprise" link opens its own file', async () => {
    const agent = await signIn(t, binhaiUscc);
    const res = await agent.get('/my-enterprise').expect(302);
    expect(res.headers.location).toBe(`/enterprises/${binhaiId}`);
    await agent.get(`/enterprises/${nankaiId}`).expect(404);
  });
});

describe('create', () => {
  it('creates with a valid USCC (stored upper-case), 409 on a duplicate, 400 on a bad check character', async () => {
    const body = { uscc: '91310110666007217t', name: '天津测试创新科技有限公司', districtCode: '120116', establishedOn: '2020-03-01', taxMode: 'audit', highTechField: 'new-materials' };
    const created = await api('post', '/api/v1/enterprises', 'officer.binhai').send(body).expect(201);
    expect(created.body).toMatchObject({ uscc: '91310110666007217T', districtCode: '120116', version: 1 });
    const dup = await api('post', '/api/v1/enterprises', 'admin').send(body).expect(409);
    expect(dup.body.details).toEqual([{ field: 'uscc', message: '“统一社会信用代码”已存在。' }]);
    const bad = await api('post', '/api/v1/enterprises', 'admin').send({ ...body, uscc: '91310110666007217A' }).expect(400);
    expect(bad.body.details[0].field).toBe('uscc');
  });

  it('warns about a possible duplicate by normalised name', async () => {
    const res = await api('post', '/api/v1/enterprises', 'admin').send({ uscc: '91350200776049653A', name: '天津市测试创新科技有限责任公司', districtCode: '120116' }).expect(201);
    expect(res.body.possibleDuplicates.map((d: { uscc: string }) => d.uscc)).toContain('91310110666007217T');
  });

  it('an officer cannot create a file in another district (403)', async () => {
    await api('post', '/api/v1/enterprises', 'officer.nankai').send({ uscc: '911201047XLR9YUEQ0', name: '天津越界测试有限公司', districtCode: '120116' }).expect((res) => expect([400, 403]).toContain(res.status));
  });

  it.each([
    ['negative capital', { registeredCapital: -1 }, 'registeredCapital'],
    ['unknown field', { nonsense: 1 }, 'nonsense'],
    ['bad date', { establishedOn: '2025-02-30' }, 'establishedOn'],
    ['unknown enum', { taxMode: 'flat' }, 'taxMode'],
    ['not a district', { districtCode: '310101' }, 'districtCode'],
  ])('rejects %s with 400 details', async (_n, extra, field) => {
    const res = await api('post', '/api/v1/enterprises', 'admin').send({ uscc: '91310110666007217T', name: '天津测试', districtCode: '120116', ...extra }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('optimistic locking', () => {
  it('a stale version answers 409 and does not overwrite', async () => {
    const file = await api('get', `/api/v1/enterprises/${nankaiId}`, 'officer.nankai').expect(200);
    const v = file.body.enterprise.version;
    await api('patch', `/api/v1/enterprises/${nankaiId}`, 'officer.nankai').send({ address: '第一次', version: v }).expect(200);
    const stale = await api('patch', `/api/v1/enterprises/${nankaiId}`, 'officer.nankai').send({ address: '第二次', version: v }).expect(409);
    expect(stale.body.details[0].field).toBe('version');
    const after = await api('get', `/api/v1/enterprises/${nankaiId}`, 'officer.nankai').expect(200);
    expect(after.body.enterprise.address).toBe('第一次');
  });

  it('the HTML edit re-renders with both the current values and the typed ones', async () => {
    const agent = await signIn(t, 'officer.nankai');
    const form = await agent.get(`/enterprises/${nankaiId}/edit`).expect(200);
    const csrf = csrfFrom(form.text);
    const version = Number(/name="version" value="(\d+)"/.exec(form.text)![1]);
    const name = /id="name" name="name" type="text" value="([^"]*)"/.exec(form.text)![1];
    await agent.post(`/enterprises/${nankaiId}`).type('form').send({ _csrf: csrf, version, name, districtCode: '120104', address: '同事改的地址' }).expect(303);
    const res = await agent.post(`/enterprises/${nankaiId}`).type('form').send({ _csrf: csrf, version, name, districtCode: '120104', address: '我改的地址' }).expect(409);
    expect(res.text).toContain('我改的地址');
    expect(res.text).toContain('同事改的地址');
    expect(res.text).toContain('已被他人修改');
  });

  it('concurrent updates with the same version: exactly one wins', async () => {
    const file = await api('get', `/api/v1/enterprises/${binhaiId}`, 'admin').expect(200);
    const v = file.body.enterprise.version;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api('patch', `/api/v1/enterprises/${binhaiId}`, 'admin').send({ address: `并发 ${i}`, version: v })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });
});

describe('list', () => {
  it('filters by district, tier and search; sorts; pages; reports the total', async () => {
    const all = await api('get', '/api/v1/enterprises?districtCode=120116&pageSize=5&sort=name', 'manager').expect(200);
    expect(all.body.pageSize).toBe(5);
    expect(all.body.items.length).toBeLessThanOrEqual(5);
    expect(all.body.items.every((e: { districtCode: string }) => e.districtCode === '120116')).toBe(true);
    const names = all.body.items.map((e: { name: string }) => e.name);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    const byUscc = await api('get', `/api/v1/enterprises?q=${binhaiUscc.slice(0, 12)}`, 'manager').expect(200);
    expect(byUscc.body.items.map((e: { uscc: string }) => e.uscc)).toContain(binhaiUscc);
    const tier = await api('get', '/api/v1/enterprises?tier=gazelle', 'manager').expect(200);
    expect(tier.body.items.every((e: { currentTier: string }) => e.currentTier === 'gazelle')).toBe(true);
  });

  it.each([
    ['sort=password', 'sort'],
    ['pageSize=100000', 'pageSize'],
    ['page=0', 'page'],
    ['tier=emperor', 'tier'],
    ["q=' OR 1=1 --", null],
    ['districtCode=1201%27', 'districtCode'],
  ])('a hostile query string (%s) never produces a 5xx', async (qs, field) => {
    const res = await api('get', `/api/v1/enterprises?${qs}`, 'manager');
    expect(res.status).toBeLessThan(500);
    if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('the HTML list keeps filters in the URL and shows the total', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const res = await agent.get('/enterprises?tier=tech-sme&sort=-name').expect(200);
    expect(res.text).toContain('共');
    expect(res.text.replace(/&#x3D;/g, '=')).toMatch(/href="\/enterprises\?tier=tech-sme&amp;sort=name"/);
  });
});

describe('timeline and tasks', () => {
  it('records a visit, shows field changes as "营业收入 2024: a → b", newest first', async () => {
    await api('post', `/api/v1/enterprises/${binhaiId}/activities`, 'officer.binhai').send({ kind: 'visit', text: '走访：了解研发投入计划' }).expect(201);
    await api('put', `/api/v1/enterprises/${binhaiId}/financials/2024`, 'officer.binhai').send({ operatingRevenue: 12_000_000 }).expect(200);
    await api('put', `/api/v1/enterprises/${binhaiId}/financials/2024`, 'officer.binhai').send({ operatingRevenue: 13_500_000 }).expect(200);
    const res = await api('get', `/api/v1/enterprises/${binhaiId}/timeline`, 'officer.binhai').expect(200);
    const texts = res.body.items.map((i: { text: string }) => i.text);
    expect(texts[0]).toBe('营业收入 2024: 1,200.00 万元 → 1,350.00 万元');
    expect(texts).toContain('走访：了解研发投入计划');
    const visits = await api('get', `/api/v1/enterprises/${binhaiId}/timeline?kind=visit`, 'officer.binhai').expect(200);
    expect(visits.body.items.every((i: { kind: string }) => i.kind === 'visit')).toBe(true);
  });

  it('a task appears under "my tasks"; completing it writes to the timeline; completing twice is a 409', async () => {
    const today = businessToday();
    const task = await api('post', `/api/v1/enterprises/${binhaiId}/tasks`, 'officer.binhai').send({ title: '跟进高企申报材料', dueOn: today }).expect(201);
    const mine = await api('get', '/api/v1/tasks/mine', 'officer.binhai').expect(200);
    expect(mine.body.thisWeek.map((x: { id: number }) => x.id)).toContain(task.body.id);
    await api('post', `/api/v1/tasks/${task.body.id}/complete`, 'officer.nankai').send({}).expect(404);
    await api('post', `/api/v1/tasks/${task.body.id}/complete`, 'officer.binhai').send({}).expect(200);
    await api('post', `/api/v1/tasks/${task.body.id}/complete`, 'officer.binhai').send({}).expect(409);
    const tl = await api('get', `/api/v1/enterprises/${binhaiId}/timeline?kind=task-completed`, 'officer.binhai').expect(200);
    expect(tl.body.items[0].text).toBe('跟进高企申报材料');
  });

  it('the HTML file page records a visit through its form (PRG) and shows it', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhaiId}`);
    await agent.post(`/enterprises/${binhaiId}/activities`).type('form').send({ _csrf: csrf, kind: 'call', text: '电话确认走访时间' }).expect(303);
    const page = await agent.get(`/enterprises/${binhaiId}`).expect(200);
    expect(page.text).toContain('电话确认走访时间');
    expect(page.text).toContain('工作记录已保存');
  });
});

describe('soft delete and restore', () => {
  it('an officer deletes; the file disappears (404); only an admin restores', async () => {
    const created = await api('post', '/api/v1/enterprises', 'officer.binhai').send({ uscc: '91120116MA05XXXX0B'.slice(0, 17) + 'X', name: 'tmp', districtCode: '120116' });
    // Build a valid USCC for the test from the check-character rule.
    const { usccCheckChar } = await import('../src/policy/engine/uscc.js');
    const first17 = '91120116MA05DEL01';
    const uscc = first17 + usccCheckChar(first17);
    expect(created.status).toBe(400);
    const res = await api('post', '/api/v1/enterprises', 'officer.binhai').send({ uscc, name: '天津待删除测试有限公司', districtCode: '120116' }).expect(201);
    await api('delete', `/api/v1/enterprises/${res.body.id}`, 'officer.binhai').expect(204);
    await api('get', `/api/v1/enterprises/${res.body.id}`, 'officer.binhai').expect(404);
    await api('post', `/api/v1/enterprises/${res.body.id}/restore`, 'officer.binhai').expect(403);
    await api('post', `/api/v1/enterprises/${res.body.id}/restore`, 'admin').expect(200);
    await api('get', `/api/v1/enterprises/${res.body.id}`, 'officer.binhai').expect(200);
  });
});

describe('the list form', () => {
  it('submitted with every filter left empty lists everything in scope (not a 400)', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const res = await agent.get('/enterprises?q=&districtCode=&zoneCode=&tier=&highTechField=&tag=&expiringWithinMonths=&assignedOfficerId=&sort=-updatedAt').expect(200);
    expect(res.text).toContain('共');
  });
});
