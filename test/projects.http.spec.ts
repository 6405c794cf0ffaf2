import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { pinClock, resetClock } from '../src/common/clock.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { ProjectTranche } from '../src/projects/project.entities.js';
import { ProjectsRagJob } from '../src/projects/projects-rag.job.js';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * Key projects (issue 17, api.md "Projects", rules.md §10). The clock stands at 10:00 on 15 November
 * 2026 in Beijing. A Binhai enterprise leads, a second Binhai enterprise takes part; a third Binhai
 * enterprise and a Nankai one are outsiders.
 */
let t: TestApp;
let A: Enterprise; // lead
let B: Enterprise; // participant
let C: Enterprise; // unrelated, same district
let N: Enterprise; // another district
const tokens: Record<string, string> = {};
let projectId: number;
let m1: { id: number; version: number };
let m2: { id: number };

const call = (method: 'get' | 'post', path: string, who: string, body?: object, lang?: string) => {
  let r = request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
  if (lang) r = r.set('Accept-Language', lang);
  return body ? r.send(body) : r;
};

const plan = () => ({
  leadEnterpriseId: A.id, participantIds: [B.id], name: '工业视觉检测平台研发及产业化', type: 'major-st', startOn: '2026-01-01', endOn: '2027-12-31',
  budget: [{ year: 2026, government: 1_000_000, self: 500_000 }, { year: 2027, government: 1_000_000, self: 500_000 }],
  milestones: [
    { name: '样机完成', dueOn: '2026-10-01', deliverable: '样机及测试报告', tranche: 400_000 },
    { name: '中试验证', dueOn: '2026-12-10', deliverable: '中试报告', tranche: 600_000 },
  ],
});

