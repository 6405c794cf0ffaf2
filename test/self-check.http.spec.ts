import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';
import { goldenForm, N } from './support/self-check-form.js';

let t: TestApp;
/** `?` placeholders for SQLite, `$n` for PostgreSQL (the suite runs on both). */
const portable = (sql: string) => (t.dataSource.options.type === 'postgres' ? (() => { let i = 0; return sql.replace(/\?/g, () => `$${++i}`); })() : sql);
let agent: Awaited<ReturnType<typeof signIn>>;
let csrf: string;
beforeAll(async () => {
  t = await startTestApp();
  agent = await signIn(t, 'officer.binhai');
  csrf = csrfFrom((await agent.get('/eligibility/check').expect(200)).text);
});
afterAll(async () => {
  await t?.close();
});

type Form = Record<string, string>;
const PROGRAMS = ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction'] as const;
const years = [N - 4, N - 3, N - 2, N - 1];
const set = (patch: Form) => (f: Form) => Object.assign(f, patch);
const blank = (...names: string[]) => (f: Form) => { for (const n of names) delete f[n]; };
const perYear = (figure: string, values: (string | undefined)[]) => (f: Form) => {
  years.forEach((y, i) => (values[i] === undefined ? delete f[`${figure}_${y}`] : (f[`${figure}_${y}`] = values[i]!)));
};
/** A large enterprise: 6 亿 revenue growing, 3 % R&D, 2,000 staff, 25 IP items. */
const large = (f: Form) => {
  for (const [i, rev] of [30000, 40000, 50000, 60000].entries()) {
    const y = years[i]!;
    for (const fig of ['operatingRevenue', 'salesRevenue', 'mainBusinessRevenue', 'totalIncome']) f[`${fig}_${y}`] = String(rev);
    Object.assign(f, { [`highTechRevenue_${y}`]: String(rev * 0.8), [`rdExpense_${y}`]: String(rev * 0.03), [`rdExpenseDomestic_${y}`]: String(rev * 0.03),
      [`totalCostAndExpense_${y}`]: String(rev * 0.9), [`totalAssets_${y}`]: String(rev * 2), [`employees_${y}`]: '2000', [`stStaff_${y}`]: '400' });
  }
  Object.assign(f, { 'ip_invention-patent': '5', 'ip_utility-model': '20' });
};

async function check(change: (f: Form) => void): Promise<Record<string, string>> {
  const form = goldenForm();
  change(form);
  const res = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, ...form });
  expect(res.status).toBe(200);
  const out: Record<string, string> = {};
  for (const m of res.text.matchAll(/data-testid="outcome-([a-z-]+)" data-outcome="([a-z-]+)"/g)) out[m[1]!] = m[2]!;
  return out;
}

// One case per line: the case, programme, expected outcome, what changes in the golden form.
const CASES: [string, (typeof PROGRAMS)[number], string, (f: Form) => void][] = [
  ['golden', 'tech-sme', 'eligible', () => {}],
  ['restricted category', 'tech-sme', 'ineligible', set({ restrictedCategory: 'true' })],
  ['restricted category unknown', 'tech-sme', 'incomplete', blank('restrictedCategory')],
  ['on the abnormal-operation list now', 'tech-sme', 'ineligible', set({ abnormalListedOn: `${N - 1}-03-01` })],
  ['listed long ago and removed', 'tech-sme', 'eligible', set({ abnormalListedOn: `${N - 6}-03-01`, abnormalRemovedOn: `${N - 5}-03-01` })],
  ['credit not checked', 'tech-sme', 'incomplete', set({ creditChecked: '' })],
  ['golden', 'young-eagle', 'eligible', () => {}],
  ['founded long ago', 'young-eagle', 'ineligible', set({ establishedOn: '1990-01-01' })],
  ['founding date unknown', 'young-eagle', 'incomplete', blank('establishedOn')],
  ['golden', 'gazelle', 'eligible', () => {}],
  ['golden, typed with thousands separators', 'gazelle', 'eligible', set({ [`operatingRevenue_${N - 1}`]: '1,700', [`operatingRevenue_${N - 2}`]: '1，300' })],
  ['flat revenue', 'gazelle', 'ineligible', perYear('operatingRevenue', ['1700', '1700', '1700', '1700'])],
  ['N-4 revenue unknown', 'gazelle', 'incomplete', perYear('operatingRevenue', [undefined, '1000', '1300', '1700'])],
  ['golden', 'leader-candidate', 'ineligible', () => {}],
  ['large', 'leader-candidate', 'eligible', large],
  ['large, revenue N-1 unknown', 'leader-candidate', 'incomplete', (f) => { large(f); delete f[`operatingRevenue_${N - 1}`]; }],
  ['golden', 'leader', 'ineligible', () => {}],
  ['large', 'leader', 'eligible', large],
  ['large, revenue N-1 unknown', 'leader', 'incomplete', (f) => { large(f); delete f[`operatingRevenue_${N - 1}`]; }],
  ['golden', 'high-tech', 'eligible', () => {}],
  ['none of the eight fields', 'high-tech', 'ineligible', set({ highTechField: 'none' })],
  ['non-taxable income unknown', 'high-tech', 'incomplete', perYear('nonTaxableIncome', [undefined, undefined, undefined, undefined])],
  ['high-tech revenue 55 %, eligible only net of non-taxable income', 'high-tech', 'eligible', (f) => { f[`highTechRevenue_${N - 1}`] = '935'; f[`nonTaxableIncome_${N - 1}`] = '300'; }],
  ['high-tech revenue 55 %, no non-taxable income', 'high-tech', 'ineligible', (f) => { f[`highTechRevenue_${N - 1}`] = '935'; }],
  ['no self-assessment', 'high-tech', 'incomplete', (f) => { for (const k of Object.keys(f)) if (k.startsWith('score_')) delete f[k]; }],
  ['golden', 'super-deduction', 'eligible', () => {}],
  ['only an excluded activity', 'super-deduction', 'ineligible', set({ rdActivity: 'routine-upgrade' })],
  ['no ledger', 'super-deduction', 'incomplete', (f) => { for (const k of Object.keys(f)) if (k.startsWith('rd_') || k === 'rdActivity') delete f[k]; }],
];

