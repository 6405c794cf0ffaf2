import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { User } from '../src/auth/user.entity.js';
import { hashPassword } from '../src/auth/password.js';
import { Api, THIS_YEAR } from './applications.fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Integrations (issue 20): the read-only `integration` role with administrator-issued tokens, and the
 * change feed GET /api/v1/changes — ordered, resumable, exactly once when read in pages, scoped.
 */
let t: TestApp;
let api: Api;
let integrationUserId: number;
let feedToken: string;
const PASSWORD = 'Integration@2026x';

type Item = { cursor: string; type: string; id: string; op: string; at: string; enterpriseId: number | null };
const feed = (token: string, query = '') => request(t.http).get(`/api/v1/changes${query}`).set('Authorization', `Bearer ${token}`);

/** Reads the feed in pages of `limit` from `since` until it is exhausted. */
async function readAll(token: string, since: string, types = '', limit = 2): Promise<{ items: Item[]; next: string }> {
  const items: Item[] = [];
  let cursor = since;
  for (let guard = 0; guard < 500; guard++) {
    const res = await feed(token, `?since=${cursor}&limit=${limit}${types ? `&types=${types}` : ''}`).expect(200);
    items.push(...res.body.items);
    if (res.body.items.length === 0) return { items, next: res.body.next };
    cursor = res.body.next;
  }
  throw new Error('feed did not end');
}

const inOneYear = () => `${THIS_YEAR + 1}-01-15`;

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai');
  const user = await t.dataSource.getRepository(User).save(
    t.dataSource.getRepository(User).create({ username: 'bi.platform', displayName: '市大数据平台', role: 'integration', passwordHash: await hashPassword(PASSWORD), active: true, districtCode: null, zoneCode: null, enterpriseId: null }),
  );
  integrationUserId = user.id;
  const issued = await api.post('/api/v1/admin/integration-tokens', 'admin', { userId: integrationUserId, expiresOn: inOneYear() }).expect(201);
  feedToken = issued.body.accessToken;
});
afterAll(async () => {
  await t?.close();
});

