import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { todayIso } from '../src/common/format.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { loadFacts } from '../src/policy/facts-loader.js';
import { evaluate } from '../src/policy/engine/evaluate.js';
import { DEFAULT_RULE_SETS } from '../src/policy/engine/rule-sets.js';
import { SRDI_PROGRAMS } from '../src/policy/engine/facts.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { goldenForm, N } from './support/self-check-form.js';

let t: TestApp;
const tokens: Record<string, string> = {};
type Who = 'admin' | 'manager' | 'officer.binhai' | 'officer.nankai' | 'firm';
const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
const year = Number(todayIso().slice(0, 4));
const N1 = year - 1;
let seq = 0;

function uscc(district = '120116'): string {
  const first17 = `91${district}MD${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}
async function newFile(district = '120116') {
  return (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(district), name: `专精特新测试企业${++seq}`, districtCode: district, industryCode: 'C3911', taxMode: 'audit', establishedOn: '2015-03-01' }).expect(201)).body as { id: number };
}

/** The facts of an enterprise that meets all three SRDI programmes at 2026-03-31 (engine fixtures' giant). */
const GIANT = {
  asOf: '2026-03-31',
  programs: ['innovative-sme', 'srdi-sme', 'little-giant'],
  enterprise: { uscc: '91310110666007217T', name: '小巨人示例', districtCode: '120116', establishedOn: '2015-05-20', creditChecked: true },
  financials: [
    { year: 2023, operatingRevenue: 80_000_000, mainBusinessRevenue: 76_000_000, rdExpense: 2_800_000, totalAssets: 150_000_000, totalLiabilities: 60_000_000, employees: 400 },
    { year: 2024, operatingRevenue: 100_000_000, mainBusinessRevenue: 95_000_000, rdExpense: 3_200_000, totalAssets: 150_000_000, totalLiabilities: 60_000_000, employees: 400 },
    { year: 2025, operatingRevenue: 120_000_000, mainBusinessRevenue: 110_000_000, rdExpense: 4_000_000, totalAssets: 150_000_000, totalLiabilities: 60_000_000, employees: 400 },
  ],
  ipAssets: [
    { kind: 'invention-patent', number: 'ZL1', status: 'valid', grantedOn: '2021-01-04', acquisition: 'own', relatedToMainProducts: true },
    { kind: 'invention-patent', number: 'ZL2', status: 'valid', grantedOn: '2022-01-04', acquisition: 'own', relatedToMainProducts: true },
  ],
  srdi: {
    nicheMarket: '工业视觉检测', nicheSince: '2020-01-01', strategicEmergingIndustry: true, keyChainLink: true, srdiScore: 72, rdInstitution: 'own',
    highValueClassI: 1, makerChinaTop500Year: null,
    years: [{ year: 2024, equityFinancing: 0, rdStaff: 90 }, { year: 2025, equityFinancing: 0, rdStaff: 100 }],
    recognitions: [{ program: 'innovative-sme', validFrom: '2024-06-01', validUntil: '2027-05-31' }, { program: 'srdi-sme', validFrom: '2025-01-01', validUntil: '2027-12-31' }],
  },
};
const outcomes = (body: { results: { program: string; outcome: string }[] }) => Object.fromEntries(body.results.map((r) => [r.program, r.outcome]));

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai'] as const) tokens[who] = await tokenFor(t, who);
  tokens.firm = await tokenFor(t, t.demo.find((l) => l.role === 'enterprise')!.username);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('demo data (src/database/seed/demo-srdi.ts)', () => {
  it('reaches every outcome of every SRDI programme, and a demo file holds an innovative-SME recognition', async () => {
    const rows: { id: number }[] = await t.dataSource.query('SELECT DISTINCT enterprise_id AS id FROM srdi_fact');
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(0);
    const today = todayIso();
    const facts = await loadFacts(t.dataSource, ids, Number(today.slice(0, 4)), today);
    const seen = new Set<string>();
    for (const f of facts.values()) for (const r of evaluate({ asOf: today, programs: SRDI_PROGRAMS, facts: f }, DEFAULT_RULE_SETS).results) seen.add(`${r.program}:${r.outcome}`);
    for (const p of SRDI_PROGRAMS) for (const o of ['eligible', 'ineligible', 'incomplete']) expect([...seen]).toContain(`${p}:${o}`);
    const held: unknown[] = await t.dataSource.query("SELECT id FROM recognition WHERE tier = 'innovative-sme'");
    expect(held.length).toBeGreaterThan(0);
  });
});

describe('POST /api/v1/eligibility/evaluate with the SRDI programmes', () => {
  it('evaluates innovative-sme, srdi-sme and little-giant from the facts sent, with 63号 references and rule set 2026.3', async () => {
    const res = await api('post', '/api/v1/eligibility/evaluate', 'manager').send(GIANT).expect(200);
    expect(outcomes(res.body)).toEqual({ 'innovative-sme': 'eligible', 'srdi-sme': 'eligible', 'little-giant': 'eligible' });
    const lg = res.body.results[2];
    expect(lg.ruleSet).toEqual({ version: '2026.3', provisional: true });
    expect(lg.criteria.map((c: { code: string }) => c.code)).toEqual(['LG-SRDI', 'LG-NICHE', 'LG-MAIN', 'LG-GROWTH', 'LG-DEBT', 'LG-RD', 'LG-INSTITUTION', 'LG-IP', 'LG-CHAIN']);
    expect(lg.criteria[0].reference).toContain('工信部企业〔2022〕63号');
  });

  it.each<[string, (b: typeof GIANT) => void, Record<string, string>]>([
    ['no srdi-sme recognition: not a little giant', (b) => (b.srdi.recognitions = b.srdi.recognitions.slice(0, 1)), { 'little-giant': 'ineligible' }],
    ['key link not verified: little giant incomplete', (b) => delete (b.srdi as { keyChainLink?: boolean }).keyChainLink, { 'little-giant': 'incomplete' }],
    ['score 59 and no direct route: not a 专精特新 SME', (b) => ((b.srdi.srdiScore = 59), (b.srdi.makerChinaTop500Year = null)), { 'srdi-sme': 'ineligible' }],
    ['1,000 employees: not an innovative SME', (b) => (b.financials[2]!.employees = 1000), { 'innovative-sme': 'ineligible' }],
  ])('%s', async (_n, change, expected) => {
    const body = structuredClone(GIANT);
    change(body);
    expect(outcomes((await api('post', '/api/v1/eligibility/evaluate', 'officer.binhai').send(body).expect(200)).body)).toMatchObject(expected);
  });

  it('a request without programmes answers the seven programmes it always did', async () => {
    const { programs: _p, ...body } = GIANT;
    const res = await api('post', '/api/v1/eligibility/evaluate', 'manager').send(body).expect(200);
    expect(res.body.results.map((r: { program: string }) => r.program)).toEqual(['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown programme', { programs: ['srdi'] }, 'programs'],
    ['an unknown R&D institution kind', { srdi: { rdInstitution: 'borrowed' } }, 'srdi.rdInstitution'],
    ['a score above 100', { srdi: { srdiScore: 101 } }, 'srdi.srdiScore'],
    ['negative equity financing', { srdi: { years: [{ year: 2025, equityFinancing: -1 }] } }, 'srdi.years[0].equityFinancing'],
    ['a recognition of an unknown programme', { srdi: { recognitions: [{ program: 'gazelle' }] } }, 'srdi.recognitions[0].program'],
    ['an unknown SRDI field', { srdi: { favourite: true } }, 'srdi'],
  ])('400 with details for %s', async (_n, patch, field) => {
    const res = await api('post', '/api/v1/eligibility/evaluate', 'manager').send({ ...GIANT, ...patch }).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('the OpenAPI document lists the SRDI programmes', async () => {
    const doc = await request(t.http).get('/api/docs-json');
    if (doc.status !== 200) return; // the document is served in some configurations only
    expect(JSON.stringify(doc.body)).toContain('little-giant');
  });
});

describe('SRDI facts on the file', () => {
  let file: { id: number };
  beforeAll(async () => {
    file = await newFile();
  });

  it('PATCH sets facts with provenance; staff saving the key link verifies it; GET reads them; each change is audited', async () => {
    const res = await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.binhai')
      .send({ nicheMarket: '工业视觉检测', nicheSince: `${N1 - 3}-01-01`, keyChainLink: true, srdiScore: 72.5, srdiScoreBy: '天津市工信局评审', source: 'officer', sourceAsOf: `${N1}-12-01` })
      .expect(200);
    expect(res.body.facts.nicheMarket).toMatchObject({ value: '工业视觉检测', source: 'officer', sourceAsOf: `${N1}-12-01`, verified: false, version: 1 });
    expect(res.body.facts.keyChainLink).toMatchObject({ value: true, verified: true, verifiedBy: expect.any(Number) });
    expect(res.body.facts.srdiScore).toMatchObject({ value: 72.5, note: '天津市工信局评审' });
    expect(res.body.facts.srdiScore.recordedBy).toEqual(expect.any(Number));
    expect((await api('get', `/api/v1/enterprises/${file.id}/srdi-facts`, 'manager').expect(200)).body.facts.nicheSince.value).toBe(`${N1 - 3}-01-01`);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entity: 'srdi_fact', enterpriseId: file.id })).toBe(4);
  });

  it('null turns a fact back to unknown', async () => {
    await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.binhai').send({ innovationTitle: true }).expect(200);
    const res = await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.binhai').send({ innovationTitle: null }).expect(200);
    expect(res.body.facts.innovationTitle).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a future niche date', { nicheSince: `${year + 1}-01-01` }, 'nicheSince'],
    ['a score of 100.001', { srdiScore: 100.001 }, 'srdiScore'],
    ['a text flag', { strategicEmergingIndustry: 'yes' }, 'strategicEmergingIndustry'],
    ['an unknown institution kind', { rdInstitution: 'rented' }, 'rdInstitution'],
    ['a top-500 year in the future', { makerChinaTop500Year: year + 1 }, 'makerChinaTop500Year'],
    ['an unknown source', { nicheMarket: 'x', source: 'newspaper' }, 'source'],
    ['nothing at all', {}, 'body'],
  ])('PATCH 400 with details for %s', async (_n, body, field) => {
    const res = await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.binhai').send(body).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('a file outside the officer’s district is not found; a manager may read but not write', async () => {
    await api('get', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.nankai').expect(404);
    await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'officer.nankai').send({ nicheMarket: 'x' }).expect(404);
    await api('patch', `/api/v1/enterprises/${file.id}/srdi-facts`, 'manager').send({ nicheMarket: 'x' }).expect(403);
  });

  it('an enterprise reports its own facts (source enterprise); its key-link answer stays unverified and does not count', async () => {
    const own = (await api('get', '/api/v1/enterprises?pageSize=1', 'firm').expect(200)).body.items[0] as { id: number };
    const res = await api('patch', `/api/v1/enterprises/${own.id}/srdi-facts`, 'firm').send({ keyChainLink: true, strategicEmergingIndustry: true }).expect(200);
    expect(res.body.facts.keyChainLink).toMatchObject({ value: true, source: 'enterprise', verified: false });
    await api('patch', `/api/v1/enterprises/${own.id}/srdi-facts`, 'firm').send({ nicheMarket: 'x', source: 'officer' }).expect(400);
    const facts = (await loadFacts(t.dataSource, [own.id], year, todayIso())).get(own.id)!;
    expect(facts.srdi).toMatchObject({ strategicEmergingIndustry: true });
    expect(facts.srdi?.keyChainLink).toBeUndefined();
  });

  it('PUT srdi-years stores a year (yuan), a stale version → 409, a future year → 400', async () => {
    const put = await api('put', `/api/v1/enterprises/${file.id}/srdi-years/${N1}`, 'officer.binhai').send({ equityFinancing: 25_000_000.5, rdStaff: 40, source: 'officer' }).expect(200);
    expect(put.body).toMatchObject({ year: N1, equityFinancing: 25_000_000.5, rdStaff: 40, source: 'officer', version: 1 });
    await api('put', `/api/v1/enterprises/${file.id}/srdi-years/${N1}`, 'officer.binhai').send({ equityFinancing: 1, version: 1 }).expect(200);
    await api('put', `/api/v1/enterprises/${file.id}/srdi-years/${N1}`, 'officer.binhai').send({ equityFinancing: 2, version: 1 }).expect(409);
    await api('put', `/api/v1/enterprises/${file.id}/srdi-years/${year + 1}`, 'officer.binhai').send({ rdStaff: 1 }).expect(400);
    await api('put', `/api/v1/enterprises/${file.id}/srdi-years/${N1}`, 'officer.binhai').send({ equityFinancing: -5 }).expect(400);
  });

  it('POST srdi-recognitions: valid 3 years by default (rule set), staff only', async () => {
    const res = await api('post', `/api/v1/enterprises/${file.id}/srdi-recognitions`, 'officer.binhai').send({ program: 'innovative-sme', validFrom: `${N1}-06-30`, batch: `${N1}-第1批` }).expect(201);
    expect(res.body).toMatchObject({ program: 'innovative-sme', validFrom: `${N1}-06-30`, validUntil: `${N1 + 3}-06-29`, source: 'manual' });
    await api('post', `/api/v1/enterprises/${file.id}/srdi-recognitions`, 'firm').send({ program: 'srdi-sme', validFrom: `${N1}-06-30` }).expect(403);
    await api('post', `/api/v1/enterprises/${file.id}/srdi-recognitions`, 'officer.binhai').send({ program: 'gazelle', validFrom: `${N1}-06-30` }).expect(400);
    expect((await api('get', `/api/v1/enterprises/${file.id}/srdi-facts`, 'manager').expect(200)).body.recognitions).toHaveLength(1);
  });

  it('an SRDI recognition ending within the lead time is on the renewal radar, named by its rung', async () => {
    const soon = new Date(Date.parse(`${todayIso()}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
    const from = `${Number(soon.slice(0, 4)) - 3}${soon.slice(4)}`;
    const other = await newFile();
    await api('post', `/api/v1/enterprises/${other.id}/srdi-recognitions`, 'officer.binhai').send({ program: 'little-giant', validFrom: from, validUntil: soon }).expect(201);
    const items = (await api('get', '/api/v1/radar', 'officer.binhai').expect(200)).body.items as { enterpriseId: number; label: string; validUntil: string }[];
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ enterpriseId: other.id, label: 'little-giant', validUntil: soon })]));
    const page = await signIn(t, 'officer.binhai');
    expect((await page.get('/radar').expect(200)).text).toContain('专精特新“小巨人”企业');
  });

  it('the stored file is evaluated for the SRDI programmes (GET eligibility and the facts loader)', async () => {
    for (const [y, revenue, rd] of [[N1 - 2, 10_000_000, 400_000], [N1 - 1, 13_000_000, 600_000], [N1, 17_000_000, 1_000_000]] as const) {
      await api('put', `/api/v1/enterprises/${file.id}/financials/${y}`, 'officer.binhai')
        .send({ operatingRevenue: revenue, salesRevenue: revenue, mainBusinessRevenue: revenue, rdExpense: rd, totalAssets: 39_000_000, totalLiabilities: 10_000_000, employees: 100 })
        .expect(200);
    }
    const facts = (await loadFacts(t.dataSource, [file.id], year, todayIso())).get(file.id)!;
    expect(facts.srdi).toMatchObject({ nicheSince: `${N1 - 3}-01-01`, keyChainLink: true, srdiScore: 72.5, recognitions: [{ program: 'innovative-sme' }] });
    expect(facts.srdi?.years).toEqual([{ year: N1, equityFinancing: 1 }]);
    const res = await api('get', `/api/v1/enterprises/${file.id}/eligibility`, 'manager').expect(200);
    const o = outcomes(res.body);
    expect(o['srdi-sme']).toBe('eligible');
    expect(o['little-giant']).toBe('ineligible');
    expect(Object.keys(o)).toEqual(expect.arrayContaining(['tech-sme', 'innovative-sme', 'srdi-sme', 'little-giant']));
  });
});

