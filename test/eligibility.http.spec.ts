import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
let token: string;
let officerBinhai: string;

/** The facts example of api.md, with a valid USCC. */
const EXAMPLE = {
  asOf: '2026-03-31',
  enterprise: {
    uscc: '91310110666007217T', name: '示例科技', districtCode: '120116', establishedOn: '2019-05-20', industryCode: 'C3911',
    taxMode: 'audit', highTechField: 'electronic-information', flags: [{ kind: 'abnormal-operation', on: '2025-04-02' }], rdLedger: true,
  },
  financials: [{
    year: 2025, operatingRevenue: 12000000, salesRevenue: 12000000, mainBusinessRevenue: 11500000, totalIncome: 12300000, nonTaxableIncome: 0,
    investmentIncome: 0, highTechRevenue: 9000000, rdExpense: 900000, rdExpenseDomestic: 900000, totalCostAndExpense: 10000000,
    totalAssets: 30000000, totalLiabilities: 12000000, employees: 80, stStaff: 20, transformedAchievements: 2,
  }],
  ipAssets: [{ kind: 'invention-patent', number: 'ZL202110000001.2', status: 'valid', grantedOn: '2022-01-04', expiresOn: '2041-03-01', acquisition: 'own', usedInHighTechApplication: false, relatedToMainProducts: true }],
  qualifications: [{ kind: 'venture-investment', on: '2024-06-01', amount: 2000000 }],
  expertScores: { techAdvancement: 6, coreSupport: 6, acquisition: 5, standardsBonus: 0, rdManagement: 5, rdInstitution: 4, transformationIncentive: 3, talent: 3 },
  rdExpenseDetail: {
    year: 2025, personnel: 500000, directInputs: 200000, depreciation: 50000, amortization: 20000, design: 30000, other: 150000,
    contractedDomestic: 100000, contractedOverseas: 0, byProductIncome: 0, manufacturing: true, icOrMachineTool: false,
    projects: [{ name: '新一代传感器', activityType: 'new-product' }],
  },
};

beforeAll(async () => {
  t = await startTestApp();
  token = await tokenFor(t, 'manager');
  officerBinhai = await tokenFor(t, 'officer.binhai');
});
afterAll(async () => {
  await t?.close();
});

const evaluate = (body: unknown, who = token) => request(t.http).post('/api/v1/eligibility/evaluate').set('Authorization', `Bearer ${who}`).send(body as object);

type Criterion = { code: string; outcome: string; reference?: string };
const criterionOf = (body: { results: { criteria: Criterion[] }[] }, code: string) =>
  body.results.flatMap((r) => r.criteria).find((c) => c.code === code)!;

describe('POST /api/v1/eligibility/evaluate: the corrected rules (api.md, Facts)', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['listing of 2022 still in force', { flags: [{ kind: 'abnormal-operation', listedOn: '2022-03-01' }] }, 'YE-CREDIT', 'unmet'],
    ['listing removed before asOf', { flags: [{ kind: 'abnormal-operation', listedOn: '2022-03-01', removedOn: '2025-01-01' }] }, 'YE-CREDIT', 'met'],
    ['credit never checked', { flags: [], creditChecked: false }, 'YE-CREDIT', 'missing'],
    ['restricted category', { flags: [], restrictedCategory: true }, 'TS-INDUSTRY', 'unmet'],
    ['restricted category unknown', { flags: [] }, 'TS-INDUSTRY', 'missing'],
    ['IP not checked, none recorded', { flags: [], ipChecked: false }, 'LC-IP', 'missing'],
  ])('%s → %s %s', async (_name, enterprise, code, outcome) => {
    const body = { ...EXAMPLE, enterprise: { ...EXAMPLE.enterprise, ...enterprise }, ipAssets: enterprise.ipChecked === false ? [] : EXAMPLE.ipAssets };
    const res = await evaluate(body).expect(200);
    expect(criterionOf(res.body, code).outcome).toBe(outcome);
  });

  it('every criterion carries its reference; TS-TAX is retired and TS-REG reported', async () => {
    const res = await evaluate(EXAMPLE).expect(200);
    for (const r of res.body.results) for (const c of r.criteria) expect(c.reference).toEqual(expect.any(String));
    expect(criterionOf(res.body, 'HT-RD').reference).toBe('国科发火〔2016〕32号 第十一条（五）');
    const codes = res.body.results[0].criteria.map((c: Criterion) => c.code);
    expect(codes).toContain('TS-REG');
    expect(codes).not.toContain('TS-TAX');
  });

  it('the super-deduction takes project costs, fiscal funds and the claim year’s taxable income', async () => {
    const body = {
      ...EXAMPLE,
      financials: [{ ...EXAMPLE.financials[0], taxableIncome: -50000 }],
      rdExpenseDetail: { ...EXAMPLE.rdExpenseDetail, fiscalFunds: 10000, projects: [...EXAMPLE.rdExpenseDetail.projects, { activityType: 'routine-testing', costs: { personnel: 20000 } }] },
    };
    const sd = (await evaluate(body).expect(200)).body.results.find((r: { program: string }) => r.program === 'super-deduction');
    expect(sd.amount).toMatchObject({ excludedProjectCosts: 20000, fiscalFunds: 10000, taxSaving: 0, taxSavingDeferred: true });
  });

  it.each<[string, unknown, string]>([
    ['a flag without any date', { kind: 'abnormal-operation' }, 'enterprise.flags.0.on'],
    ['a malformed removal date', { kind: 'abnormal-operation', listedOn: '2022-03-01', removedOn: '2022-13-01' }, 'enterprise.flags.0.removedOn'],
  ])('400 for %s', async (_name, flag, field) => {
    const res = await evaluate({ ...EXAMPLE, enterprise: { ...EXAMPLE.enterprise, flags: [flag] } }).expect(400);
    expect(JSON.stringify(res.body.details)).toContain(field.split('.').pop()!);
  });
});

