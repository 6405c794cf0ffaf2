import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { User } from '../src/auth/user.entity.js';
import { todayIso } from '../src/common/format.js';
import { RdLedger } from '../src/enterprises/rd-ledger.entity.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { loadFacts } from '../src/policy/facts-loader.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
type Who = 'admin' | 'manager' | 'officer.binhai' | 'officer.nankai' | 'firm';
const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
let seq = 0;
const year = Number(todayIso().slice(0, 4));
const N1 = year - 1;

function uscc(district = '120116'): string {
  const first17 = `91${district}MC${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}
async function newFile(district = '120116', extra: Record<string, unknown> = {}) {
  return (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(district), name: `台账测试企业${++seq}`, districtCode: district, industryCode: 'C3911', taxMode: 'audit', establishedOn: '2018-03-01', ...extra }).expect(201)).body as { id: number };
}
const LEDGER = {
  personnel: 500_000, directInputs: 200_000, depreciation: 50_000, amortization: 20_000, design: 30_000, other: 150_000,
  contractedDomestic: 100_000, contractedOverseas: 0, byProductIncome: 0, manufacturing: true, icOrMachineTool: false,
  projects: [{ name: '新型传感器', activityType: 'new-product', costs: { personnel: 300_000, directInputs: 100_000 } }],
};
const sd = (body: { results: { program: string; outcome: string; amount?: { extraDeduction: number } }[] }) => body.results.find((r) => r.program === 'super-deduction')!;

let firm: { id: number };
let nankaiFile: { id: number };
let ownId: number;

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai'] as const) tokens[who] = await tokenFor(t, who);
  firm = await newFile();
  nankaiFile = await newFile('120104');
  // A demo enterprise's own user (username = its USCC).
  const login = t.demo.find((l) => l.role === 'enterprise')!;
  tokens.firm = await tokenFor(t, login.username);
  ownId = (await t.dataSource.getRepository(User).findOneByOrFail({ username: login.username })).enterpriseId!;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('PUT/GET /api/v1/enterprises/:id/rd-ledger/:year', () => {
  it('stores the ledger with provenance (officer → verified), audits it, and GET reads it', async () => {
    const put = await api('put', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1}`, 'officer.binhai').send({ ...LEDGER, source: 'tax', sourceAsOf: `${N1}-05-31` }).expect(200);
    expect(put.body).toMatchObject({ year: N1, personnel: 500_000, source: 'tax', sourceAsOf: `${N1}-05-31`, verified: true, version: 1, projects: LEDGER.projects });
    expect(put.body.recordedBy).toEqual(expect.any(Number));
    const get = await api('get', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1}`, 'manager').expect(200);
    expect(get.body).toMatchObject({ personnel: 500_000, other: 150_000, manufacturing: true });
    expect((await api('get', `/api/v1/enterprises/${firm.id}/rd-ledger`, 'manager').expect(200)).body.items).toHaveLength(1);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'rd_ledger', entityId: `${firm.id}/${N1}` })).toBe(1);
  });

  it('replaces the year with the version read; a stale version → 409', async () => {
    await api('put', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1}`, 'officer.binhai').send({ ...LEDGER, personnel: 520_000, version: 1 }).expect(200);
    const stale = await api('put', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1}`, 'officer.binhai').send({ ...LEDGER, version: 1 }).expect(409);
    expect(stale.body.details[0]).toMatchObject({ field: 'version' });
    expect(await t.dataSource.getRepository(RdLedger).countBy({ enterpriseId: firm.id })).toBe(1);
  });

  it.each([
    ['negative money', { personnel: -1 }, 'personnel'],
    ['an unknown activity type', { projects: [{ activityType: 'marketing' }] }, 'projects'],
    ['an unknown source', { source: 'newspaper' }, 'source'],
    ['a body year other than the path', { year: 2001 }, 'year'],
    ['a future sourceAsOf', { sourceAsOf: `${year + 1}-01-01` }, 'sourceAsOf'],
  ])('400 with details for %s', async (_label, body, field) => {
    const res = await api('put', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1 - 1}`, 'officer.binhai').send({ ...LEDGER, ...body }).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it.each([
    ['a future year', () => `/api/v1/enterprises/${firm.id}/rd-ledger/${year + 1}`, 'officer.binhai', 400],
    ['another district\'s file (hidden)', () => `/api/v1/enterprises/${nankaiFile.id}/rd-ledger/${N1}`, 'officer.binhai', 404],
    ['an unknown file', () => `/api/v1/enterprises/99999999/rd-ledger/${N1}`, 'admin', 404],
    ['a manager (reads only)', () => `/api/v1/enterprises/${firm.id}/rd-ledger/${N1}`, 'manager', 403],
  ] as const)('PUT for %s', async (_label, path, who, status) => {
    await api('put', path(), who).send(LEDGER).expect(status);
  });

  it('GET of a year without a ledger, or of a hidden file → 404', async () => {
    await api('get', `/api/v1/enterprises/${firm.id}/rd-ledger/1999`, 'admin').expect(404);
    await api('get', `/api/v1/enterprises/${nankaiFile.id}/rd-ledger/${N1}`, 'officer.binhai').expect(404);
  });

  it('the stored evaluation uses the ledger: super-deduction eligible with an amount', async () => {
    const res = await api('get', `/api/v1/enterprises/${firm.id}/eligibility`, 'officer.binhai').expect(200);
    expect(sd(res.body)).toMatchObject({ outcome: 'eligible', amount: expect.objectContaining({ extraDeduction: expect.any(Number) }) });
    expect(sd(res.body).amount!.extraDeduction).toBeGreaterThan(0);
  });
});

