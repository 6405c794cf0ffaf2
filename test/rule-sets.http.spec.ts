import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { todayIso } from '../src/common/format.js';
import { Job } from '../src/jobs/job.entity.js';
import { evaluate } from '../src/policy/engine/evaluate.js';
import { ENGINE_VERSION, RULE_SETS_2026_1 } from '../src/policy/engine/rule-sets.js';
import { compactResult } from '../src/policy/evaluation-record.js';
import { Evaluation } from '../src/policy/evaluation.entity.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { portableSql } from './support/sql.js';

let t: TestApp;
let admin: string;
let manager: string;
let officer: string;
let jobs: JobsService;
const ASOF = '2026-06-30';

const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = admin) => request(t.http)[method](path).set('Authorization', `Bearer ${token}`);

async function runJob(start: request.Test) {
  const res = await start.expect(202);
  await jobs.drain();
  const job = await api('get', `/api/v1/jobs/${res.body.id}`).expect(200);
  expect(job.body.status).toBe('done');
  return job.body;
}

async function youngEagleOutcomes(): Promise<Map<number, { outcome: string; district: string }>> {
  const rows: { enterprise_id: number; young_eagle: string; district_code: string }[] = await t.dataSource.query(
    'SELECT s.enterprise_id, s.young_eagle, e.district_code FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id',
  );
  return new Map(rows.map((r) => [Number(r.enterprise_id), { outcome: r.young_eagle, district: r.district_code }]));
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await tokenFor(t, 'admin');
  manager = await tokenFor(t, 'manager');
  officer = await tokenFor(t, 'officer.binhai');
  jobs = t.app.get(JobsService);
});
afterAll(async () => {
  await t?.close();
});

describe('rule sets', () => {
  it('are seeded from rules.md for every programme, with provisional paths flagged', async () => {
    const res = await api('get', '/api/v1/rule-sets').expect(200);
    const active = res.body.items.filter((r: { status: string }) => r.status === 'active');
    const programs = active.map((r: { program: string }) => r.program).sort();
    expect(programs).toEqual(['gazelle', 'high-tech', 'innovative-sme', 'ip-pledge', 'leader', 'leader-candidate', 'little-giant', 'rd-post-subsidy', 'srdi-sme', 'super-deduction', 'tech-sme', 'young-eagle']);
    const gazelle = active.find((r: { program: string }) => r.program === 'gazelle');
    expect(gazelle).toMatchObject({ status: 'active', version: '2026.2', effectiveFrom: '2021-01-01' });
    expect(gazelle.params.references['GZ-RD']).toBe('津科规〔2021〕3号');
    expect(gazelle.provisional).toEqual(expect.arrayContaining(['revenueMin', 'growthMin']));
    expect(active.find((r: { program: string }) => r.program === 'young-eagle').params.revenueMin).toBe(100000);
  });

  // rules.md §12: every version dated from its document; 2026.1 (the departures) kept, retired, for reproduction.
  it.each<[string, string]>([
    ['tech-sme', '2017-05-03'],
    ['young-eagle', '2021-01-01'],
    ['gazelle', '2021-01-01'],
    ['leader-candidate', '2021-01-01'],
    ['leader', '2021-01-01'],
    ['high-tech', '2016-01-01'],
    ['super-deduction', '2016-01-01'],
    ['ip-pledge', '2021-01-01'],
  ])('%s: 2026.1 retired and 2026.2 active, both effective from %s', async (program, date) => {
    const res = await api('get', '/api/v1/rule-sets').expect(200);
    const mine = res.body.items.filter((r: { program: string }) => r.program === program);
    expect(mine.map((r: { version: string; status: string; effectiveFrom: string }) => [r.version, r.status, r.effectiveFrom]).sort()).toEqual([
      ['2026.1', 'retired', date],
      ['2026.2', 'active', date],
    ]);
  });

  it.each<[string, string, string]>([
    ['before the tech-SME document', '2017-05-02', 'not-applicable'],
    ['on the tech-SME document date', '2017-05-03', 'incomplete'],
  ])('the calculator answers tech-sme %s (%s) with %s', async (_name, asOf, outcome) => {
    const res = await api('post', '/api/v1/eligibility/evaluate').send({ asOf, programs: ['tech-sme', 'young-eagle'], enterprise: { districtCode: '120116' } }).expect(200);
    expect(res.body.results[0]).toMatchObject({ program: 'tech-sme', outcome });
    expect(res.body.results[1]).toMatchObject({ program: 'young-eagle', outcome: 'not-applicable', criteria: [] });
    expect(res.body.results[1].reason).toContain('2021-01-01');
  });

  it('are for administrators (edit) and managers (read); officers get 403', async () => {
    await api('get', '/api/v1/rule-sets', officer).expect(403);
    const list = await api('get', '/api/v1/rule-sets', manager).expect(200);
    const ye = list.body.items.find((r: { program: string }) => r.program === 'young-eagle');
    await api('post', `/api/v1/rule-sets/${ye.id}/drafts`, manager).expect(403);
  });

  it('a draft edit is validated field by field and protected by rowVersion', async () => {
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const ye = list.body.items.find((r: { program: string }) => r.program === 'young-eagle');
    const draft = await api('post', `/api/v1/rule-sets/${ye.id}/drafts`).expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', program: 'young-eagle' });
    const bad = await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ params: { ...draft.body.params, revenueMin: -5 }, rowVersion: draft.body.rowVersion }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('params.revenueMin');
    const unknown = await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ params: { ...draft.body.params, extra: 1 }, rowVersion: draft.body.rowVersion }).expect(400);
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toContain('params.extra');
    await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ note: '试算', rowVersion: draft.body.rowVersion }).expect(200);
    await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ note: '过期', rowVersion: draft.body.rowVersion }).expect(409);
    await api('delete', `/api/v1/rule-sets/${draft.body.id}`).expect(204);
    await api('delete', `/api/v1/rule-sets/${ye.id}`).expect(409);
  });
});

