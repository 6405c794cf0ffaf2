import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ALL_PROGRAMS as PROGRAMS } from '../src/policy/engine/facts.js';
import { API_EXAMPLE } from '../src/policy/engine/testing/api-example.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * The public policy handbook (/policies) and pre-screener (POST /api/v1/public/pre-screen):
 * no sign-in, numbers from the rule sets in force, nothing stored, rate-limited (api.md, Offers).
 */
let t: TestApp;
const LIMIT = 4;
// Without `programs`: the pre-screener answers every programme (a visitor asks what it could get).
const { asOf: _asOf, programs: _programs, ...exampleFacts } = API_EXAMPLE as Record<string, unknown>;
const anonymous = { ...exampleFacts, enterprise: { ...(API_EXAMPLE.enterprise as Record<string, unknown>), uscc: undefined, name: undefined } };

beforeAll(async () => {
  t = await startTestApp({ PRESCREEN_PER_MINUTE: String(LIMIT) });
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

describe('GET /policies (public handbook)', () => {
  it('lists every programme the engine evaluates, without signing in, in Chinese by default', async () => {
    const res = await request(t.http).get('/policies').expect(200);
    expect(res.text).toContain('政策手册');
    for (const p of PROGRAMS) expect(res.text).toContain(`data-programme="${p}"`);
    expect(res.text).not.toMatch(/handbook\.\w+/); // no raw catalogue key on the page
  });

  it('speaks English after switching', async () => {
    const res = await request(t.http).get('/policies').set('Cookie', 'lang=en').expect(200);
    expect(res.text).toContain('Policy handbook');
  });

  it.each(PROGRAMS.map((p) => [p]))('%s: every criterion with its requirement and reference', async (programme) => {
    const res = await request(t.http).get(`/policies/${programme}`).expect(200);
    const rows = [...res.text.matchAll(/<tr data-code="([A-Z-]+)">/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThan(0);
    expect(res.text).toContain('登录后申报');
  });

  it('numbers come from the rule set in force (TS-SIZE states the staff limit)', async () => {
    const res = await request(t.http).get('/policies/tech-sme').expect(200);
    const row = /<tr data-code="TS-SIZE">([\s\S]*?)<\/tr>/.exec(res.text)![1]!;
    expect(row).toMatch(/500/);
    expect(row).toContain('国科发政〔2017〕115号');
  });

  it.each([['unknown'], ['constructor'], ['__proto__'], ['%E2%80%AE']])('an unknown programme "%s" is 404', async (p) => {
    await request(t.http).get(`/policies/${p}`).expect(404);
  });
});

describe('POST /api/v1/public/pre-screen', () => {
  it('evaluates typed figures without identity and stores nothing', async () => {
    const before = [await count('evaluation'), await count('enterprise'), await count('audit_entry')];
    const res = await request(t.http).post('/api/v1/public/pre-screen').send(anonymous).expect(200);
    expect(res.body.results.map((r: { program: string }) => r.program)).toEqual([...PROGRAMS]);
    expect(res.body.results[0].criteria[0].explanation).toMatch(/[\u4e00-\u9fa5]/);
    expect([await count('evaluation'), await count('enterprise'), await count('audit_entry')]).toEqual(before);
  });

  it('answers in English with Accept-Language: en', async () => {
    const res = await request(t.http).post('/api/v1/public/pre-screen').set('Accept-Language', 'en').set('X-Forwarded-For', '10.9.9.9').send(anonymous);
    expect([200, 429]).toContain(res.status);
    if (res.status === 200) expect(res.body.results[0].criteria[0].explanation).toMatch(/[A-Za-z]/);
  });

  it('rejects a malformed body with field details, never a 500', async () => {
    const res = await request(t.http).post('/api/v1/public/pre-screen').send({ enterprise: { establishedOn: 'soon' }, financials: 'many' }).expect(400);
    expect(res.body.details.length).toBeGreaterThan(0);
    for (const d of res.body.details) expect(d.message).not.toMatch(/^validation\./);
  });

  it(`rate-limits each address to ${LIMIT} a minute with a 429 in the caller's language`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await request(t.http).post('/api/v1/public/pre-screen').send(anonymous)).status);
    expect(statuses).toContain(429);
    const res = await request(t.http).post('/api/v1/public/pre-screen').send(anonymous).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(res.body.message).toContain('请稍后再试');
  });
});

describe('/policies/pre-screen (the public self-check form)', () => {
  it('shows the form without signing in, evaluates typed figures, stores nothing and ends with "sign in to apply"', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/policies/pre-screen').expect(200);
    expect(page.text).toContain('action="/policies/pre-screen"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const before = await count('audit_entry');
    const res = await agent.post('/policies/pre-screen').type('form').send({ _csrf: csrf, districtCode: '120116', establishedOn: '2019-05-20' });
    expect([200, 422, 429]).toContain(res.status);
    if (res.status === 200) {
      expect(res.text).toContain('data-testid="self-check-result"');
      expect(res.text).toContain('data-testid="pre-screen-sign-in"');
    }
    expect(await count('audit_entry')).toBe(before);
  });

  it('answers a bad date with a field message in Chinese, keeping what was typed', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/policies/pre-screen').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await agent.post('/policies/pre-screen').set('X-Forwarded-For', '10.1.2.3').type('form').send({ _csrf: csrf, establishedOn: '2019-13-45', districtCode: '120116' });
    expect([422, 429]).toContain(res.status);
    if (res.status === 422) {
      expect(res.text).toMatch(/invalid-feedback[^>]*>[^<]*[\u4e00-\u9fa5]/);
      expect(res.text).toContain('value="120116"');
    }
  });

  it('refuses a post without the form token (CSRF)', async () => {
    await request(t.http).post('/policies/pre-screen').type('form').send({ districtCode: '120116' }).expect(403);
  });
});
