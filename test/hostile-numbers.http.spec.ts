import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';
import { businessToday } from '../src/common/clock.js';

let t: TestApp;
let token: string;
let id: number;
let projectId: number;
let milestoneId: number;

beforeAll(async () => {
  t = await startTestApp();
  token = await tokenFor(t, 'officer.binhai');
  id = (await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } })).id;
  const [milestone] = (await t.dataSource.query(
    "SELECT m.id AS mid, p.id AS pid FROM project_milestone m JOIN project p ON p.id = m.project_id JOIN enterprise e ON e.id = p.lead_enterprise_id WHERE e.district_code = '120116' ORDER BY m.id LIMIT 1",
  )) as { mid: number; pid: number }[];
  projectId = Number(milestone!.pid);
  milestoneId = Number(milestone!.mid);
});
afterAll(async () => {
  await t?.close();
});

/** Values that make class-validator's own number and e-mail checks throw must still be a 400. */
describe('numbers written with an exponent and broken unicode are 400, never 500', () => {
  const send = (method: 'put' | 'post' | 'patch', path: string, body: object) =>
    request(t.http)[method](path).set('Authorization', `Bearer ${token}`).send(body);

  it.each([
    ['annual figures', 'put', (): string => `/api/v1/enterprises/${id}/financials/2024`, { operatingRevenue: 1e-320 }, 'operatingRevenue'],
    ['annual figures, tiny fraction', 'put', (): string => `/api/v1/enterprises/${id}/financials/2024`, { rdExpense: 1e-7 }, 'rdExpense'],
    ['profile capital', 'patch', (): string => `/api/v1/enterprises/${id}`, { registeredCapital: 1e-320, version: 1 }, 'registeredCapital'],
    ['qualification amount', 'post', (): string => `/api/v1/enterprises/${id}/qualifications`, { kind: 'venture-investment', on: '2024-01-01', amount: 5e-324 }, 'amount'],
    ['contact e-mail', 'post', (): string => `/api/v1/enterprises/${id}/contacts`, { name: '刘', email: 'a\uD800@b.cn' }, 'email'],
    ['evaluate money', 'post', (): string => '/api/v1/eligibility/evaluate', { enterprise: {}, financials: [{ year: 2024, rdExpense: 1e-320 }] }, 'financials[0].rdExpense'],
  ] as const)('%s', async (_name, method, path, body, field) => {
    const res = await send(method, path(), body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  // Number() on an object whose toString or valueOf is not a function throws (no primitive value).
  it.each([
    ['milestone acceptance version', 'post', (): string => `/api/v1/projects/${projectId}/milestones/${milestoneId}/accept`, { version: { toString: -2147483649 } }],
    ['project transition version', 'post', (): string => `/api/v1/projects/${projectId}/transitions`, { action: 'suspend', version: { valueOf: 1, toString: 2 } }],
    ['profile version (no conversion: refused by its rule)', 'patch', (): string => `/api/v1/enterprises/${id}`, { name: '甲', version: { toString: null, valueOf: null } }],
  ] as const)('%s: an object that has no number in it is 400', async (_name, method, path, body) => {
    const res = await send(method, path(), body).expect(400);
    expect(res.body.details.length).toBeGreaterThan(0);
  });

  it('a money figure with two decimals is still accepted', async () => {
    await send('put', `/api/v1/enterprises/${id}/financials/2024`, { operatingRevenue: 1234567.89 }).expect(200);
  });
});

describe('an explicit null date means today', () => {
  it('recording an evaluation with {"asOf": null} evaluates as of today (not a 500)', async () => {
    const res = await request(t.http).post(`/api/v1/enterprises/${id}/evaluations`).set('Authorization', `Bearer ${token}`).send({ asOf: null }).expect(201);
    expect(res.body.asOf).toBe(businessToday());
  });
});