describe('the automatic flag (offers: a fast-track offer goes straight onto the list)', () => {
  const auditAfter = async (id: number) => {
    const rows: { action: string; after: unknown }[] = await t.dataSource.query(portableSql(t.dataSource, "SELECT action, after FROM audit_entry WHERE entity = 'rule_set' AND entity_id = ? ORDER BY id"), [String(id)]);
    return rows.map((r) => ({ action: r.action, after: (typeof r.after === 'string' ? JSON.parse(r.after) : r.after) as Record<string, unknown> | null }));
  };

  it('is edited on the draft through PATCH, audited, copied into the next draft, and must be a boolean', async () => {
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const active = list.body.items.find((r: { program: string; status: string }) => r.program === 'tech-sme' && r.status === 'active');
    expect(active.automatic).toBe(false);
    const draft = await api('post', `/api/v1/rule-sets/${active.id}/drafts`).expect(201);
    expect(draft.body.automatic).toBe(false);
    const bad = await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ automatic: 'yes', rowVersion: draft.body.rowVersion }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('automatic');
    const on = await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ automatic: true, rowVersion: draft.body.rowVersion }).expect(200);
    expect(on.body.automatic).toBe(true);
    expect((await api('get', `/api/v1/rule-sets/${draft.body.id}`, manager).expect(200)).body.automatic).toBe(true);
    const entries = await auditAfter(draft.body.id);
    expect(entries.at(-1)).toMatchObject({ action: 'update-draft', after: { automatic: true } });
    // A note-only PATCH leaves it alone.
    const noted = await api('patch', `/api/v1/rule-sets/${draft.body.id}`).send({ note: '直达', rowVersion: on.body.rowVersion }).expect(200);
    expect(noted.body.automatic).toBe(true);
    const copy = await api('post', `/api/v1/rule-sets/${draft.body.id}/drafts`).expect(201);
    expect(copy.body.automatic).toBe(true);
    await api('delete', `/api/v1/rule-sets/${copy.body.id}`).expect(204);
    await api('delete', `/api/v1/rule-sets/${draft.body.id}`).expect(204);
  });

  it('is a checkbox on the draft page (ticked, unticked) and shown on the rule-set page', async () => {
    const agent = await signIn(t, 'admin');
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const active = list.body.items.find((r: { program: string; status: string }) => r.program === 'tech-sme' && r.status === 'active');
    expect((await agent.get(`/admin/rule-sets/${active.id}`).expect(200)).text).toContain('快速通道推送接受后越过区级初审');
    const draft = await api('post', `/api/v1/rule-sets/${active.id}/drafts`).expect(201);
    let form = await agent.get(`/admin/rule-sets/${draft.body.id}`).expect(200);
    await agent.post(`/admin/rule-sets/${draft.body.id}`).type('form').send({ _csrf: csrfFrom(form.text), rowVersion: draft.body.rowVersion, automaticShown: '1', automatic: 'true' }).expect(303);
    let read = await api('get', `/api/v1/rule-sets/${draft.body.id}`).expect(200);
    expect(read.body.automatic).toBe(true);
    form = await agent.get(`/admin/rule-sets/${draft.body.id}`).expect(200);
    expect(form.text).toMatch(/name="automatic" value="true" checked/);
    expect(form.text).toContain('快速通道推送接受后直接列入名单');
    // Unticked: the browser sends only the hidden marker.
    await agent.post(`/admin/rule-sets/${draft.body.id}`).type('form').send({ _csrf: csrfFrom(form.text), rowVersion: read.body.rowVersion, automaticShown: '1' }).expect(303);
    read = await api('get', `/api/v1/rule-sets/${draft.body.id}`).expect(200);
    expect(read.body.automatic).toBe(false);
    await api('delete', `/api/v1/rule-sets/${draft.body.id}`).expect(204);
  });
});