beforeAll(async () => {
  pinClock('2026-11-15T02:00:00Z');
  t = await startTestApp(process.env.PROJECTS_DEBUG ? { LOG_LEVEL: 'error' } : {});
  const repo = t.dataSource.getRepository(Enterprise);
  [A, B, C] = await repo.find({ where: { districtCode: '120116' }, order: { id: 'ASC' }, take: 3 });
  N = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  for (const [k, u] of Object.entries({ admin: 'admin', manager: 'manager', binhai: 'officer.binhai', nankai: 'officer.nankai', A: A.uscc, B: B.uscc, C: C.uscc, N: N.uscc })) tokens[k] = await tokenFor(t, u);
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('POST /api/v1/projects', () => {
  it('the Binhai officer creates a project of a Binhai enterprise → 201 with milestones, tranches and its RAG', async () => {
    const res = await call('post', '/api/v1/projects', 'binhai', plan()).expect(201);
    projectId = res.body.id;
    expect(res.body).toMatchObject({ name: plan().name, type: 'major-st', status: 'active', leadEnterpriseId: A.id, rag: 'red', ragReasonKey: 'project.rag.reason.overdueLong' });
    expect(res.body.ragReason).toBe('节点“样机完成”已逾期 45 天（超过 30 天）。');
    expect(res.body.participants).toEqual([{ id: B.id, name: B.name }]);
    expect(res.body.budgetTotal).toEqual({ government: 2_000_000, self: 1_000_000 });
    expect(res.body.tranches.map((x: { amount: number; released: boolean }) => [x.amount, x.released])).toEqual([[400_000, false], [600_000, false]]);
    m1 = res.body.milestones[0];
    m2 = res.body.milestones[1];
  });

  it.each([
    ['an enterprise user', 'A', () => plan(), 403],
    ['a manager (reads only)', 'manager', () => plan(), 403],
    ['the Nankai officer, for a Binhai lead', 'nankai', () => plan(), 400],
    ['an unknown lead', 'binhai', () => ({ ...plan(), leadEnterpriseId: 999_999 }), 400],
    ['an unknown participant', 'binhai', () => ({ ...plan(), participantIds: [999_999] }), 400],
    ['a bad type', 'binhai', () => ({ ...plan(), type: 'moonshot' }), 400],
    ['an unknown property', 'binhai', () => ({ ...plan(), secret: 1 }), 400],
    ['end before start', 'binhai', () => ({ ...plan(), endOn: '2025-12-31' }), 400],
    ['a budget year outside the project', 'binhai', () => ({ ...plan(), budget: [{ year: 2030, government: 1, self: 1 }] }), 400],
    ['tranches above the government budget', 'binhai', () => ({ ...plan(), budget: [{ year: 2026, government: 100, self: 0 }] }), 400],
    ['no milestones', 'binhai', () => ({ ...plan(), milestones: [] }), 400],
  ])('%s → %s', async (_label, who, body, status) => {
    await call('post', '/api/v1/projects', who, body()).expect(status as number);
  });

  it('field messages are in Chinese by default, with the api.md field path', async () => {
    const res = await call('post', '/api/v1/projects', 'binhai', { ...plan(), endOn: '2025-12-31', budget: [{ year: 2026, government: -1, self: 0 }] }).expect(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toContain('budget[0].government');
    expect(res.body.details.every((d: { message: string }) => /[\u4e00-\u9fa5]/.test(d.message))).toBe(true);
  });

  it('the plan checks word themselves in Chinese too', async () => {
    const res = await call('post', '/api/v1/projects', 'binhai', { ...plan(), endOn: '2025-12-31' }).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([{ field: 'endOn', message: '结束日期不能早于开始日期。' }]));
  });
});

describe('access (an enterprise sees only its projects; officers their district)', () => {
  it.each([
    ['admin', 200], ['manager', 200], ['binhai', 200], ['nankai', 404], ['A', 200], ['B', 200], ['C', 404], ['N', 404],
  ])('GET /api/v1/projects/:id as %s → %s', async (who, status) => {
    await call('get', `/api/v1/projects/${projectId}`, who).expect(status);
  });

  it.each([
    ['admin', true], ['manager', true], ['binhai', true], ['nankai', false], ['A', true], ['B', true], ['C', false], ['N', false],
  ])('GET /api/v1/projects as %s lists it: %s', async (who, listed) => {
    const res = await call('get', '/api/v1/projects?pageSize=200', who).expect(200);
    expect(res.body.items.some((i: { id: number }) => i.id === projectId)).toBe(listed);
  });

  it.each(['abc', '0', '99999999'])('an unknown id %s → 404', async (id) => {
    await call('get', `/api/v1/projects/${id}`, 'admin').expect(404);
  });
});

describe('GET /api/v1/projects filters', () => {
  it.each([
    ['rag=red', true], ['rag=green', false], ['type=major-st', true], ['type=challenge', false], ['status=active', true], ['status=completed', false],
    ['districtCode=120116', true], ['districtCode=120104', false], ['enterpriseId=participant', true],
  ])('?%s lists it: %s', async (q, listed) => {
    const query = q.startsWith('enterpriseId') ? `enterpriseId=${B.id}` : q;
    const res = await call('get', `/api/v1/projects?${query}&pageSize=200`, 'admin').expect(200);
    expect(res.body.items.some((i: { id: number }) => i.id === projectId)).toBe(listed);
    expect(res.body).toMatchObject({ page: 1, pageSize: 200 });
  });

  it('items carry the contract fields', async () => {
    const res = await call('get', '/api/v1/projects?rag=red', 'binhai').expect(200);
    expect(res.body.items.find((i: { id: number }) => i.id === projectId)).toMatchObject({ id: projectId, name: plan().name, leadEnterpriseId: A.id, rag: 'red', ragReason: expect.any(String), progress: null });
    expect(typeof res.body.total).toBe('number');
  });

  it.each(['rag=purple', 'type=x', 'status=x', 'page=0', 'pageSize=500', 'sort=__proto__', 'districtCode=abc'])('?%s → 400', async (q) => {
    await call('get', `/api/v1/projects?${q}`, 'admin').expect(400);
  });
});

describe('milestone acceptance releases its tranche (and only it)', () => {
  it.each([
    ['the lead enterprise', 'A', 403],
    ['the Nankai officer', 'nankai', 404],
    ['the manager', 'manager', 403],
  ])('%s may not accept → %s', async (_l, who, status) => {
    await call('post', `/api/v1/projects/${projectId}/milestones/${m1.id}/accept`, who, {}).expect(status as number);
  });

  it('nothing is released before acceptance', async () => {
    const rows = await t.dataSource.getRepository(ProjectTranche).find({ where: { projectId } });
    expect(rows.map((r) => r.releasedAt)).toEqual([null, null]);
  });

  it('a stale version → 409', async () => {
    await call('post', `/api/v1/projects/${projectId}/milestones/${m1.id}/accept`, 'binhai', { version: m1.version + 5 }).expect(409);
  });

  it('an achieved date in the future → 400', async () => {
    await call('post', `/api/v1/projects/${projectId}/milestones/${m1.id}/accept`, 'binhai', { actualOn: '2026-11-16' }).expect(400);
  });

  it('the Binhai officer accepts M1 → 200; its tranche is released, M2\'s is not; both audited', async () => {
    const res = await call('post', `/api/v1/projects/${projectId}/milestones/${m1.id}/accept`, 'binhai', { actualOn: '2026-11-10', version: m1.version }).expect(200);
    expect(res.body).toMatchObject({ status: 'accepted', actualOn: '2026-11-10', tranche: { amount: 400_000, releasedAt: expect.any(String) } });
    const rows = await t.dataSource.getRepository(ProjectTranche).find({ where: { projectId }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.releasedAt !== null)).toEqual([true, false]);
    const actions = (await t.dataSource.getRepository(AuditEntry).find({ where: { enterpriseId: A.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['project.create', 'project.milestone.accept', 'project.tranche.release']));
  });

  it('accepting twice → 409', async () => {
    await call('post', `/api/v1/projects/${projectId}/milestones/${m1.id}/accept`, 'binhai', {}).expect(409);
  });

  it('a milestone of another project → 404', async () => {
    await call('post', `/api/v1/projects/${projectId + 1000}/milestones/${m2.id}/accept`, 'binhai', {}).expect(404);
  });

  it('the RAG moves on: M2 is due within 30 days and nothing is reported this month → amber', async () => {
    const res = await call('get', `/api/v1/projects/${projectId}`, 'binhai').expect(200);
    expect(res.body).toMatchObject({ rag: 'amber', ragReasonKey: 'project.rag.reason.dueSoon' });
  });
});

describe('POST /api/v1/projects/:id/reports (the lead enterprise)', () => {
  it.each([
    ['the participant', 'B', { month: '2026-10', progress: 40, spend: 10 }, 403],
    ['an officer', 'binhai', { month: '2026-10', progress: 40, spend: 10 }, 403],
    ['an outsider', 'C', { month: '2026-10', progress: 40, spend: 10 }, 404],
    ['a future month', 'A', { month: '2026-12', progress: 40, spend: 10 }, 400],
    ['a month before the project', 'A', { month: '2025-12', progress: 40, spend: 10 }, 400],
    ['progress above 100', 'A', { month: '2026-10', progress: 101, spend: 10 }, 400],
    ['negative spend', 'A', { month: '2026-10', progress: 10, spend: -1 }, 400],
    ['a bad month', 'A', { month: '2026-13', progress: 10, spend: 1 }, 400],
  ])('%s → %s', async (_l, who, body, status) => {
    await call('post', `/api/v1/projects/${projectId}/reports`, who, body).expect(status as number);
  });

  it('a bad month is worded in Chinese (English on request)', async () => {
    const zh = await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026/10', progress: 1, spend: 1 }).expect(400);
    expect(zh.body.details).toEqual([{ field: 'month', message: '月份格式应为 YYYY-MM，例如 2026-11。' }]);
    const en = await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026/10', progress: 1, spend: 1 }, 'en').expect(400);
    expect(en.body.details[0].message).toMatch(/YYYY-MM/);
  });

  it('the lead submits October and November → 201; the project turns green', async () => {
    const oct = await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026-10', progress: 40, spend: 900_000, issues: '设备到货延迟' }).expect(201);
    expect(oct.body).toMatchObject({ month: '2026-10', progress: 40, spend: 900_000, status: 'submitted' });
    await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026-11', progress: 45, spend: 1_000_000 }).expect(201);
    const res = await call('get', `/api/v1/projects/${projectId}`, 'A').expect(200);
    expect(res.body).toMatchObject({ rag: 'green', progress: 45 });
  });

  it('the same month twice → 409', async () => {
    await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026-10', progress: 40, spend: 1 }).expect(409);
  });
});

describe('report review (the officer)', () => {
  const reportOf = async (month: string) => (await call('get', `/api/v1/projects/${projectId}`, 'binhai')).body.reports.find((r: { month: string }) => r.month === month);

  it.each([
    ['the enterprise', 'A', { action: 'accept' }, 403],
    ['an unknown action', 'binhai', { action: 'approve' }, 400],
    ['a return without a note', 'binhai', { action: 'return' }, 400],
  ])('%s → %s', async (_l, who, body, status) => {
    const r = await reportOf('2026-10');
    await call('post', `/api/v1/projects/${projectId}/reports/${r.id}/review`, who, body).expect(status as number);
  });

  it('returned → the month counts as missing (amber); resubmitted → green again; accepted → 200', async () => {
    const r = await reportOf('2026-10');
    await call('post', `/api/v1/projects/${projectId}/reports/${r.id}/review`, 'binhai', { action: 'return', note: '支出明细不全', version: r.version }).expect(200);
    expect((await call('get', `/api/v1/projects/${projectId}`, 'binhai')).body).toMatchObject({ rag: 'amber', ragReasonKey: 'project.rag.reason.reportMissing' });
    await call('post', `/api/v1/projects/${projectId}/reports`, 'A', { month: '2026-10', progress: 40, spend: 950_000 }).expect(201);
    expect((await call('get', `/api/v1/projects/${projectId}`, 'binhai')).body.rag).toBe('green');
    const again = await reportOf('2026-10');
    await call('post', `/api/v1/projects/${projectId}/reports/${again.id}/review`, 'binhai', { action: 'accept', version: r.version }).expect(409); // stale
    const ok = await call('post', `/api/v1/projects/${projectId}/reports/${again.id}/review`, 'binhai', { action: 'accept', version: again.version }).expect(200);
    expect(ok.body).toMatchObject({ status: 'accepted', reviewNote: null });
    await call('post', `/api/v1/projects/${projectId}/reports/${again.id}/review`, 'binhai', { action: 'return', note: 'x' }).expect(409);
  });
});

describe('project status through the state machine', () => {
  const version = async () => (await call('get', `/api/v1/projects/${projectId}`, 'binhai')).body.version as number;

  it.each([
    ['complete with a milestone open', 'binhai', { action: 'complete' }, 409],
    ['suspend without a comment', 'binhai', { action: 'suspend' }, 400],
    ['suspend by the enterprise', 'A', { action: 'suspend', comment: 'x' }, 403],
    ['terminate by the officer (the city terminates)', 'binhai', { action: 'terminate', comment: 'x' }, 403],
    ['resume an active project', 'binhai', { action: 'resume' }, 409],
  ])('%s → %s', async (_l, who, body, status) => {
    await call('post', `/api/v1/projects/${projectId}/transitions`, who, { ...body, version: await version() }).expect(status as number);
  });

  it('a stale version → 409; suspend → resume → 200, audited', async () => {
    const v = await version();
    await call('post', `/api/v1/projects/${projectId}/transitions`, 'binhai', { action: 'suspend', comment: '资金未到位', version: v + 1 }).expect(409);
    const s = await call('post', `/api/v1/projects/${projectId}/transitions`, 'binhai', { action: 'suspend', comment: '资金未到位', version: v }).expect(200);
    expect(s.body).toMatchObject({ status: 'suspended', rag: null });
    const r = await call('post', `/api/v1/projects/${projectId}/transitions`, 'binhai', { action: 'resume', version: s.body.version }).expect(200);
    expect(r.body).toMatchObject({ status: 'active', rag: 'green' });
    const n = await t.dataSource.getRepository(AuditEntry).countBy({ action: 'project.transition', entityId: String(projectId) });
    expect(n).toBe(2);
  });
});

describe('the daily RAG job', () => {
  it('runs once a day across processes, and recounts with the calendar', async () => {
    const job = t.app.get(ProjectsRagJob);
    // A month later nothing was reported for November's successor and M2 is overdue.
    expect(await job.runOnce('2027-01-20')).toBe(true);
    expect(await job.runOnce('2027-01-20')).toBe(false);
    const res = await call('get', `/api/v1/projects/${projectId}`, 'binhai').expect(200);
    expect(res.body).toMatchObject({ rag: 'red', ragReasonKey: 'project.rag.reason.overdueLong', ragComputedOn: '2027-01-20' });
  });
});
