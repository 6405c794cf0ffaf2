import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { todayIso } from '../src/common/format.js';
import { AnnualFinancials } from '../src/enterprises/annual-financials.entity.js';
import { RdLedger } from '../src/enterprises/rd-ledger.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { evaluate } from '../src/policy/engine/evaluate.js';
import { DEFAULT_RULE_SETS } from '../src/policy/engine/rule-sets.js';
import { loadFacts } from '../src/policy/facts-loader.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
type Who = 'admin' | 'manager' | 'officer.binhai' | 'officer.nankai' | 'firm';
const api = (method: 'get' | 'post', path: string, who: Who) => request(t.http)[method](path).set('Authorization', `Bearer ${tokens[who]}`);
const N = Number(todayIso().slice(0, 4));
const N1 = N - 1;
let seq = 0;

function uscc(district: string): string {
  const first17 = `91${district}RP${String(++seq).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** A stored file eligible for the post-subsidy of N-1: Tianjin, tech-SME listed in N-1, ledger of N-1, R&D growing. */
async function eligibleFile(district: string, rdPrior: number, rd: number): Promise<number> {
  const { id } = (await api('post', '/api/v1/enterprises', 'admin').send({ uscc: uscc(district), name: `后补助测试企业${seq}`, districtCode: district, industryCode: 'C3911', taxMode: 'audit', establishedOn: '2015-03-01' }).expect(201)).body as { id: number };
  const ds = t.dataSource;
  await ds.getRepository(AnnualFinancials).insert([
    { enterpriseId: id, year: N1 - 1, rdExpense: rdPrior, operatingRevenue: 20_000_000 },
    { enterpriseId: id, year: N1, rdExpense: rd, operatingRevenue: 22_000_000 },
  ] as never);
  await ds.getRepository(RdLedger).insert({ enterpriseId: id, year: N1, personnel: rd, source: 'officer' } as never);
  await ds.getRepository(Recognition).insert({ enterpriseId: id, tier: 'tech-sme', year: N1, validFrom: `${N1}-03-01`, validUntil: `${N1}-12-31`, source: 'manual' } as never);
  return id;
}

interface Round { id: number; year: number; budget: number; status: string; totalRequested: number | null; totalGranted: number | null; scaled: boolean; factor: string | null; version: number; actions: { action: string; allowed: boolean; reasonKey: string | null }[] }
interface Claim { id: number; enterpriseId: number; districtCode: string; requested: number; granted: number; status: string; version: number; paidOn: string | null; paymentReference: string | null }

async function allClaims(roundId: number, who: Who): Promise<Claim[]> {
  const out: Claim[] = [];
  for (let page = 1; ; page++) {
    const res = await api('get', `/api/v1/rd-post-subsidy/rounds/${roundId}/claims?page=${page}&pageSize=100`, who).expect(200);
    out.push(...(res.body.items as Claim[]));
    if (out.length >= res.body.total || res.body.items.length === 0) return out;
  }
}

let binhai: number;
let nankai: number;

beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['admin', 'manager', 'officer.binhai', 'officer.nankai'] as const) tokens[who] = await tokenFor(t, who);
  tokens.firm = await tokenFor(t, t.demo.find((l) => l.role === 'enterprise')!.username);
  binhai = await eligibleFile('120116', 800_000, 1_000_000); // claims 20,000
  nankai = await eligibleFile('120104', 100_000, 20_100_000); // claims 2,000,000 → capped at 1,000,000
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('demo data (src/database/seed/demo-post-subsidy.ts)', () => {
  it('one open round for last year, and demo files eligible for it', async () => {
    const rounds = (await api('get', '/api/v1/rd-post-subsidy/rounds', 'manager').expect(200)).body as Round[];
    expect(rounds.filter((r) => r.year === N1).map((r) => r.status)).toEqual(['open']);
    const ids = ((await t.dataSource.query("SELECT DISTINCT enterprise_id AS id FROM recognition WHERE tier = 'tech-sme'")) as { id: unknown }[]).map((r) => Number(r.id));
    const facts = await loadFacts(t.dataSource, ids, N, todayIso());
    const outcomes = [...facts.values()].map((f) => evaluate({ asOf: todayIso(), programs: ['rd-post-subsidy'], facts: f }, DEFAULT_RULE_SETS).results[0]!.outcome);
    expect(outcomes).toContain('eligible');
  });
});

describe('POST /api/v1/eligibility/evaluate with rd-post-subsidy', () => {
  it('evaluates RP-REG, RP-STATUS, RP-CLAIMED, RP-GROWTH with the amount and rule set 2026.4', async () => {
    const body = {
      asOf: '2026-03-31', programs: ['rd-post-subsidy'],
      enterprise: { uscc: '91310110666007217T', name: '后补助示例', districtCode: '120116', rdLedger: true, qualificationsChecked: true },
      financials: [{ year: 2024, rdExpense: 800_000 }, { year: 2025, rdExpense: 1_000_000 }],
      rdExpenseDetail: { year: 2025, personnel: 1_000_000 },
      techSmeListings: [{ validFrom: '2025-04-01' }],
    };
    const res = await api('post', '/api/v1/eligibility/evaluate', 'manager').send(body).expect(200);
    const r = res.body.results[0];
    expect([r.program, r.outcome, r.ruleSet.version, r.ruleSet.provisional]).toEqual(['rd-post-subsidy', 'eligible', '2026.4', true]);
    expect(r.criteria.map((c: { code: string; outcome: string }) => [c.code, c.outcome])).toEqual([['RP-REG', 'met'], ['RP-STATUS', 'met'], ['RP-CLAIMED', 'met'], ['RP-GROWTH', 'met']]);
    expect(r.amount).toMatchObject({ subsidy: 20_000, increase: 200_000, rate: 0.1, cap: 1_000_000, capped: false });
  });

  it.each<[string, object, number]>([
    ['an unknown programme', { programs: ['rd-post-subsidy', 'nope'] }, 400],
    ['a listing without a date', { techSmeListings: [{}] }, 400],
  ])('%s', async (_n, change, status) => {
    await api('post', '/api/v1/eligibility/evaluate', 'manager').send({ asOf: '2026-03-31', enterprise: { districtCode: '120116' }, ...change }).expect(status);
  });
});

describe('rounds: lifecycle, scope, versions', () => {
  let round: Round;

  it.each<[string, Who, object, number]>([
    ['an officer may not open a round', 'officer.binhai', { year: N1 - 1, budget: 1000 }, 403],
    ['an enterprise may not open a round', 'firm', { year: N1 - 1, budget: 1000 }, 403],
    ['the current year has not ended', 'manager', { year: N, budget: 1000 }, 400],
    ['budget with three decimals', 'manager', { year: N1 - 1, budget: 1.001 }, 400],
    ['negative budget', 'manager', { year: N1 - 1, budget: -1 }, 400],
  ])('%s', async (_n, who, body, status) => {
    await api('post', '/api/v1/rd-post-subsidy/rounds', who).send(body).expect(status);
  });

  it('a manager opens a round for last year (or finds the demo one); a second one for the year → 409', async () => {
    const existing = ((await api('get', '/api/v1/rd-post-subsidy/rounds', 'manager').expect(200)).body as Round[]).find((r) => r.year === N1);
    round = existing ?? ((await api('post', '/api/v1/rd-post-subsidy/rounds', 'manager').send({ year: N1, budget: 500_000 }).expect(201)).body as Round);
    expect(round.status).toBe('open');
    await api('post', '/api/v1/rd-post-subsidy/rounds', 'manager').send({ year: N1, budget: 1 }).expect(409);
    const publish = round.actions.find((a) => a.action === 'publish');
    expect(publish?.allowed ?? false).toBe(false);
  });

  it('calculate: stale version → 409, officer → 403, unknown id → 404', async () => {
    await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/calculate`, 'manager').send({ version: round.version + 7 }).expect(409);
    await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/calculate`, 'officer.binhai').send({ version: round.version }).expect(403);
    await api('post', '/api/v1/rd-post-subsidy/rounds/999999/calculate', 'manager').send({ version: 1 }).expect(404);
    await api('post', '/api/v1/rd-post-subsidy/rounds/abc/calculate', 'manager').send({ version: 1 }).expect(404);
  });

  it('calculate collects the eligible files with their amounts and scales them to the budget, rounded down to the yuan', async () => {
    const res = await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/calculate`, 'manager').send({ version: round.version }).expect(200);
    round = res.body as Round;
    expect(round.status).toBe('calculated');
    const claims = await allClaims(round.id, 'manager');
    const mine = new Map(claims.map((c) => [c.enterpriseId, c]));
    expect(mine.get(binhai)?.requested).toBe(20_000);
    expect(mine.get(nankai)?.requested).toBe(1_000_000);
    const total = claims.reduce((s, c) => s + Math.round(c.requested * 100), 0);
    expect(round.totalRequested).toBe(total / 100);
    const budgetFen = Math.round(round.budget * 100);
    expect(round.scaled).toBe(total > budgetFen);
    expect(round.scaled).toBe(true); // the demo budget is below the demo claims alone
    if (round.budget === 500_000) expect([round.scaled, round.factor]).toEqual([true, (Number((BigInt(budgetFen) * 1_000_000n) / BigInt(total)) / 1e6).toFixed(6)]);
    for (const c of claims) {
      const expected = total > budgetFen ? Number((BigInt(Math.round(c.requested * 100)) * BigInt(budgetFen)) / (BigInt(total) * 100n)) : c.requested;
      expect(c.granted).toBe(expected);
    }
    expect(round.totalGranted! <= Math.max(round.budget, 0) || !round.scaled).toBe(true);
    const audit = await t.dataSource.getRepository(AuditEntry).findOneBy({ action: 'rdps.round.calculate', entityId: round.id } as never);
    expect(audit).not.toBeNull();
  });

  it.each<[string, Who, (c: Claim) => boolean]>([
    ['the Binhai officer sees Binhai claims only', 'officer.binhai', (c) => c.districtCode === '120116'],
    ['the Nankai officer sees Nankai claims only', 'officer.nankai', (c) => c.districtCode === '120104'],
    ['an enterprise sees its own only', 'firm', () => true],
  ])('%s', async (_n, who, ok) => {
    const claims = await allClaims(round.id, who);
    for (const c of claims) expect(ok(c)).toBe(true);
    if (who === 'officer.binhai') expect(claims.map((c) => c.enterpriseId)).toContain(binhai);
    if (who === 'officer.nankai') expect(claims.map((c) => c.enterpriseId)).not.toContain(binhai);
    if (who === 'firm') expect(claims.map((c) => c.enterpriseId)).not.toContain(binhai);
  });

  it('payment before publication → 409; publish: officer 403, stale 409, manager 200', async () => {
    const claim = (await allClaims(round.id, 'manager')).find((c) => c.enterpriseId === binhai)!;
    await api('post', `/api/v1/rd-post-subsidy/claims/${claim.id}/payment`, 'manager').send({ paidOn: todayIso(), reference: 'TJ-1', version: claim.version }).expect(409);
    await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/publish`, 'officer.binhai').send({ version: round.version }).expect(403);
    await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/publish`, 'manager').send({ version: round.version - 1 }).expect(409);
    round = (await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/publish`, 'manager').send({ version: round.version }).expect(200)).body as Round;
    expect(round.status).toBe('published');
    await api('post', `/api/v1/rd-post-subsidy/rounds/${round.id}/calculate`, 'manager').send({ version: round.version }).expect(409);
  });

  it('payment: officer 403, future date 400, stale 409, manager 200 (audited); the public list shows the factor', async () => {
    const claim = (await allClaims(round.id, 'manager')).find((c) => c.enterpriseId === binhai)!;
    await api('post', `/api/v1/rd-post-subsidy/claims/${claim.id}/payment`, 'officer.binhai').send({ paidOn: todayIso(), reference: 'TJ-1', version: claim.version }).expect(403);
    await api('post', `/api/v1/rd-post-subsidy/claims/${claim.id}/payment`, 'manager').send({ paidOn: `${N + 1}-01-01`, reference: 'TJ-1', version: claim.version }).expect(400);
    await api('post', `/api/v1/rd-post-subsidy/claims/${claim.id}/payment`, 'manager').send({ paidOn: todayIso(), reference: 'TJ-1', version: claim.version + 5 }).expect(409);
    await api('post', '/api/v1/rd-post-subsidy/claims/999999/payment', 'manager').send({ paidOn: todayIso(), reference: 'TJ-1', version: 1 }).expect(404);
    const paid = (await api('post', `/api/v1/rd-post-subsidy/claims/${claim.id}/payment`, 'manager').send({ paidOn: todayIso(), reference: 'TJ-1', version: claim.version }).expect(200)).body;
    expect([paid.status, paid.paymentReference]).toEqual(['paid', 'TJ-1']);
    expect(await t.dataSource.getRepository(AuditEntry).findOneBy({ action: 'rdps.claim.pay', entityId: claim.id } as never)).not.toBeNull();
    const list = await request(t.http).get(`/rd-post-subsidy/${N1}/list`).expect(200);
    expect(list.text).toContain('后补助测试企业');
    await request(t.http).get(`/rd-post-subsidy/${N1 - 5}/list`).expect(404);
  });

  it('the managers page shows the rounds, the scaling sentence and the claims', async () => {
    const agent = await signIn(t, 'manager');
    const page = await agent.get(`/rd-post-subsidy?round=${round.id}`).expect(200);
    expect(page.text).toContain('data-testid="rdps-claims"');
    expect(page.text).toContain('data-testid="rdps-scaling"');
    expect(csrfFrom(page.text).length).toBeGreaterThan(0);
  });
});