describe('the self-check asks the SRDI facts', () => {
  let agent: Awaited<ReturnType<typeof signIn>>;
  let csrf: string;
  beforeAll(async () => {
    agent = await signIn(t, 'officer.binhai');
    const page = (await agent.get('/eligibility/check').expect(200)).text;
    csrf = csrfFrom(page);
    expect(page).toContain('data-testid="self-check-srdi"');
    expect(page).toContain('name="srdiEquity_1"');
    expect(page).toMatch(/type="date" id="srdiInnovativeUntil"/);
  });
  const SRDI = { srdiInnovativeUntil: `${N + 1}-05-31`, srdiNicheSince: `${N - 5}-01-01`, srdiScore: '72', srdiStrategicEmerging: 'true', srdiHighValueClassI: '1', srdiEquity_1: '0' };
  async function check(extra: Record<string, string>, status = 200) {
    const res = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, ...goldenForm(), ...extra });
    expect(res.status).toBe(status);
    const out: Record<string, string> = {};
    for (const m of res.text.matchAll(/data-testid="outcome-([a-z-]+)" data-outcome="([a-z-]+)"/g)) out[m[1]!] = m[2]!;
    return { out, text: res.text };
  }

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['an innovative SME holding its recognition: a 专精特新 SME, not yet a little giant', SRDI, { 'innovative-sme': 'eligible', 'srdi-sme': 'eligible', 'little-giant': 'ineligible' }],
    ['no SRDI answer: an innovative SME by its figures, the rest unknown', {}, { 'innovative-sme': 'eligible', 'srdi-sme': 'incomplete' }],
    ['the innovative-SME recognition expired', { ...SRDI, srdiInnovativeUntil: `${N - 1}-01-01` }, { 'srdi-sme': 'ineligible' }],
    ['score 59, equity 6,000 万元 last year: the direct path', { ...SRDI, srdiScore: '59', srdiEquity_1: '6000' }, { 'srdi-sme': 'eligible' }],
  ])('%s', async (_n, extra, expected) => {
    expect((await check(extra)).out).toMatchObject(expected);
  });

  it('a score above 100 is re-shown with a field message (422), money fields carry the 万元 unit', async () => {
    const { text } = await check({ ...SRDI, srdiScore: '101' }, 422);
    expect(text).toContain('is-invalid');
    expect(text).toMatch(/name="srdiEquity_1"[^>]*>\s*<span class="input-group-text">万元/);
  });
});