describe('the enterprise fills its own ledger', () => {
  it('self-reported (source enterprise, not verified); claiming another source → 400', async () => {
    const own = await api('put', `/api/v1/enterprises/${ownId}/rd-ledger/${N1 - 2}`, 'firm').send(LEDGER).expect(200);
    expect(own.body).toMatchObject({ source: 'enterprise', verified: false });
    await api('put', `/api/v1/enterprises/${ownId}/rd-ledger/${N1 - 2}`, 'firm').send({ ...LEDGER, source: 'tax' }).expect(400);
    // …and another firm's file does not exist for it.
    await api('put', `/api/v1/enterprises/${firm.id}/rd-ledger/${N1 - 2}`, 'firm').send(LEDGER).expect(404);
    // An officer saving it verifies it.
    const verified = await api('put', `/api/v1/enterprises/${ownId}/rd-ledger/${N1 - 2}`, 'admin').send({ ...LEDGER, version: own.body.version }).expect(200);
    expect(verified.body).toMatchObject({ source: 'officer', verified: true });
  });
});

describe('credit flags: POST and PATCH /api/v1/enterprises/:id/credit-flags', () => {
  it('201 with listedOn, removedOn and source; PATCH removes with the version; stale → 409', async () => {
    const f = await newFile();
    const made = (await api('post', `/api/v1/enterprises/${f.id}/credit-flags`, 'officer.binhai').send({ kind: 'abnormal-operation', listedOn: '2022-05-01', source: 'credit-china' }).expect(201)).body;
    expect(made).toMatchObject({ kind: 'abnormal-operation', category: 'listing', listedOn: '2022-05-01', removedOn: null, source: 'credit-china', version: 1 });
    const patched = (await api('patch', `/api/v1/enterprises/${f.id}/credit-flags/${made.id}`, 'officer.binhai').send({ removedOn: '2023-02-01', version: 1 }).expect(200)).body;
    expect(patched).toMatchObject({ removedOn: '2023-02-01', version: 2 });
    await api('patch', `/api/v1/enterprises/${f.id}/credit-flags/${made.id}`, 'officer.binhai').send({ removedOn: '2023-03-01', version: 1 }).expect(409);
    expect((await api('get', `/api/v1/enterprises/${f.id}/credit-flags`, 'manager').expect(200)).body.items).toHaveLength(1);
  });

  it.each([
    ['an unknown kind', { kind: 'late-payment', listedOn: '2024-01-01' }, 'kind'],
    ['no date', { kind: 'abnormal-operation' }, 'listedOn'],
    ['removal before listing', { kind: 'abnormal-operation', listedOn: '2024-01-01', removedOn: '2023-01-01' }, 'removedOn'],
    ['removal of an event', { kind: 'major-accident', listedOn: '2024-01-01', removedOn: '2024-06-01' }, 'removedOn'],
    ['an unknown source', { kind: 'abnormal-operation', listedOn: '2024-01-01', source: '市场监管' }, 'source'],
  ])('POST → 400 with details for %s', async (_label, body, field) => {
    const res = await api('post', `/api/v1/enterprises/${firm.id}/credit-flags`, 'officer.binhai').send(body).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('hidden file or flag of another file → 404', async () => {
    await api('post', `/api/v1/enterprises/${nankaiFile.id}/credit-flags`, 'officer.binhai').send({ kind: 'abnormal-operation', listedOn: '2024-01-01' }).expect(404);
    const other = (await api('post', `/api/v1/enterprises/${nankaiFile.id}/credit-flags`, 'admin').send({ kind: 'abnormal-operation', listedOn: '2024-01-01' }).expect(201)).body;
    await api('patch', `/api/v1/enterprises/${firm.id}/credit-flags/${other.id}`, 'officer.binhai').send({ removedOn: '2024-02-01', version: 1 }).expect(404);
    await api('patch', `/api/v1/enterprises/${firm.id}/credit-flags/abc`, 'officer.binhai').send({ removedOn: '2024-02-01', version: 1 }).expect(404);
  });
});

describe('POST /api/v1/enterprises/:id/checks', () => {
  it('201 and the file shows the last check per subject', async () => {
    const made = (await api('post', `/api/v1/enterprises/${firm.id}/checks`, 'officer.binhai').send({ subject: 'ip-assets', on: '2026-03-02', source: 'ip-office', result: 'none' }).expect(201)).body;
    expect(made).toMatchObject({ subject: 'ip-assets', on: '2026-03-02', source: 'ip-office', result: 'none' });
    const file = (await api('get', `/api/v1/enterprises/${firm.id}`, 'manager').expect(200)).body;
    expect(file.checks['ip-assets']).toMatchObject({ on: '2026-03-02', result: 'none', source: 'ip-office' });
    expect(file.checks.credit).toBeUndefined();
    expect(file.rdLedgers.length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown subject', { subject: 'patents', on: '2026-01-01', result: 'none' }, 'subject'],
    ['an unknown result', { subject: 'credit', on: '2026-01-01', result: 'maybe' }, 'result'],
    ['a bad date', { subject: 'credit', on: '2026-02-30', result: 'none' }, 'on'],
  ])('400 with details for %s', async (_label, body, field) => {
    const res = await api('post', `/api/v1/enterprises/${firm.id}/checks`, 'officer.binhai').send(body).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('hidden file → 404; manager → 403', async () => {
    await api('post', `/api/v1/enterprises/${nankaiFile.id}/checks`, 'officer.binhai').send({ subject: 'credit', on: '2026-01-01', result: 'none' }).expect(404);
    await api('post', `/api/v1/enterprises/${firm.id}/checks`, 'manager').send({ subject: 'credit', on: '2026-01-01', result: 'none' }).expect(403);
  });
});

describe('the facts builder (loadFacts) as a table', () => {
  // A date in the last completed year, so every check and removal below lies in the past whenever the suite runs.
  const asOf = `${N1}-12-30`;
  type Setup = (id: number) => Promise<unknown>;
  const flag = (listedOn: string, removedOn?: string, kind = 'abnormal-operation'): Setup => (id) =>
    api('post', `/api/v1/enterprises/${id}/credit-flags`, 'admin').send({ kind, listedOn, ...(removedOn ? { removedOn } : {}) }).expect(201);
  const check = (subject: string, on: string): Setup => (id) => api('post', `/api/v1/enterprises/${id}/checks`, 'admin').send({ subject, on, result: 'none' }).expect(201);
  const ledger: Setup = (id) => api('put', `/api/v1/enterprises/${id}/rd-ledger/${N1}`, 'admin').send(LEDGER).expect(200);
  const none: Setup = async () => undefined;

  it.each<[string, Setup, (f: Awaited<ReturnType<typeof loadFacts>> extends Map<number, infer F> ? F : never) => void]>([
    ['no ledger → no rdExpenseDetail', none, (f) => expect(f.rdExpenseDetail).toBeUndefined()],
    ['ledger → rdExpenseDetail of N-1 in yuan, ledger kept', ledger, (f) => expect(f).toMatchObject({ rdExpenseDetail: { year: N1, personnel: 500_000, manufacturing: true }, enterprise: { rdLedger: true } })],
    ['listing removed before asOf → not in force', flag('2022-05-01', `${N1}-06-10`), (f) => expect(f.enterprise.flags).toEqual([])],
    ['listing still standing → in force on asOf', flag('2022-05-01'), (f) => expect(f.enterprise.flags).toEqual([{ kind: 'abnormal-operation', on: asOf, listedOn: '2022-05-01' }])],
    ['listing removed after asOf → in force on asOf', flag('2022-05-01', `${N1}-12-31`), (f) => expect(f.enterprise.flags).toEqual([{ kind: 'abnormal-operation', on: asOf, listedOn: '2022-05-01', removedOn: `${N1}-12-31` }])],
    ['event keeps its date', flag(`${N1}-07-01`, undefined, 'major-accident'), (f) => expect(f.enterprise.flags).toEqual([{ kind: 'major-accident', on: `${N1}-07-01`, listedOn: `${N1}-07-01` }])],
    ['never checked → all *Checked false', none, (f) => expect(f.enterprise).toMatchObject({ ipChecked: false, qualificationsChecked: false, creditChecked: false })],
    ['IP checked before asOf → ipChecked', check('ip-assets', `${N1}-03-02`), (f) => expect(f.enterprise).toMatchObject({ ipChecked: true, qualificationsChecked: false })],
    ['checked only after asOf → not checked', check('credit', `${N1}-12-31`), (f) => expect(f.enterprise.creditChecked).toBe(false)],
  ])('%s', async (_label, setup, expectFacts) => {
    const f = await newFile();
    await setup(f.id);
    const facts = (await loadFacts(t.dataSource, [f.id], year, asOf)).get(f.id)!;
    expectFacts(facts);
  });

  // Credit checked with the credit platform early in the year (rule set 2026.2: an unchecked clean record is `missing`).
  it.each<[string, string | null | undefined, string, boolean]>([
    ['still listed since 2022 → TS-CREDIT unmet', undefined, 'unmet', true],
    ['removed before asOf → TS-CREDIT met', `${N1}-06-10`, 'met', true],
    ['removed before asOf, credit never checked → TS-CREDIT missing', `${N1}-06-10`, 'missing', false],
    ['no listing, credit never checked → TS-CREDIT missing', null, 'missing', false],
  ])('%s', async (_label, removedOn, outcome, checked) => {
    const f = await newFile();
    if (checked) await check('credit', `${N1}-01-05`)(f.id);
    if (removedOn !== null) await flag('2022-05-01', removedOn)(f.id);
    const res = await api('get', `/api/v1/enterprises/${f.id}/eligibility?asOf=${asOf}`, 'admin').expect(200);
    const ts = res.body.results.find((r: { program: string }) => r.program === 'tech-sme');
    expect(ts.criteria.find((c: { code: string }) => c.code === 'TS-CREDIT').outcome).toBe(outcome);
  });
});

describe('demo seed', () => {
  it('has a file with a ledger whose super-deduction shows, on the file and, after a batch, on the dashboard', async () => {
    const rows = await t.dataSource.getRepository(RdLedger).find({ where: { source: 'tax' }, order: { id: 'ASC' } });
    expect(rows.length).toBeGreaterThan(0);
    const res = await api('get', `/api/v1/enterprises/${rows[0]!.enterpriseId}/eligibility`, 'admin').expect(200);
    expect(sd(res.body).amount!.extraDeduction).toBeGreaterThan(0);
    await api('post', '/api/v1/evaluations/batch', 'admin').send({}).expect(202);
    await t.app.get(JobsService).drain();
    const report = await api('get', '/api/v1/reports/super-deduction', 'admin').expect(200);
    expect(report.body.totals.extraDeduction).toBeGreaterThan(0);
    // The same on the pages a person reads: the file's eligibility and the dashboard's super-deduction section.
    const agent = await signIn(t, 'admin');
    const page = (await agent.get(`/enterprises/${rows[0]!.enterpriseId}/eligibility`).expect(200)).text;
    expect(page).toMatch(/加计扣除额 [^；<]*\d/);
    const dashboard = (await agent.get('/reports').expect(200)).text;
    const section = dashboard.slice(dashboard.indexOf('id="super-deduction"'));
    expect(section).toContain('按各企业最近一次资格评价');
    expect(section).not.toContain('尚无资格评价结果');
  }, 120_000);
});

describe('the file page: ledger form (元 in, 万元 shown) and checks', () => {
  it('an officer fills the ledger and records an IP check; the page shows both', async () => {
    const f = await newFile();
    const agent = await signIn(t, 'officer.binhai');
    const before = await agent.get(`/enterprises/${f.id}`).expect(200);
    expect(before.text).toContain('尚无研发费用辅助账汇总');
    expect(before.text).toContain('人员人工费用 (元)');
    expect(before.text).toContain('尚未核查');
    const csrf = await csrfOf(agent, `/enterprises/${f.id}`);
    await agent.post(`/enterprises/${f.id}/rd-ledger`).type('form')
      .send({ _csrf: csrf, year: String(N1), personnel: '1,200,000', directInputs: '300000', manufacturing: 'on', projectName0: '新型传感器', projectType0: 'new-product' }).expect(303);
    await agent.post(`/enterprises/${f.id}/checks`).type('form').send({ _csrf: csrf, subject: 'ip-assets', on: '2026-03-02', source: 'ip-office', result: 'none' }).expect(303);
    const row = (await api('get', `/api/v1/enterprises/${f.id}/rd-ledger/${N1}`, 'admin').expect(200)).body;
    expect(row).toMatchObject({ personnel: 1_200_000, directInputs: 300_000, manufacturing: true, source: 'officer', projects: [{ name: '新型传感器', activityType: 'new-product' }] });
    const after = await agent.get(`/enterprises/${f.id}`).expect(200);
    expect(after.text).toContain('人员人工费用 (万元)');
    expect(after.text).toContain('120.00');
    expect(after.text).toMatch(/经知识产权局核查 2026-03-02：无/);
  });

  it('a bad figure is refused with a message, nothing stored', async () => {
    const f = await newFile();
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${f.id}`);
    await agent.post(`/enterprises/${f.id}/rd-ledger`).type('form').send({ _csrf: csrf, year: String(N1), personnel: '-5' }).expect(303);
    await api('get', `/api/v1/enterprises/${f.id}/rd-ledger/${N1}`, 'admin').expect(404);
  });
});