describe('impact preview, publish and batch re-evaluation', () => {
  it('the preview’s counts equal a fresh batch evaluation’s, and results change without code changes', async () => {
    // 1. Everyone evaluated under the current rules.
    const first = await runJob(api('post', '/api/v1/evaluations/batch').send({ asOf: ASOF }));
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    expect(first.summary.evaluated).toBe(Number(n));
    const before = await youngEagleOutcomes();
    expect(before.size).toBe(Number(n));

    // 2. A draft that raises the young-eagle revenue threshold a hundredfold.
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const ye = list.body.items.find((r: { program: string; status: string }) => r.program === 'young-eagle' && r.status === 'active');
    const draft = await api('post', `/api/v1/rule-sets/${ye.id}/drafts`).expect(201);
    const edited = await api('patch', `/api/v1/rule-sets/${draft.body.id}`)
      .send({ version: '2027.1', params: { ...draft.body.params, revenueMin: 10_000_000 }, rowVersion: draft.body.rowVersion }).expect(200);

    // The stateless calculator still uses the active rules until the draft is published.
    const facts = {
      asOf: ASOF, programs: ['young-eagle'],
      enterprise: { districtCode: '120116', establishedOn: '2020-01-01', taxMode: 'audit' },
      financials: [{ year: 2025, operatingRevenue: 1_000_000 }],
      ipAssets: [{ kind: 'invention-patent', status: 'valid' }],
    };
    const crit = (body: { results: { criteria: { code: string; outcome: string }[] }[] }) => body.results[0].criteria.find((c) => c.code === 'YE-REVENUE')!.outcome;
    expect(crit((await api('post', '/api/v1/eligibility/evaluate').send(facts).expect(200)).body)).toBe('met');

    // 3. Preview.
    const preview = await runJob(api('post', `/api/v1/rule-sets/${draft.body.id}/impact`).send({ asOf: ASOF }));
    expect(preview.summary).toMatchObject({ program: 'young-eagle', draftVersion: '2027.1', currentVersion: '2026.2', evaluated: Number(n) });

    // 4. Publish, then re-evaluate everyone.
    await api('post', `/api/v1/rule-sets/${draft.body.id}/publish`).send({ rowVersion: edited.body.rowVersion }).expect(200);
    expect(crit((await api('post', '/api/v1/eligibility/evaluate').send(facts).expect(200)).body)).toBe('unmet');
    const after1 = await api('get', `/api/v1/rule-sets/${ye.id}`).expect(200);
    expect(after1.body.status).toBe('retired');
    await runJob(api('post', '/api/v1/evaluations/batch').send({ asOf: ASOF }));
    const after = await youngEagleOutcomes();

    const changedByDistrict: Record<string, Record<string, number>> = {};
    let changed = 0;
    for (const [id, b] of before) {
      const a = after.get(id)!;
      if (a.outcome === b.outcome) continue;
      changed++;
      const d = (changedByDistrict[b.district] ??= {});
      d[`${b.outcome}→${a.outcome}`] = (d[`${b.outcome}→${a.outcome}`] ?? 0) + 1;
    }
    expect(preview.summary.changed).toBe(changed);
    expect(preview.summary.byDistrict).toEqual(changedByDistrict);
    expect(changed).toBeGreaterThan(0);
  });

  it('a second batch while one is queued is refused (409)', async () => {
    await api('post', '/api/v1/evaluations/batch').send({ asOf: ASOF }).expect(202);
    await api('post', '/api/v1/evaluations/batch').send({ asOf: ASOF }).expect(409);
    await jobs.drain();
  });

  it('a batch whose process died resumes from its cursor and finishes', async () => {
    const started = await api('post', '/api/v1/evaluations/batch').send({ asOf: ASOF }).expect(202);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    const [{ mid }] = await t.dataSource.query('SELECT MAX(id) AS mid FROM (SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id LIMIT 20) x');
    // As a killed process leaves it: running, half done, leased by a pid that no longer exists.
    await t.dataSource.getRepository(Job).update(started.body.id, {
      status: 'running', cursor: String(mid), progressDone: 20, progressTotal: Number(n), leaseOwner: `${(await import('node:os')).hostname()}:999999:dead`, heartbeatAt: new Date(),
    });
    await jobs.drain();
    const job = await api('get', `/api/v1/jobs/${started.body.id}`).expect(200);
    expect(job.body.status).toBe('done');
    expect(job.body.summary.evaluated).toBe(Number(n));
  });
});