describe('the file’s SRDI page and forms', () => {
  let agent: Awaited<ReturnType<typeof signIn>>;
  let csrf: string;
  let file: { id: number };
  beforeAll(async () => {
    file = await newFile();
    agent = await signIn(t, 'officer.binhai');
    csrf = csrfFrom((await agent.get(`/enterprises/${file.id}/srdi`).expect(200)).text);
  });
  const page = async () => (await agent.get(`/enterprises/${file.id}/srdi`).expect(200)).text;

  it('the file page links to it; it lists every fact as unknown at first', async () => {
    expect((await agent.get(`/enterprises/${file.id}`).expect(200)).text).toContain(`href="/enterprises/${file.id}/srdi"`);
    const text = await page();
    expect(text).toContain('data-testid="srdi-facts"');
    expect(text.match(/data-fact="/g)).toHaveLength(9);
  });

  it('posting facts stores them with the chosen source; the key link saved by staff shows verified', async () => {
    await agent.post(`/enterprises/${file.id}/srdi/facts`).type('form').send({ _csrf: csrf, nicheMarket: '海洋监测', keyChainLink: 'true', srdiScore: '66', srdiScoreBy: '工信局', source: 'officer', sourceAsOf: `${N1}-10-01` }).expect(303);
    const text = await page();
    expect(text).toContain('海洋监测');
    expect(text).toMatch(/data-fact="keyChainLink"[\s\S]*?已核实/);
    const api = (await request(t.http).get(`/api/v1/enterprises/${file.id}/srdi-facts`).set('Authorization', `Bearer ${tokens.manager}`).expect(200)).body;
    expect(api.facts.srdiScore).toMatchObject({ value: 66, note: '工信局', source: 'officer', sourceAsOf: `${N1}-10-01` });
  });

  it('a bad value comes back as a flash message and stores nothing', async () => {
    const res = await agent.post(`/enterprises/${file.id}/srdi/facts`).type('form').send({ _csrf: csrf, srdiScore: '120' }).expect(303);
    expect(res.headers.location).toBe(`/enterprises/${file.id}/srdi#facts`);
    const text = await page();
    expect(text).toContain('alert-danger');
    expect(text).not.toContain('>120<');
  });

  it('“clear” makes a fact unknown again', async () => {
    await agent.post(`/enterprises/${file.id}/srdi/facts`).type('form').send({ _csrf: csrf, nicheMarket: 'clear' }).expect(303);
    expect(await page()).not.toContain('海洋监测');
  });

  it('posting a year stores yuan as typed (thousands separators allowed); a negative amount is refused', async () => {
    await agent.post(`/enterprises/${file.id}/srdi/years`).type('form').send({ _csrf: csrf, year: String(N1), equityFinancing: '6,000,000', rdStaff: '12', source: 'officer' }).expect(303);
    const api = (await request(t.http).get(`/api/v1/enterprises/${file.id}/srdi-facts`).set('Authorization', `Bearer ${tokens.manager}`).expect(200)).body;
    expect(api.years[0]).toMatchObject({ year: N1, equityFinancing: 6_000_000, rdStaff: 12 });
    await agent.post(`/enterprises/${file.id}/srdi/years`).type('form').send({ _csrf: csrf, year: String(N1), equityFinancing: '-1' }).expect(303);
    expect(await page()).toContain('alert-danger');
  });

  it('staff record a recognition (3 years by default); it shows in the list', async () => {
    await agent.post(`/enterprises/${file.id}/srdi/recognitions`).type('form').send({ _csrf: csrf, program: 'srdi-sme', validFrom: `${N1}-07-01` }).expect(303);
    const text = await page();
    expect(text).toContain(`${N1 + 3}-06-30`);
    expect(text).toContain('专精特新中小企业');
  });
});

// Last: it publishes a new srdi-sme rule set for the rest of this app.
describe('a rule-set edit changes an SRDI result with no code change', () => {
  it('raising SP-REVENUE to 200,000,000 (published as 2027.1) turns the little giant’s 专精特新 result ineligible', async () => {
    tokens.admin = await tokenFor(t, 'admin');
    const list = (await api('get', '/api/v1/rule-sets', 'admin').expect(200)).body.items as { id: number; program: string; status: string; version: string; effectiveFrom: string }[];
    const active = list.find((r) => r.program === 'srdi-sme' && r.status === 'active')!;
    expect(active).toMatchObject({ version: '2026.3', effectiveFrom: '2022-08-01' });
    const draft = (await api('post', `/api/v1/rule-sets/${active.id}/drafts`, 'admin').expect(201)).body;
    await api('patch', `/api/v1/rule-sets/${draft.id}`, 'admin').send({ params: { ...draft.params, revenueMin: -1 }, rowVersion: draft.rowVersion }).expect(400);
    const edited = (await api('patch', `/api/v1/rule-sets/${draft.id}`, 'admin').send({ version: '2027.1', params: { ...draft.params, revenueMin: 200_000_000 }, rowVersion: draft.rowVersion }).expect(200)).body;
    const before = await api('post', '/api/v1/eligibility/evaluate', 'manager').send(GIANT).expect(200);
    expect(outcomes(before.body)['srdi-sme']).toBe('eligible');
    await api('post', `/api/v1/rule-sets/${draft.id}/publish`, 'admin').send({ rowVersion: edited.rowVersion }).expect(200);
    const after = await api('post', '/api/v1/eligibility/evaluate', 'manager').send(GIANT).expect(200);
    expect(outcomes(after.body)['srdi-sme']).toBe('ineligible');
    const sp = after.body.results[1];
    expect(sp.ruleSet.version).toBe('2027.1');
    expect(sp.criteria.find((c: { code: string }) => c.code === 'SP-REVENUE').outcome).toBe('unmet');
  });
});
