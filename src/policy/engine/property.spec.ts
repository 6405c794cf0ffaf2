import { describe, expect, it } from '@jest/globals';
import { evaluate } from './evaluate.js';
import {
  ACTIVITY_TYPES,
  FLAG_KINDS,
  HIGH_TECH_FIELDS,
  IP_KINDS,
  IP_STATUSES,
  TIERS,
  type Facts,
  type FinancialYear,
  type IpAssetFact,
  type QualificationFact,
  type RdExpenseDetail,
} from './facts.js';
import type { HtScore } from './ht-score.js';
import { gapItems } from './ladder.js';
import { DEFAULT_PARAMS } from './params.js';
import { DEFAULT_RULE_SETS } from './rule-sets.js';
import { superDeductionAmount, superDeductionRate } from './sd-amount.js';
import { int, prng } from './testing/fixtures.js';
import type { TsScore } from './ts-score.js';

/**
 * Properties over pseudo-random enterprise files (deterministic seeds, so a failure reproduces).
 * Figures are sometimes left out to exercise the `missing` paths.
 */
type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, 0, xs.length - 1)]!;
const maybe = <T>(rand: Rand, p: number, v: T): T | undefined => (rand() < p ? v : undefined);

function randomYear(rand: Rand, year: number, scale: number): FinancialYear {
  const revenue = int(rand, 0, 10) === 0 ? 0 : Math.round(scale * (0.5 + rand()));
  const f: FinancialYear = {
    year,
    operatingRevenue: maybe(rand, 0.95, revenue),
    salesRevenue: maybe(rand, 0.95, revenue),
    mainBusinessRevenue: maybe(rand, 0.9, Math.round(revenue * rand())),
    totalIncome: maybe(rand, 0.9, Math.round(revenue * (1 + rand() * 0.1))),
    nonTaxableIncome: maybe(rand, 0.9, Math.round(revenue * rand() * 0.05)),
    investmentIncome: maybe(rand, 0.9, Math.round(revenue * rand() * 0.05)),
    highTechRevenue: maybe(rand, 0.9, Math.round(revenue * rand())),
    rdExpense: maybe(rand, 0.95, Math.round(revenue * rand() * 0.1)),
    totalCostAndExpense: maybe(rand, 0.9, Math.round(revenue * (0.5 + rand() * 0.5))),
    totalAssets: maybe(rand, 0.9, Math.round(scale * (1 + rand()))),
    totalLiabilities: maybe(rand, 0.9, Math.round(scale * rand())),
    employees: maybe(rand, 0.95, int(rand, 0, 1200)),
    transformedAchievements: maybe(rand, 0.9, int(rand, 0, 7)),
  };
  if (f.rdExpense !== undefined) f.rdExpenseDomestic = maybe(rand, 0.9, Math.round(f.rdExpense * rand()));
  if (f.employees !== undefined) f.stStaff = maybe(rand, 0.9, int(rand, 0, f.employees));
  return f;
}

