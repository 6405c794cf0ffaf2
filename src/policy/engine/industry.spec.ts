import { describe, expect, it } from '@jest/globals';
import type { FinancialYear, Outcome, Program } from './facts.js';
import { negativeListPrefix } from './industry.js';
import { DEFAULT_PARAMS } from './params.js';
import { DEFAULT_RULE_SETS, type RuleSets } from './rule-sets.js';
import { crit, drop, fy, golden, LEGACY, outcomeOf, run, plain } from './testing/fixtures.js';

const PREFIXES = DEFAULT_PARAMS['super-deduction'].negativeList.prefixes;

describe('negative-list prefixes (rules.md §4.2)', () => {
  it.each<[string, string | undefined]>([
    ['C1610', 'C16'],
    ['C3911', undefined],
    ['F5123', 'F51'],
    ['f5211', 'F52'],
    ['H6110', 'H61'],
    ['H6210', 'H62'],
    ['K7010', 'K70'],
    ['L7111', 'L71'],
    ['L7211', 'L72'],
    ['R9011', 'R90'],
    ['R8710', undefined],
    ['5123', 'F51'],
    ['I6510', undefined],
  ])('industry %s → %s', (code, prefix) => {
    expect(negativeListPrefix(code, PREFIXES)).toBe(prefix);
  });
});

// TS-INDUSTRY read the negative list only under 2026.1 (edition 1, N-1 = 2025; corrected: the State's
// restricted categories, tech-sme.spec); SD-INDUSTRY reads the claim year (rdExpenseDetail.year = 2025).
describe.each<[Program, string, RuleSets]>([
  ['tech-sme', 'TS-INDUSTRY', LEGACY],
  ['super-deduction', 'SD-INDUSTRY', DEFAULT_RULE_SETS],
])('%s %s', (program, code, ruleSets) => {
  const wholesale = (figures: Partial<FinancialYear>, drops: (keyof FinancialYear)[] = []) =>
    golden((f) => {
      f.enterprise.industryCode = 'F5123';
      Object.assign(fy(f, 2025), figures);
      for (const d of drops) drop(f, 2025, d);
    });
  // base = total − non-taxable − investment = 10,000,000
  const base = { totalIncome: 11_000_000, nonTaxableIncome: 600_000, investmentIncome: 400_000 };

  it.each<[string, () => ReturnType<typeof golden>, Outcome]>([
    ['industry not listed', () => golden(), 'met'],
    ['industry code unknown', () => golden((f) => delete f.enterprise.industryCode), 'missing'],
    ['listed, main business exactly 50%', () => wholesale({ ...base, mainBusinessRevenue: 5_000_000 }), 'met'],
    ['listed, main business 50% plus one yuan', () => wholesale({ ...base, mainBusinessRevenue: 5_000_001 }), 'unmet'],
    ['listed, main business 80%', () => wholesale({ ...base, mainBusinessRevenue: 8_000_000 }), 'unmet'],
    ['listed, main-business revenue missing', () => wholesale(base, ['mainBusinessRevenue']), 'missing'],
    ['listed, investment income missing', () => wholesale(base, ['investmentIncome']), 'missing'],
    ['listed, non-taxable income missing', () => wholesale(base, ['nonTaxableIncome']), 'missing'],
    ['listed, zero denominator', () => wholesale({ totalIncome: 1_000_000, nonTaxableIncome: 1_000_000, investmentIncome: 0, mainBusinessRevenue: 0 }), 'missing'],
    ['listed, no record for the year', () => golden((f) => ((f.enterprise.industryCode = 'K7010'), drop(f, 2025))), 'missing'],
  ])(`${code} %s`, (_name, make, outcome) => {
    expect(outcomeOf(program, make(), code, undefined, ruleSets)).toBe(outcome);
  });

  it(`${code} explains the share in both languages`, () => {
    const f = wholesale({ ...base, mainBusinessRevenue: 8_000_000 });
    expect(plain(crit(run(program, f, { ruleSets }), code).explanation)).toBe('行业代码 F5123 属负面清单行业（F51），2025 年主营业务收入占比 80.0%，超过 50.0%');
    expect(plain(crit(run(program, f, { locale: 'en', ruleSets }), code).explanation)).toBe(
      'Industry F5123 is on the negative list (F51) and its main business is 80.0% of 2025 revenue, above 50.0%',
    );
  });
});

it('SD-INDUSTRY reads the claim year, not N-1', () => {
  const f = golden((f) => {
    f.enterprise.industryCode = 'F5123';
    f.rdExpenseDetail.year = 2024;
    Object.assign(fy(f, 2024), { mainBusinessRevenue: 1_000_000, totalIncome: 13_000_000 });
    Object.assign(fy(f, 2025), { mainBusinessRevenue: 17_000_000 });
  });
  expect(outcomeOf('super-deduction', f, 'SD-INDUSTRY')).toBe('met');
  expect(outcomeOf('tech-sme', f, 'TS-INDUSTRY', undefined, LEGACY)).toBe('unmet');
});
