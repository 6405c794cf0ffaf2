import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { User } from '../src/auth/user.entity.js';
import { addDays, businessToday } from '../src/common/clock.js';
import { IpAsset } from '../src/enterprises/ip-asset.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { CreditFlag } from '../src/enterprises/credit-flag.entity.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/** Provenance on every fact (issue 14, api.md "Facts and provenance"): IP assets and qualifications by API, form and import, and the badge on the file. */
let t: TestApp;
const tokens: Record<string, string> = {};
type Who = 'admin' | 'manager' | 'officer.binhai' | 'firm';
const api = (method: 'get' | 'post' | 'put', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
const userId = async (username: string) => (await t.dataSource.getRepository(User).findOneByOrFail({ username })).id;
const today = () => businessToday();
const N1 = Number(businessToday().slice(0, 4)) - 1;
let seq = 0;

function uscc(): string {
  const first17 = `91120116MP${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}
async function newFile() {
  return (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(), name: `来源测试企业${++seq}`, districtCode: '120116', industryCode: 'C3911', taxMode: 'audit', establishedOn: '2018-03-01' }).expect(201)).body as { id: number; uscc: string };
}
const ip = (extra: Record<string, unknown> = {}) => ({ kind: 'invention-patent', number: `ZL-PV-${++seq}`, status: 'valid', grantedOn: `${N1}-02-01`, ...extra });
const qualification = (extra: Record<string, unknown> = {}) => ({ kind: 'hnte-certificate', on: `${N1}-05-01`, certificateNumber: `GR-PV-${++seq}`, ...extra });

let ownId: number;
let firmUser: string;

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin', 'manager', 'officer.binhai'] as const) tokens[who] = await tokenFor(t, who);
  firmUser = t.demo.find((l) => l.role === 'enterprise')!.username;
  tokens.firm = await tokenFor(t, firmUser);
  ownId = (await t.dataSource.getRepository(User).findOneByOrFail({ username: firmUser })).enterpriseId!;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('API: IP assets and qualifications carry source, sourceAsOf, recordedBy, recordedAt', () => {
  it.each<[string, Who, 'ip-assets' | 'qualifications', Record<string, unknown>, number, string | null, string | null]>([
    ['admin, source omitted → officer', 'admin', 'ip-assets', {}, 201, 'officer', null],
    ['officer, source omitted → officer', 'officer.binhai', 'ip-assets', {}, 201, 'officer', null],
    ['officer names the IP office and its date', 'officer.binhai', 'ip-assets', { source: 'ip-office', sourceAsOf: `${N1}-03-02` }, 201, 'ip-office', `${N1}-03-02`],
    ['qualification, source omitted → officer', 'officer.binhai', 'qualifications', {}, 201, 'officer', null],
    ['qualification from market regulation', 'admin', 'qualifications', { source: 'market-regulation', sourceAsOf: `${N1}-06-01` }, 201, 'market-regulation', `${N1}-06-01`],
    ['unknown source → 400', 'officer.binhai', 'ip-assets', { source: 'manual' }, 400, null, null],
    ['source date in the future → 400', 'officer.binhai', 'qualifications', { sourceAsOf: addDays(businessToday(), 2) }, 400, null, null],
    ['manager → 403', 'manager', 'ip-assets', {}, 403, null, null],
    ['enterprise user → 403 (IP and qualifications are staff edits)', 'firm', 'qualifications', {}, 403, null, null],
  ])('%s', async (_label, who, path, extra, status, source, sourceAsOf) => {
    const f = who === 'firm' ? { id: ownId } : await newFile();
    const body = path === 'ip-assets' ? ip(extra) : qualification(extra);
    const res = await api('post', `/api/v1/enterprises/${f.id}/${path}`, who).send(body).expect(status);
    if (status !== 201) {
      if (status === 400) expect(res.body.details?.length).toBeGreaterThan(0);
      return;
    }
    const username = who === 'firm' ? firmUser : who;
    expect(res.body).toMatchObject({ source, sourceAsOf, recordedBy: await userId(username) });
    expect(Date.parse(res.body.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    // The file resource returns the same four fields.
    const file = (await api('get', `/api/v1/enterprises/${f.id}`, 'admin').expect(200)).body;
    const listed = (path === 'ip-assets' ? file.ipAssets : file.qualifications).find((x: { id: number }) => x.id === res.body.id);
    expect(listed).toMatchObject({ source, sourceAsOf, recordedBy: res.body.recordedBy, recordedAt: res.body.recordedAt });
  });

  it('figures and credit flags return the four fields too; the enterprise\'s own figures are "enterprise", recorded by its user', async () => {
    const own = await api('put', `/api/v1/enterprises/${ownId}/financials/${N1}`, 'firm').send({ operatingRevenue: 12_000_000 }).expect(200);
    expect(own.body).toMatchObject({ source: 'enterprise', sourceAsOf: null, recordedBy: await userId(firmUser) });
    expect(typeof own.body.recordedAt).toBe('string');
    await api('put', `/api/v1/enterprises/${ownId}/financials/${N1}`, 'firm').send({ operatingRevenue: 12_000_000, source: 'tax' }).expect(400);
    const f = await newFile();
    const taxed = await api('put', `/api/v1/enterprises/${f.id}/financials/${N1}`, 'officer.binhai').send({ operatingRevenue: 9_000_000, source: 'tax', sourceAsOf: `${N1}-12-31` }).expect(200);
    expect(taxed.body).toMatchObject({ source: 'tax', sourceAsOf: `${N1}-12-31`, recordedBy: await userId('officer.binhai'), selfReported: false });
    const flag = await api('post', `/api/v1/enterprises/${f.id}/credit-flags`, 'officer.binhai').send({ kind: 'abnormal-operation', listedOn: `${N1}-04-01`, source: 'credit-china', sourceAsOf: `${N1}-04-02` }).expect(201);
    expect(flag.body).toMatchObject({ source: 'credit-china', sourceAsOf: `${N1}-04-02`, recordedBy: await userId('officer.binhai') });
    const check = await api('post', `/api/v1/enterprises/${f.id}/checks`, 'officer.binhai').send({ subject: 'ip-assets', on: `${N1}-03-02`, result: 'none', source: 'ip-office' }).expect(201);
    expect(check.body).toMatchObject({ source: 'ip-office', sourceAsOf: `${N1}-03-02`, recordedBy: await userId('officer.binhai') });
  });
});

describe('forms: the actor decides the source; the file shows a badge per row', () => {
  it('an officer adds IP, a qualification and a credit record; each is "officer" (or the chosen list source) with its badge and hover text', async () => {
    const f = await newFile();
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${f.id}`);
    const number = `ZL-FORM-${++seq}`;
    await agent.post(`/enterprises/${f.id}/ip-assets`).type('form').send({ _csrf: csrf, kind: 'invention-patent', number, status: 'valid' }).expect(303);
    await agent.post(`/enterprises/${f.id}/qualifications`).type('form').send({ _csrf: csrf, kind: 'hnte-certificate', on: `${N1}-05-01`, certificateNumber: `GR-FORM-${seq}` }).expect(303);
    await agent.post(`/enterprises/${f.id}/credit-flags`).type('form').send({ _csrf: csrf, kind: 'abnormal-operation', on: `${N1}-01-15`, source: 'market-regulation' }).expect(303);
    const officerId = await userId('officer.binhai');
    const asset = await t.dataSource.getRepository(IpAsset).findOneByOrFail({ number });
    const qual = await t.dataSource.getRepository(Qualification).findOneByOrFail({ enterpriseId: f.id });
    const flag = await t.dataSource.getRepository(CreditFlag).findOneByOrFail({ enterpriseId: f.id });
    expect([asset.source, asset.recordedBy, qual.source, qual.recordedBy, flag.source, flag.recordedBy]).toEqual(['officer', officerId, 'officer', officerId, 'market-regulation', officerId]);
    const page = (await agent.get(`/enterprises/${f.id}`).expect(200)).text;
    expect(page).toMatch(new RegExp(`data-testid="ip-source-${number}" data-source="officer" title="来源：工作人员核实；来源日期：—；记录：李明（滨海新区），\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}">工作人员核实</span>`));
    expect(page).toContain(`data-testid="qualification-source-${qual.id}" data-source="officer"`);
    expect(page).toMatch(new RegExp(`<span class="badge bg-green-lt" data-testid="flag-source-${flag.id}" data-source="market-regulation" title="来源：市场监管；`));
  });

  it('a bad source on the credit form is a field error (422), nothing stored', async () => {
    const f = await newFile();
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${f.id}`);
    await agent.post(`/enterprises/${f.id}/credit-flags`).type('form').send({ _csrf: csrf, kind: 'abnormal-operation', on: `${N1}-01-15`, source: '市场监管' }).expect(422);
    expect(await t.dataSource.getRepository(CreditFlag).countBy({ enterpriseId: f.id })).toBe(0);
  });

  it('the enterprise sees the badges on its own file, staff names left out', async () => {
    const res = await api('post', `/api/v1/enterprises/${ownId}/ip-assets`, 'admin').send(ip({ source: 'ip-office', sourceAsOf: `${N1}-03-02` })).expect(201);
    const agent = await signIn(t, firmUser);
    const page = (await agent.get(`/enterprises/${ownId}`).expect(200)).text;
    expect(page).toContain(`data-testid="ip-source-${res.body.number}" data-source="ip-office" title="来源：知识产权局；来源日期：${N1}-03-02；记录：工作人员，`);
    expect(page).not.toContain('系统管理员');
  });
});