export function randomFacts(rand: Rand): Facts {
  const first = int(rand, 2012, 2026);
  const scale = pick(rand, [1e5, 1e6, 1e7, 1e8, 1e9]);
  const financials: FinancialYear[] = [];
  for (let y = Math.max(first, 2020); y <= 2025; y++) if (rand() < 0.9) financials.push(randomYear(rand, y, scale * (1 + (y - 2020) * rand() * 0.3)));
  const ipAssets: IpAssetFact[] = Array.from({ length: int(rand, 0, 25) }, (_, i) => ({
    kind: pick(rand, IP_KINDS),
    number: `R${i}`,
    status: pick(rand, IP_STATUSES),
    expiresOn: maybe(rand, 0.7, `${int(rand, 2024, 2040)}-06-30`),
    acquisition: maybe(rand, 0.8, pick(rand, ['own', 'acquired'] as const)),
    usedInHighTechApplication: maybe(rand, 0.5, rand() < 0.3),
    relatedToMainProducts: maybe(rand, 0.7, rand() < 0.6),
  }));
  const qualifications: QualificationFact[] = Array.from({ length: int(rand, 0, 4) }, () =>
    pick<QualificationFact>(rand, [
      { kind: 'hnte-certificate', on: `${int(rand, 2020, 2026)}-01-15` },
      { kind: 'venture-investment', amount: maybe(rand, 0.9, int(rand, 1, 8) * 1e6), on: maybe(rand, 0.9, `${int(rand, 2020, 2026)}-03-01`) },
      { kind: 'st-award', level: maybe(rand, 0.9, pick(rand, ['national', 'provincial'] as const)), unitRank: maybe(rand, 0.9, int(rand, 1, 6)), on: `${int(rand, 2018, 2026)}-05-01` },
      { kind: 'contest-award', level: pick(rand, ['national', 'provincial'] as const), rank: pick(rand, ['excellence', 'third', 'second', 'first'] as const) },
      { kind: 'standard-drafting', level: pick(rand, ['national', 'group'] as const), drafterRank: int(rand, 1, 8), on: '2023-01-01' },
    ]),
  );
  const detail: RdExpenseDetail = {
    year: pick(rand, [2021, 2022, 2024, 2025]),
    personnel: int(rand, 0, 5e6),
    directInputs: maybe(rand, 0.9, int(rand, 0, 3e6)),
    depreciation: maybe(rand, 0.9, int(rand, 0, 1e6)),
    amortization: maybe(rand, 0.9, int(rand, 0, 1e6)),
    design: maybe(rand, 0.9, int(rand, 0, 1e6)),
    other: maybe(rand, 0.9, int(rand, 0, 2e6)),
    contractedDomestic: maybe(rand, 0.9, int(rand, 0, 2e6)),
    contractedOverseas: maybe(rand, 0.9, int(rand, 0, 4e6)),
    byProductIncome: maybe(rand, 0.9, int(rand, 0, 2e6)),
    manufacturing: rand() < 0.5,
    icOrMachineTool: rand() < 0.2,
    projects: Array.from({ length: int(rand, 0, 3) }, () => ({ activityType: pick(rand, ACTIVITY_TYPES) })),
  };
  return {
    enterprise: {
      districtCode: maybe(rand, 0.95, pick(rand, ['120116', '120104', '110105'])),
      establishedOn: maybe(rand, 0.95, `${first}-0${int(rand, 1, 9)}-1${int(rand, 0, 9)}`),
      industryCode: maybe(rand, 0.9, pick(rand, ['C3911', 'F5123', 'K7010', 'I6510'])),
      taxMode: maybe(rand, 0.95, rand() < 0.9 ? 'audit' : 'deemed'),
      highTechField: maybe(rand, 0.9, rand() < 0.9 ? pick(rand, HIGH_TECH_FIELDS) : null),
      flags: rand() < 0.2 ? [{ kind: pick(rand, FLAG_KINDS), on: `${int(rand, 2023, 2026)}-02-0${int(rand, 1, 9)}` }] : [],
      rdLedger: maybe(rand, 0.9, rand() < 0.8),
    },
    financials,
    ipAssets,
    qualifications,
    expertScores: rand() < 0.5 ? {} : { techAdvancement: int(rand, 0, 8), coreSupport: int(rand, 0, 8), rdManagement: int(rand, 0, 6), talent: int(rand, 0, 4) },
    rdExpenseDetail: rand() < 0.8 ? detail : undefined,
  };
}

const AS_OF = '2026-03-31';
const CASES = 400;