describe('POST /api/v1/eligibility/evaluate', () => {
  it('evaluates the api.md example for every programme with the contract shape', async () => {
    const res = await evaluate(EXAMPLE).expect(200);
    expect(res.body).toMatchObject({ asOf: '2026-03-31', evaluationYear: 2026 });
    const programs = res.body.results.map((r: { program: string }) => r.program);
    expect(programs).toEqual(['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction']);
    for (const r of res.body.results) {
      expect(['eligible', 'ineligible', 'incomplete']).toContain(r.outcome);
      expect(r.ruleSet).toEqual(expect.objectContaining({ version: expect.any(String), provisional: expect.any(Boolean) }));
      for (const c of r.criteria) {
        expect(['met', 'unmet', 'missing', 'uncertain']).toContain(c.outcome);
        expect(typeof c.explanation).toBe('string');
      }
    }
    const codes = res.body.results.flatMap((r: { criteria: { code: string }[] }) => r.criteria.map((c) => c.code));
    for (const code of ['YE-AGE', 'YE-REVENUE', 'YE-PATH-IP', 'YE-PATH-VC', 'GZ-GROWTH', 'LC-IP', 'LD-REVENUE', 'HT-SCORE', 'HT-RD', 'SD-TAX', 'TS-SIZE', 'TS-DIRECT']) {
      expect(codes).toContain(code);
    }
    // The abnormal-operation flag of 2025 fails the credit criterion of the municipal tiers.
    const ye = res.body.results.find((r: { program: string }) => r.program === 'young-eagle');
    expect(ye.criteria.find((c: { code: string }) => c.code === 'YE-CREDIT').outcome).toBe('unmet');
    const sd = res.body.results.find((r: { program: string }) => r.program === 'super-deduction');
    expect(sd.amount).toEqual(expect.objectContaining({ rate: 1, eitRate: 0.25 }));
    expect(res.body.ladder).toEqual(expect.objectContaining({ nextTier: expect.anything(), gap: expect.any(Array) }));
  });

  it('reports only the requested programmes, explained in the user’s language (Chinese by default)', async () => {
    const zh = await evaluate({ ...EXAMPLE, programs: ['young-eagle'] }).expect(200);
    expect(zh.body.results).toHaveLength(1);
    expect(zh.body.results[0].criteria[0].explanation).toMatch(/[\u4e00-\u9fa5]/);
  });

  it.each([
    ['a bad USCC', { enterprise: { ...EXAMPLE.enterprise, uscc: '91310110666007217A' } }, 'enterprise.uscc'],
    ['negative money', { financials: [{ ...EXAMPLE.financials[0], rdExpense: -1 }] }, 'financials[0].rdExpense'],
    ['a future year', { financials: [{ ...EXAMPLE.financials[0], year: 2026 }] }, 'financials[0].year'],
    ['an unknown enumeration value', { ipAssets: [{ ...EXAMPLE.ipAssets[0], kind: 'idea' }] }, 'ipAssets[0].kind'],
    ['an unknown programme', { programs: ['nobel'] }, 'programs'],
    ['an unknown property', { surprise: true }, 'surprise'],
    ['a string for a number', { financials: [{ ...EXAMPLE.financials[0], employees: 'many' }] }, 'financials[0].employees'],
  ])('%s → 400 with details, no partial evaluation', async (_n, patch, field) => {
    const res = await evaluate({ ...EXAMPLE, ...patch }).expect(400);
    expect(res.body.results).toBeUndefined();
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('requires authentication', async () => {
    await request(t.http).post('/api/v1/eligibility/evaluate').send(EXAMPLE).expect(401);
  });
});

describe('GET /api/v1/enterprises/:id/eligibility', () => {
  it('evaluates a stored file in scope, and 404 outside it', async () => {
    const repo = t.dataSource.getRepository(Enterprise);
    const binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    const nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
    const res = await request(t.http).get(`/api/v1/enterprises/${binhai.id}/eligibility?asOf=2026-06-30`).set('Authorization', `Bearer ${officerBinhai}`).expect(200);
    expect(res.body.evaluationYear).toBe(2026);
    // The seven programmes, the SRDI ladder's three and the R&D post-subsidy (a stored file is evaluated for every programme).
    expect(res.body.results).toHaveLength(11);
    await request(t.http).get(`/api/v1/enterprises/${nankai.id}/eligibility`).set('Authorization', `Bearer ${officerBinhai}`).expect(404);
    await request(t.http).get(`/api/v1/enterprises/${binhai.id}/eligibility?asOf=2026-13-01`).set('Authorization', `Bearer ${officerBinhai}`).expect(400);
  });

  it('changes when a stored figure changes (raising R&D raises the HNTE R&D ratio)', async () => {
    const repo = t.dataSource.getRepository(Enterprise);
    const binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
    const get = () => request(t.http).get(`/api/v1/enterprises/${binhai.id}/eligibility?asOf=2026-06-30`).set('Authorization', `Bearer ${officerBinhai}`).expect(200);
    const htRd = (body: { results: { program: string; criteria: { code: string; outcome: string }[] }[] }) =>
      body.results.find((r) => r.program === 'high-tech')!.criteria.find((c) => c.code === 'HT-RD')!;
    await request(t.http).put(`/api/v1/enterprises/${binhai.id}/financials/2025`).set('Authorization', `Bearer ${officerBinhai}`)
      .send({ salesRevenue: 10_000_000, rdExpense: 0 }).expect(200);
    await request(t.http).put(`/api/v1/enterprises/${binhai.id}/financials/2024`).set('Authorization', `Bearer ${officerBinhai}`)
      .send({ salesRevenue: 10_000_000, rdExpense: 0 }).expect(200);
    await request(t.http).put(`/api/v1/enterprises/${binhai.id}/financials/2023`).set('Authorization', `Bearer ${officerBinhai}`)
      .send({ salesRevenue: 10_000_000, rdExpense: 0 }).expect(200);
    expect(htRd((await get()).body).outcome).toBe('unmet');
    for (const year of [2023, 2024, 2025]) {
      await request(t.http).put(`/api/v1/enterprises/${binhai.id}/financials/${year}`).set('Authorization', `Bearer ${officerBinhai}`)
        .send({ rdExpense: 600_000 }).expect(200);
    }
    expect(htRd((await get()).body).outcome).toBe('met');
  });
});

describe('TS-INDUSTRY from the stored file (restrictedCategory)', () => {
  it.each<[string, boolean | null, string]>([
    ['established: not restricted', false, 'met'],
    ['established: restricted', true, 'unmet'],
    ['not established', null, 'missing'],
  ])('%s → TS-INDUSTRY %s', async (_name, restrictedCategory, outcome) => {
    const repo = t.dataSource.getRepository(Enterprise);
    const binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'DESC' } });
    const read = await request(t.http).get(`/api/v1/enterprises/${binhai.id}`).set('Authorization', `Bearer ${officerBinhai}`).expect(200);
    await request(t.http).patch(`/api/v1/enterprises/${binhai.id}`).set('Authorization', `Bearer ${officerBinhai}`)
      .send({ restrictedCategory, version: read.body.enterprise.version }).expect(200);
    const res = await request(t.http).get(`/api/v1/enterprises/${binhai.id}/eligibility?asOf=2026-06-30`).set('Authorization', `Bearer ${officerBinhai}`).expect(200);
    expect(criterionOf(res.body, 'TS-INDUSTRY').outcome).toBe(outcome);
    const after = await request(t.http).get(`/api/v1/enterprises/${binhai.id}`).set('Authorization', `Bearer ${officerBinhai}`).expect(200);
    expect(after.body.enterprise.restrictedCategory).toBe(restrictedCategory);
  });
});