describe('recorded evaluations', () => {
  it('record the versions, asOf and facts, and reproduce exactly after the rules change', async () => {
    const [{ id }] = await t.dataSource.query("SELECT id FROM enterprise WHERE district_code = '120116' ORDER BY id LIMIT 1");
    const recorded = await api('post', `/api/v1/enterprises/${id}/evaluations`, officer).send({ asOf: ASOF }).expect(201);
    const shown = await api('get', `/api/v1/evaluations/${recorded.body.evaluationId}`, officer).expect(200);
    expect(shown.body.reproduced).toBe(true);
    expect(shown.body.evaluation.ruleSets['young-eagle']).toBe('2027.1');
    expect(shown.body.response.results.map((r: { outcome: string }) => r.outcome)).toEqual(recorded.body.results.map((r: { outcome: string }) => r.outcome));
    const history = await api('get', `/api/v1/enterprises/${id}/evaluations`, officer).expect(200);
    expect(history.body.items[0]).toMatchObject({ id: recorded.body.evaluationId, asOf: ASOF, source: 'manual' });
    expect(shown.body.evaluation.engineVersion).toBe(ENGINE_VERSION);
    const nankai = await tokenFor(t, 'officer.nankai');
    await api('get', `/api/v1/evaluations/${recorded.body.evaluationId}`, nankai).expect(404);
  });

  it('an evaluation stored under 2026.1 (before the corrections) still reproduces exactly', async () => {
    const [{ id }] = await t.dataSource.query("SELECT id FROM enterprise WHERE district_code = '120116' ORDER BY id LIMIT 1");
    // Facts where the two editions disagree: deemed taxation (TS-TAX, retired) and a 2022 listing still in force.
    const facts = {
      enterprise: { uscc: '91310110666007217T', districtCode: '120116', establishedOn: '2019-05-20', industryCode: 'C3911', taxMode: 'deemed', flags: [{ kind: 'abnormal-operation', on: '2022-05-01' }] },
      financials: [{ year: 2025, operatingRevenue: 2_000_000, salesRevenue: 2_000_000, employees: 20, stStaff: 6, totalAssets: 3_000_000, rdExpense: 200_000, totalCostAndExpense: 1_500_000 }],
      ipAssets: [{ kind: 'invention-patent', status: 'valid', relatedToMainProducts: true }],
      qualifications: [],
    };
    const asOf = ASOF;
    const then = evaluate({ asOf, facts: facts as never }, RULE_SETS_2026_1);
    const versions = Object.fromEntries(Object.keys(RULE_SETS_2026_1).map((p) => [p, '2026.1']));
    const row = await t.dataSource.getRepository(Evaluation).save({
      enterpriseId: Number(id), asOf, ruleSets: versions, engineVersion: null, facts, result: compactResult(then) as never, highestTier: then.ladder.highestEligibleTier, source: 'manual', batchId: null, createdBy: null,
    });
    const shown = await api('get', `/api/v1/evaluations/${row.id}`, officer).expect(200);
    expect(shown.body.reproduced).toBe(true);
    const ts = shown.body.response.results.find((r: { program: string }) => r.program === 'tech-sme');
    expect(ts.criteria.map((c: { code: string }) => c.code)).toContain('TS-TAX');
    expect(ts.criteria.find((c: { code: string }) => c.code === 'TS-CREDIT').outcome).toBe('met');
    // The corrected rules decide the same facts differently (the 2022 listing is still in force).
    const now = await api('post', '/api/v1/eligibility/evaluate').send({ asOf, programs: ['tech-sme'], ...facts }).expect(200);
    expect(now.body.results[0].criteria.find((c: { code: string }) => c.code === 'TS-CREDIT').outcome).toBe('unmet');
  });
});