describe('integration tokens (admin-issued, expiring, revocable)', () => {
  it('an integration account never signs in with its password, on the web or the API', async () => {
    await request(t.http).post('/api/v1/auth/token').send({ username: 'bi.platform', password: PASSWORD }).expect(401);
  });

  it.each<[string, object, string]>([
    ['a business account', { userId: 1, expiresOn: inOneYear() }, 'userId'],
    ['an expiry in the past', { userId: 0, expiresOn: '2020-01-01' }, 'expiresOn'],
    ['an expiry over a year ahead', { userId: 0, expiresOn: `${THIS_YEAR + 3}-01-01` }, 'expiresOn'],
    ['no date', { userId: 0, expiresOn: 'soon' }, 'expiresOn'],
  ])('refuses %s with a field message', async (_name, body, field) => {
    const b = { ...body, userId: (body as { userId: number }).userId || integrationUserId };
    const res = await api.post('/api/v1/admin/integration-tokens', 'admin', b).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each([['manager'], ['officer.binhai']])('%s may not issue tokens (403)', async (who) => {
    await api.post('/api/v1/admin/integration-tokens', who, { userId: integrationUserId, expiresOn: inOneYear() }).expect(403);
  });

  it('lists tokens without their secret and revokes one (then it answers 401)', async () => {
    const issued = await api.post('/api/v1/admin/integration-tokens', 'admin', { userId: integrationUserId, expiresOn: inOneYear() }).expect(201);
    const list = await api.get('/api/v1/admin/integration-tokens', 'admin').expect(200);
    expect(list.body.items.find((i: { id: number }) => i.id === issued.body.id)).toMatchObject({ username: 'bi.platform', revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.accessToken);
    await feed(issued.body.accessToken).expect(200);
    await api.call('delete', `/api/v1/admin/integration-tokens/${issued.body.id}`, 'admin').expect(204);
    await feed(issued.body.accessToken).expect(401);
    await api.call('delete', '/api/v1/admin/integration-tokens/999999', 'admin').expect(404);
  });
});

describe('the integration role reads the whole city and writes nothing', () => {
  it.each([
    ['/api/v1/enterprises?pageSize=5'],
    ['/api/v1/applications'],
    ['/api/v1/reports/pipeline'],
    ['/api/v1/changes'],
  ])('GET %s → 200', async (path) => {
    await request(t.http).get(path).set('Authorization', `Bearer ${feedToken}`).expect(200);
  });

  it('sees files of every district', async () => {
    const res = await request(t.http).get('/api/v1/enterprises?pageSize=100').set('Authorization', `Bearer ${feedToken}`).expect(200);
    expect(new Set(res.body.items.map((e: { districtCode: string }) => e.districtCode)).size).toBeGreaterThan(1);
  });

  it.each<[string, string, object]>([
    ['post', '/api/v1/enterprises', { uscc: '91310110666007217T', name: '接口写入测试', districtCode: '120116' }],
    ['patch', '/api/v1/enterprises/1', { name: 'x', version: 1 }],
    ['delete', '/api/v1/enterprises/1', {}],
    ['put', `/api/v1/enterprises/1/financials/${THIS_YEAR - 1}`, { operatingRevenue: 1 }],
    ['post', '/api/v1/applications', { enterpriseId: 1, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR }],
    ['post', '/api/v1/eligibility/evaluate', { enterprise: {} }],
    ['post', '/api/v1/admin/integration-tokens', { userId: 1, expiresOn: '2030-01-01' }],
    ['delete', '/api/v1/auth/token', {}],
  ])('%s %s → 403', async (method, path, body) => {
    const r = request(t.http)[method as 'post'](path).set('Authorization', `Bearer ${feedToken}`);
    await (method === 'delete' ? r : r.send(body)).expect(403);
  });
});

describe('GET /api/v1/changes', () => {
  it('returns every change of a scripted sequence, in order, exactly once when read in pages', async () => {
    const start = (await readAll(feedToken, '')).next;
    const e = await api.createEnterprise('officer.binhai', '120116', 42_001, '天津变更流甲科技有限公司');
    await api.call('patch', `/api/v1/enterprises/${e.id}`, 'officer.binhai').send({ name: '天津变更流甲科技股份有限公司', version: 1 }).expect(200);
    await api.call('put', `/api/v1/enterprises/${e.id}/financials/${THIS_YEAR - 1}`, 'officer.binhai').send({ operatingRevenue: 12_000_000, employees: 40 }).expect(200);
    const app = await api.post('/api/v1/applications', 'officer.binhai', { enterpriseId: e.id, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { contactName: '张三', contactPhone: '13800000000', mainProducts: '传感器' } }).expect(201);
    await api.call('delete', `/api/v1/enterprises/${e.id}`, 'admin').expect(204);

    const { items } = await readAll(feedToken, start);
    const mine = items.filter((i) => i.enterpriseId === e.id).map((i) => `${i.type}:${i.op}`);
    expect(mine).toEqual(['enterprise:upsert', 'enterprise:upsert', 'financials:upsert', 'application:upsert', 'enterprise:delete']);
    expect(items.find((i) => i.type === 'application')!.id).toBe(String(app.body.id));
    const cursors = items.map((i) => i.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    // In order: a page boundary neither repeats nor skips (the same read in one page agrees).
    const whole = await feed(feedToken, `?since=${start}&limit=1000`).expect(200);
    expect(whole.body.items.map((i: Item) => i.cursor)).toEqual(cursors);
  });

  it('resumes from a cursor after a restart: a new process on the same database continues exactly where the old one stopped', async () => {
    for (const seed of [42_011, 42_012, 42_013]) await api.createEnterprise('officer.binhai', '120116', seed, `天津重启测试${seed}科技有限公司`);
    const whole = (await feed(feedToken, '?limit=1000').expect(200)).body.items as Item[];
    const half = Math.max(1, Math.floor(whole.length / 2));
    const first = (await feed(feedToken, `?limit=${half}`).expect(200)).body;
    const url = t.config.database.type === 'sqlite' ? `sqlite:${t.config.database.location}` : t.config.database.location;
    const restarted = await startTestApp({ DATABASE_URL: url, DEMO_SEED: 'false' });
    try {
      const rest = await request(restarted.http).get(`/api/v1/changes?since=${first.next}&limit=1000`).set('Authorization', `Bearer ${feedToken}`).expect(200);
      expect([...first.items, ...rest.body.items].map((i: Item) => i.cursor)).toEqual(whole.map((i) => i.cursor));
    } finally {
      await restarted.close();
    }
  });

  it('filters by type', async () => {
    const { items } = await readAll(feedToken, '', 'financials', 50);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(['financials']));
  });

  it('is scoped like every read: an officer sees only its district, an enterprise user nothing outside itself', async () => {
    const binhai = await api.createEnterprise('officer.binhai', '120116', 42_002, '天津变更流乙科技有限公司');
    const nankai = await api.createEnterprise('officer.nankai', '120104', 42_003, '天津变更流丙科技有限公司');
    const seen = async (who: string) => (await readAll(api.tokens[who]!, '', 'enterprise', 1000)).items.map((i) => i.enterpriseId);
    expect(await seen('officer.binhai')).toContain(binhai.id);
    expect(await seen('officer.binhai')).not.toContain(nankai.id);
    expect(await seen('officer.nankai')).toContain(nankai.id);
    expect(await seen('officer.nankai')).not.toContain(binhai.id);
  });

  it.each([
    ['?since=abc'],
    ['?since=c!'],
    ['?types=enterprise,secrets'],
    ['?types=constructor'],
    ['?limit=0'],
    ['?limit=5000'],
  ])('%s → 400 with details in the caller\'s language', async (query) => {
    const res = await feed(feedToken, query).set('Accept-Language', 'zh-CN').expect(400);
    expect(res.body.details.length).toBeGreaterThan(0);
    for (const d of res.body.details) expect(d.message).not.toMatch(/^(validation|changes)\./);
  });

  it('answers 401 without a token', async () => {
    await request(t.http).get('/api/v1/changes').expect(401);
  });
});