describe('the eligibility panel (HTML)', () => {
  it('shows every programme with criterion codes, outcomes and the ladder, in scope only', async () => {
    const { signIn } = await import('./support/app.js');
    const repo = t.dataSource.getRepository(Enterprise);
    const binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'DESC' } });
    const nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${binhai.id}/eligibility?asOf=2026-06-30`).expect(200);
    for (const program of ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction']) {
      expect(page.text).toContain(`data-testid="outcome-${program}"`);
    }
    expect(page.text).toContain('HT-SCORE');
    expect(page.text).toContain('培育梯度');
    await agent.get(`/enterprises/${nankai.id}/eligibility`).expect(404);
  });

  it('shows actual values a person reads: no JSON, no raw ratios or enumeration keys', async () => {
    const { signIn } = await import('./support/app.js');
    const binhai = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'DESC' } });
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${binhai.id}/eligibility?asOf=2026-06-30`).expect(200);
    const cells = [...page.text.matchAll(/<td class="outcome-[a-z]+">[^<]*<\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
    expect(cells.length).toBeGreaterThan(20);
    for (const cell of cells) {
      expect(cell).not.toMatch(/[{}[\]]|&quot;|^0\.\d{3,}$|^(audit|deemed)$/);
    }
    expect(cells.some((c) => /\d\.\d%$/.test(c))).toBe(true);
  });
});