describe('pages', () => {
  it('the admin sees rule sets and a job page; an officer gets 403', async () => {
    const agent = await signIn(t, 'admin');
    const page = await agent.get('/admin/rule-sets').expect(200);
    expect(page.text).toContain('2026.1');
    expect(page.text).toContain('2026.2');
    expect(page.text).toContain('复制为草稿');
    const officerAgent = await signIn(t, 'officer.binhai');
    await officerAgent.get('/admin/rule-sets').expect(403);
  });

  it('the HTML draft form re-renders 422 with the field message on bad JSON', async () => {
    const agent = await signIn(t, 'admin');
    const list = await api('get', '/api/v1/rule-sets').expect(200);
    const hnte = list.body.items.find((r: { program: string; status: string }) => r.program === 'high-tech' && r.status === 'active');
    const draft = await api('post', `/api/v1/rule-sets/${hnte.id}/drafts`).expect(201);
    const form = await agent.get(`/admin/rule-sets/${draft.body.id}`).expect(200);
    const res = await agent.post(`/admin/rule-sets/${draft.body.id}`).type('form').send({ _csrf: csrfFrom(form.text), rowVersion: draft.body.rowVersion, p_rdTiers: '[{broken' }).expect(422);
    expect(res.text).toContain('不是有效的 JSON');
    expect(res.text).toContain('[{broken');
  });

  it('the self-check computes without saving and explains bad input with 422', async () => {
    const uscc = t.demo.find((l) => l.role === 'enterprise')!.username;
    const agent = await signIn(t, uscc);
    const form = await agent.get('/eligibility/check').expect(200);
    expect(form.text).toContain('仅用于测算');
    const csrf = csrfFrom(form.text);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM evaluation');
    const ok = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, establishedOn: '2021-03-01', districtCode: '120116', taxMode: 'audit', [`operatingRevenue_${Number(todayIso().slice(0, 4)) - 1}`]: '200', 'ip_invention-patent': '1' }).expect(200);
    expect(ok.text).toContain('data-testid="self-check-result"');
    expect(ok.text).toContain('YE-REVENUE');
    const bad = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, [`operatingRevenue_${Number(todayIso().slice(0, 4)) - 1}`]: '-3' }).expect(422);
    expect(bad.text).toContain('须为以万元为单位的非负金额');
    expect(bad.text).toContain('value="-3"');
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM evaluation');
    expect(Number(after)).toBe(Number(n));
  });
});