describe('properties over random enterprise files', () => {
  it('evaluate never throws, and a programme is eligible exactly when nothing stands in its way', () => {
    const rand = prng(1);
    for (let i = 0; i < CASES; i++) {
      const res = evaluate({ asOf: AS_OF, facts: randomFacts(rand) }, DEFAULT_RULE_SETS);
      for (const r of res.results) {
        const blocking = gapItems(r);
        if (r.outcome === 'eligible') expect(blocking).toEqual([]);
        else expect(blocking.length).toBeGreaterThan(0);
        // Ineligible exactly when a blocking criterion is unmet — for alternatives, when every one of them is.
        const decisive = blocking.some((g) => {
          if (g.outcome !== 'unmet') return false;
          const group = r.criteria.find((c) => c.code === g.code)!.anyOf;
          return !group || group.every((code) => r.criteria.find((c) => c.code === code)!.outcome === 'unmet');
        });
        expect(r.outcome === 'ineligible').toBe(decisive);
        for (const c of r.criteria) if (c.outcome === 'missing') expect(c.missing?.length ?? 0).toBeGreaterThan(0);
      }
    }
  });

  it('ladder: the highest eligible rung is eligible, none above it is, and the next rung is the one above', () => {
    const rand = prng(2);
    for (let i = 0; i < CASES; i++) {
      const res = evaluate({ asOf: AS_OF, facts: randomFacts(rand) }, DEFAULT_RULE_SETS);
      const outcome = (t: string) => res.results.find((r) => r.program === t)!.outcome;
      const h = res.ladder.highestEligibleTier;
      const hi = h === null ? -1 : TIERS.indexOf(h);
      if (h !== null) expect(outcome(h)).toBe('eligible');
      for (let k = hi + 1; k < TIERS.length; k++) expect(outcome(TIERS[k]!)).not.toBe('eligible');
      expect(res.ladder.nextTier).toBe(TIERS[hi + 1] ?? null);
    }
  });

  it.each([['YE-REVENUE'], ['GZ-REVENUE'], ['LC-REVENUE'], ['LD-REVENUE']])('%s: raising N-1 revenue never turns met into unmet', (code) => {
    const rand = prng(3);
    const program = { YE: 'young-eagle', GZ: 'gazelle', LC: 'leader-candidate', LD: 'leader' }[code.slice(0, 2)] as 'young-eagle';
    for (let i = 0; i < CASES; i++) {
      const facts = randomFacts(rand);
      const before = evaluate({ asOf: AS_OF, programs: [program], facts }, DEFAULT_RULE_SETS).results[0]!.criteria.find((c) => c.code === code)!;
      if (before.outcome !== 'met') continue;
      const n1 = facts.financials!.find((f) => f.year === 2025)!;
      const raised: Facts = { ...facts, financials: facts.financials!.map((f) => (f === n1 ? { ...f, operatingRevenue: f.operatingRevenue! + int(rand, 1, 1e9) } : f)) };
      const after = evaluate({ asOf: AS_OF, programs: [program], facts: raised }, DEFAULT_RULE_SETS).results[0]!.criteria.find((c) => c.code === code)!;
      expect(after.outcome).toBe('met');
    }
  });

  it('LC-GROWTH: raising N-1 revenue never turns met into unmet', () => {
    const rand = prng(4);
    for (let i = 0; i < CASES; i++) {
      const facts = randomFacts(rand);
      const get = (f: Facts) => evaluate({ asOf: AS_OF, programs: ['leader-candidate'], facts: f }, DEFAULT_RULE_SETS).results[0]!.criteria[4]!;
      if (get(facts).outcome !== 'met') continue;
      const raised: Facts = { ...facts, financials: facts.financials!.map((f) => (f.year === 2025 ? { ...f, operatingRevenue: f.operatingRevenue! * (1 + rand()) + 1 } : f)) };
      expect(get(raised).outcome).toBe('met');
    }
  });

  it('SD amount: never negative, never above rate × expenses, tax saving never above the deduction', () => {
    const rand = prng(5);
    const p = DEFAULT_PARAMS['super-deduction'];
    for (let i = 0; i < 2000; i++) {
      const d = (randomFacts(rand).rdExpenseDetail ?? { personnel: int(rand, 0, 1e6) }) as RdExpenseDetail;
      const year = int(rand, 2015, 2030);
      const a = superDeductionAmount(d, year, pick(rand, [0.15, 0.25]), p);
      const expenses =
        (d.personnel ?? 0) + (d.directInputs ?? 0) + (d.depreciation ?? 0) + (d.amortization ?? 0) + (d.design ?? 0) + (d.other ?? 0) + (d.contractedDomestic ?? 0) + (d.contractedOverseas ?? 0);
      const rate = superDeductionRate(year, d, p).rate.toNumber();
      expect(a.base).toBeGreaterThanOrEqual(0);
      expect(a.extraDeduction).toBeGreaterThanOrEqual(0);
      expect(a.base).toBeLessThanOrEqual(expenses);
      expect(a.extraDeduction).toBeLessThanOrEqual(rate * expenses + 0.01);
      expect(a.taxSaving).toBeLessThanOrEqual(a.extraDeduction);
      expect(a.allowedOther).toBeLessThanOrEqual(a.otherCap);
      expect(a.contractedOverseasAllowed).toBeLessThanOrEqual(((a.qualifyingExpenses + a.allowedOther + a.contractedDomesticAllowed) * 2) / 3 + 0.01);
    }
  });

  it('SD amount: more personnel cost never lowers the base', () => {
    const rand = prng(6);
    const p = DEFAULT_PARAMS['super-deduction'];
    for (let i = 0; i < 1000; i++) {
      const d = (randomFacts(rand).rdExpenseDetail ?? { personnel: 0 }) as RdExpenseDetail;
      const more = { ...d, personnel: (d.personnel ?? 0) + int(rand, 1, 1e6) };
      expect(superDeductionAmount(more, 2025, 0.25, p).base).toBeGreaterThanOrEqual(superDeductionAmount(d, 2025, 0.25, p).base);
    }
  });

  it('HT score: 0 ≤ min ≤ max ≤ 100, and expert scores only narrow the range', () => {
    const rand = prng(7);
    for (let i = 0; i < CASES; i++) {
      const facts = randomFacts(rand);
      const ht = (f: Facts) => evaluate({ asOf: AS_OF, programs: ['high-tech'], facts: f }, DEFAULT_RULE_SETS).results[0]!.score as HtScore;
      const open = ht({ ...facts, expertScores: {} });
      const judged = ht({
        ...facts,
        expertScores: {
          techAdvancement: int(rand, 0, 8),
          coreSupport: int(rand, 0, 8),
          acquisition: int(rand, 0, 6),
          standardsBonus: int(rand, 0, 2),
          rdManagement: int(rand, 0, 6),
          rdInstitution: int(rand, 0, 6),
          transformationIncentive: int(rand, 0, 4),
          talent: int(rand, 0, 4),
        },
      });
      for (const s of [open, judged]) {
        expect(0 <= s.min && s.min <= s.max && s.max <= 100).toBe(true);
        expect(s.parts.ip.max).toBeLessThanOrEqual(30);
        expect(s.parts.transformation.max).toBeLessThanOrEqual(30);
        expect(s.parts.rdOrganisation.max).toBeLessThanOrEqual(20);
        expect(s.parts.growth.max).toBeLessThanOrEqual(20);
      }
      expect(judged.min).toBeGreaterThanOrEqual(open.min);
      expect(judged.max).toBeLessThanOrEqual(open.max);
    }
  });

  it('TS score: within 0–100, and more R&D never lowers the R&D part', () => {
    const rand = prng(8);
    for (let i = 0; i < CASES; i++) {
      const facts = randomFacts(rand);
      const ts = (f: Facts) => evaluate({ asOf: AS_OF, programs: ['tech-sme'], facts: f }, DEFAULT_RULE_SETS).results[0]!.score as TsScore;
      const s = ts(facts);
      expect(0 <= s.min && s.min <= s.max && s.max <= 100).toBe(true);
      if (s.total !== null) expect(s.total).toBe(s.min);
      const n1 = facts.financials!.find((f) => f.year === 2025);
      if (!n1 || n1.rdExpense === undefined || s.parts.rd === null) continue;
      const more: Facts = { ...facts, financials: facts.financials!.map((f) => (f === n1 ? { ...f, rdExpense: f.rdExpense! + int(rand, 1, 1e7) } : f)) };
      const after = ts(more);
      expect(after.parts.rd ?? 50).toBeGreaterThanOrEqual(s.parts.rd);
    }
  });

  it('locale changes words, never outcomes', () => {
    const rand = prng(9);
    for (let i = 0; i < 100; i++) {
      const facts = randomFacts(rand);
      const zh = evaluate({ asOf: AS_OF, facts }, DEFAULT_RULE_SETS, { locale: 'zh-CN' });
      const en = evaluate({ asOf: AS_OF, facts }, DEFAULT_RULE_SETS, { locale: 'en' });
      const strip = (r: typeof zh) => r.results.map((p) => p.criteria.map((c) => [c.code, c.outcome, c.actual, c.threshold, c.shortfall ?? null]));
      expect(strip(en)).toEqual(strip(zh));
      expect(en.ladder.highestEligibleTier).toBe(zh.ladder.highestEligibleTier);
    }
  });
});