describe('the self-check reaches every outcome of every programme', () => {
  it.each(CASES)('%s → %s %s', async (_name, program, outcome, change) => {
    expect((await check(change))[program]).toBe(outcome);
  });

  it('covers eligible, ineligible and incomplete for each programme', () => {
    for (const p of PROGRAMS) expect(new Set(CASES.filter((c) => c[1] === p).map((c) => c[2]))).toEqual(new Set(['eligible', 'ineligible', 'incomplete']));
  });
});

describe('the self-check form', () => {
  it('states the money unit once and on every money field', async () => {
    const page = await agent.get('/eligibility/check').expect(200);
    expect(page.text).toContain('本页所有金额单位均为万元');
    expect(page.text).toContain(`name="nonTaxableIncome_${N - 4}"`);
    expect(page.text).toContain('name="abnormalRemovedOn"');
    expect(page.text).toContain('name="restrictedCategory"');
    expect(page.text).toContain('name="rd_personnel"');
  });

  it.each([
    [`operatingRevenue_${N - 1}`, '-3', '“营业收入”须为以万元为单位的非负金额'],
    [`operatingRevenue_${N - 1}`, '1.2345678', '“营业收入”须为以万元为单位的非负金额'],
    [`employees_${N - 1}`, '1.5', '须为非负整数'],
    ['score_techAdvancement', '9', '须在该项分值范围内'],
    ['abnormalRemovedOn', `${N - 3}-01-01`, '不能早于列入日期'],
  ])('%s = %s → 422 with the field message', async (name, value, message) => {
    const form = { ...goldenForm(), abnormalListedOn: `${N - 2}-01-01`, [name]: value };
    const res = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, ...form }).expect(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${value}"`);
  });

  it('prefills an officer’s check from ?enterpriseId= in money of 万元, and saves nothing', async () => {
    const e = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    const [row] = await t.dataSource.query(portable('SELECT year, operating_revenue FROM annual_financials WHERE enterprise_id = ? AND operating_revenue IS NOT NULL ORDER BY year DESC LIMIT 1'), [e.id]);
    const page = await agent.get(`/eligibility/check?enterpriseId=${e.id}`).expect(200);
    expect(page.text).toContain(`value="${e.uscc}"`);
    if (row && Number(row.year) >= N - 4 && Number(row.year) <= N - 1) {
      const wan = (BigInt(row.operating_revenue) / 1_000_000n).toString();
      expect(page.text).toMatch(new RegExp(`name="operatingRevenue_${row.year}" value="${wan}(\\.\\d+)?"`));
    }
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM evaluation');
    await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, ...goldenForm() }).expect(200);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM evaluation');
    expect(Number(after)).toBe(Number(n));
  });

  it('prefills an enterprise user’s check from its own file', async () => {
    const uscc = t.demo.find((l) => l.role === 'enterprise')!.username;
    const own = await signIn(t, uscc);
    const page = await own.get('/eligibility/check').expect(200);
    expect(page.text).toContain(`id="uscc" name="uscc" value="${uscc}"`);
    // What the file prefills is valid input: posting the page as it stands evaluates.
    const values: Record<string, string> = { _csrf: csrfFrom(page.text) };
    for (const m of page.text.matchAll(/<input class="form-control[^"]*"(?: type="date")? id="[^"]+" name="([^"]+)" value="([^"]*)"/g)) values[m[1]!] = m[2]!;
    for (const m of page.text.matchAll(/<select class="form-select[^"]*" id="[^"]+" name="([^"]+)">(.*?)<\/select>/gs)) {
      const chosen = /<option value="([^"]*)" selected>/.exec(m[2]!);
      if (chosen) values[m[1]!] = chosen[1]!;
    }
    expect(Object.keys(values).length).toBeGreaterThan(10);
    const res = await own.post('/eligibility/check').type('form').send(values);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="self-check-result"');
  });

  it('an officer’s ?enterpriseId= outside the scope is 404', async () => {
    const [other] = await t.dataSource.query("SELECT id FROM enterprise WHERE district_code <> '120116' ORDER BY id LIMIT 1");
    await agent.get(`/eligibility/check?enterpriseId=${other.id}`).expect(404);
    await agent.get('/eligibility/check?enterpriseId=99999999').expect(404);
  });
});