describe('imports name their source', () => {
  const csv = (rows: (string | number)[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
  const upload = (query: string, file: Buffer) => api('post', `/api/v1/imports?${query}`, 'officer.binhai').attach('file', file, { filename: 'ip.csv', contentType: 'text/csv' });

  it.each<[string, string, string]>([
    ['the IP office named → ip-office', '&source=ip-office', 'ip-office'],
    ['nothing named → import', '', 'import'],
  ])('%s', async (_label, query, source) => {
    const f = await newFile();
    const number = `ZL-IMP-${++seq}`;
    const job = await upload(`kind=ip-assets${query}`, csv([['统一社会信用代码', '类别', '编号', '状态', '授权日期'], [f.uscc, '发明专利', number, '有效', `${N1}-02-01`]])).expect(201);
    expect(job.body).toMatchObject({ source, status: 'planned' });
    expect((await api('post', `/api/v1/imports/${job.body.id}/commit`, 'officer.binhai').expect(200)).body.source).toBe(source);
    expect((await api('get', `/api/v1/imports/${job.body.id}`, 'officer.binhai').expect(200)).body.source).toBe(source);
    const asset = await t.dataSource.getRepository(IpAsset).findOneByOrFail({ number });
    expect(asset).toMatchObject({ source, sourceAsOf: today(), recordedBy: await userId('officer.binhai') });
    // The stored evaluation lists the IP's source for the criteria that read IP.
    const rec = await api('post', `/api/v1/enterprises/${f.id}/evaluations`, 'admin').send({}).expect(201);
    const htIp = rec.body.results.find((r: { program: string }) => r.program === 'high-tech').criteria.find((c: { code: string }) => c.code === 'HT-IP');
    expect(htIp.sources).toEqual([source]);
  });

  it('the import form offers the sources; the report shows the one named', async () => {
    const f = await newFile();
    const agent = await signIn(t, 'officer.binhai');
    const form = (await agent.get('/enterprises/import').expect(200)).text;
    expect(form).toContain('name="source"');
    expect(form).toContain('<option value="ip-office">知识产权局</option>');
    const csrf = await csrfOf(agent, '/enterprises/import');
    const res = await agent.post(`/enterprises/import?_csrf=${encodeURIComponent(csrf)}`).field('kind', 'ip-assets').field('source', 'ip-office')
      .attach('file', csv([['统一社会信用代码', '类别', '编号', '状态'], [f.uscc, '发明专利', `ZL-HTML-${++seq}`, '有效']]), 'ip.csv').expect(303);
    const report = (await agent.get(res.headers.location!).expect(200)).text;
    expect(report).toMatch(/data-testid="import-source" title="数据来源">知识产权局<\/span>/);
  });

  it('a source that is not a register (enterprise, officer, nonsense) → 400', async () => {
    for (const source of ['enterprise', 'officer', 'nonsense']) {
      await upload(`kind=ip-assets&source=${source}`, csv([['统一社会信用代码', '类别', '编号', '状态'], [uscc(), '发明专利', 'ZL-X', '有效']])).expect(400);
    }
  });
});

describe('stored files: "never checked" is missing, "checked: none" counts as none (rules.md §0)', () => {
  const asOf = `${N1}-12-30`;
  it.each<[string, string | null, string, string, (outcome: string) => boolean]>([
    ['IP never checked → HT-IP missing', null, 'high-tech', 'HT-IP', (o) => o === 'missing'],
    ['IP checked with the IP office: none → HT-IP unmet', 'ip-assets', 'high-tech', 'HT-IP', (o) => o === 'unmet'],
    ['qualifications never checked → TS-DIRECT missing', null, 'tech-sme', 'TS-DIRECT', (o) => o === 'missing'],
    ['qualifications checked: none → TS-DIRECT decided', 'qualifications', 'tech-sme', 'TS-DIRECT', (o) => o !== 'missing'],
    ['credit never checked → TS-CREDIT missing', null, 'tech-sme', 'TS-CREDIT', (o) => o === 'missing'],
    ['credit checked: none → TS-CREDIT met', 'credit', 'tech-sme', 'TS-CREDIT', (o) => o === 'met'],
  ])('%s', async (_label, checked, program, code, expected) => {
    const f = await newFile();
    if (checked) await api('post', `/api/v1/enterprises/${f.id}/checks`, 'officer.binhai').send({ subject: checked, on: `${N1}-03-02`, result: 'none', source: { credit: 'credit-china', 'ip-assets': 'ip-office', qualifications: 'officer' }[checked] }).expect(201);
    const res = await api('get', `/api/v1/enterprises/${f.id}/eligibility?asOf=${asOf}`, 'admin').expect(200);
    const criterion = res.body.results.find((r: { program: string }) => r.program === program).criteria.find((c: { code: string }) => c.code === code);
    expect(expected(criterion.outcome)).toBe(true);
  });
});
