import { describe, expect, it } from '@jest/globals';
import type { RpAmount } from './criteria-shapes.js';
import { evaluate } from './evaluate.js';
import { type Outcome } from './facts.js';
import { CRITERIA_BY_PROGRAM } from './labels.js';
import { validateParams } from './params.js';
import { rdPostSubsidyAmount } from './rd-post-subsidy.js';
import { RP_CATALOGUE_KEYS } from './rd-post-subsidy-messages.js';
import { DEFAULT_RULE_SETS, RULE_SETS_2026_1, type RuleSets } from './rule-sets.js';
import { AS_OF, fy, golden, type Draft } from './testing/fixtures.js';

/** Golden at AS_OF (N-1 = 2025): Tianjin, HNTE 2024-11-01, ledger of 2025, R&D 800,000 → 1,000,000. */
type Patch = (f: Draft) => void;
const N1 = 2025;
const run = (f: Draft, opts: { asOf?: string; ruleSets?: RuleSets; locale?: 'zh-CN' | 'en' } = {}) => {
  const r = evaluate({ asOf: opts.asOf ?? AS_OF, programs: ['rd-post-subsidy'], facts: f }, opts.ruleSets ?? DEFAULT_RULE_SETS, { locale: opts.locale });
  return r.results[0]!;
};
const outcome = (f: Draft, code: string, opts: Parameters<typeof run>[1] = {}): Outcome => run(f, opts).criteria.find((c) => c.code === code)!.outcome;
const noStatus: Patch = (f) => ((f.qualifications = []), (f.techSmeListings = []), (f.enterprise.qualificationsChecked = true));
const amountOf = (f: Draft, ruleSets?: RuleSets) => run(f, { ruleSets }).amount as RpAmount | undefined;

describe('rd-post-subsidy criteria (rules.md §8)', () => {
  it.each<[string, Patch, Outcome]>([
    ['district 120116 (Tianjin)', () => undefined, 'met'],
    ['district 110105 (Beijing)', (f) => (f.enterprise.districtCode = '110105'), 'unmet'],
    ['district unknown', (f) => delete f.enterprise.districtCode, 'missing'],
  ])('RP-REG %s', (_n, patch, o) => {
    expect(outcome(golden(patch), 'RP-REG')).toBe(o);
  });

  it.each<[string, Patch, Outcome]>([
    ['HNTE certificate from 2024-11-01', () => undefined, 'met'],
    ['HNTE certificate issued on the last day of N-1', (f) => (f.qualifications = [{ kind: 'hnte-certificate', on: '2025-12-31' }]), 'met'],
    ['HNTE certificate issued on the first day of N', (f) => (noStatus(f), f.qualifications.push({ kind: 'hnte-certificate', on: '2026-01-01' })), 'unmet'],
    ['HNTE certificate ended on the first day of N-1', (f) => (noStatus(f), f.qualifications.push({ kind: 'hnte-certificate', on: '2022-01-01', validUntil: '2025-01-01' })), 'met'],
    ['HNTE certificate ended on the last day of N-2', (f) => (noStatus(f), f.qualifications.push({ kind: 'hnte-certificate', on: '2021-12-31', validUntil: '2024-12-31' })), 'unmet'],
    ['tech-SME listing of N-1', (f) => (noStatus(f), (f.techSmeListings = [{ validFrom: '2025-04-01' }])), 'met'],
    ['tech-SME listing of N-2 only (runs to its year end)', (f) => (noStatus(f), (f.techSmeListings = [{ validFrom: '2024-04-01' }])), 'unmet'],
    ['tech-SME listing until the first day of N-1', (f) => (noStatus(f), (f.techSmeListings = [{ validFrom: '2024-04-01', validUntil: '2025-01-01' }])), 'met'],
    ['the N-1 ledger declares a registered tech-SME, no listing (a declaration is not the registry)', (f) => (noStatus(f), (f.rdExpenseDetail.techSme = true)), 'unmet'],
    ['neither, both lists checked', noStatus, 'unmet'],
    ['neither, listings unknown', (f) => (noStatus(f), delete f.techSmeListings), 'missing'],
    ['neither, qualifications not checked', (f) => (noStatus(f), (f.enterprise.qualificationsChecked = false)), 'missing'],
  ])('RP-STATUS %s', (_n, patch, o) => {
    expect(outcome(golden(patch), 'RP-STATUS')).toBe(o);
  });

  it.each<[string, Patch, Outcome]>([
    ['ledger of N-1 on file', () => undefined, 'met'],
    ['ledger without a year (N-1 by default)', (f) => delete f.rdExpenseDetail.year, 'met'],
    ['latest ledger is of N-2', (f) => (f.rdExpenseDetail.year = 2024), 'unmet'],
    ['no ledger, declared none kept', (f) => ((f as { rdExpenseDetail?: unknown }).rdExpenseDetail = undefined, (f.enterprise.rdLedger = false)), 'unmet'],
    ['no ledger, ledger kept but not supplied', (f) => ((f as { rdExpenseDetail?: unknown }).rdExpenseDetail = undefined), 'missing'],
    ['no ledger, unknown', (f) => ((f as { rdExpenseDetail?: unknown }).rdExpenseDetail = undefined, delete f.enterprise.rdLedger), 'missing'],
  ])('RP-CLAIMED %s', (_n, patch, o) => {
    expect(outcome(golden(patch), 'RP-CLAIMED')).toBe(o);
  });

  it.each<[string, Patch, Outcome]>([
    ['R&D 1,000,000 over 800,000', () => undefined, 'met'],
    ['one fen above N-2', (f) => (fy(f, N1).rdExpense = 800_000.01), 'met'],
    ['equal to N-2', (f) => (fy(f, N1).rdExpense = 800_000), 'unmet'],
    ['below N-2', (f) => (fy(f, N1).rdExpense = 700_000), 'unmet'],
    ['R&D of N-1 unknown', (f) => delete fy(f, N1).rdExpense, 'missing'],
    ['R&D of N-2 unknown', (f) => delete fy(f, N1 - 1).rdExpense, 'missing'],
  ])('RP-GROWTH %s', (_n, patch, o) => {
    expect(outcome(golden(patch), 'RP-GROWTH')).toBe(o);
  });

  it('RP-GROWTH unmet reports the R&D to add (one fen above N-2)', () => {
    const c = run(golden((f) => (fy(f, N1).rdExpense = 700_000))).criteria.find((x) => x.code === 'RP-GROWTH')!;
    expect(c.shortfall).toEqual({ amount: 100_000.01, unit: 'yuan' });
  });
});

describe('rd-post-subsidy amount: min(10% × increase, 1,000,000)', () => {
  it.each<[string, number, number, number, boolean]>([
    ['golden: 10% of 200,000', 1_000_000, 800_000, 20_000, false],
    ['one fen of growth: 0.001 → rounded to 0.00', 800_000.01, 800_000, 0, false],
    ['increase 10,000,000: exactly the cap', 10_800_000, 800_000, 1_000_000, false],
    ['increase 10,000,010: capped', 10_800_010, 800_000, 1_000_000, true],
    ['increase 9,999,990: just under the cap', 10_799_990, 800_000, 999_999, false],
    ['fractional: 10% of 123,456.78', 923_456.78, 800_000, 12_345.68, false],
  ])('%s', (_n, rd, prior, subsidy, capped) => {
    const a = amountOf(golden((f) => ((fy(f, N1).rdExpense = rd), (fy(f, N1 - 1).rdExpense = prior))));
    expect([a?.subsidy, a?.capped]).toEqual([subsidy, capped]);
  });

  it.each<[string, Patch, boolean]>([
    ['eligible: amount reported', () => undefined, true],
    ['incomplete (status unknown): amount kept as an estimate', (f) => (noStatus(f), delete f.techSmeListings), true],
    ['ineligible (outside Tianjin): no amount', (f) => (f.enterprise.districtCode = '110105'), false],
    ['no growth: no amount', (f) => (fy(f, N1).rdExpense = 800_000), false],
  ])('%s', (_n, patch, has) => {
    expect(amountOf(golden(patch)) !== undefined).toBe(has);
  });

  it('the pure arithmetic: no growth gives 0', () => {
    expect(rdPostSubsidyAmount(2025, 100, 200, DEFAULT_RULE_SETS['rd-post-subsidy']!.params)).toMatchObject({ increase: -100, subsidy: 0, capped: false });
  });

  it('an administrator edit changes the amount with no code change (rate 20%, cap 30,000)', () => {
    const rs = structuredClone(DEFAULT_RULE_SETS);
    Object.assign(rs['rd-post-subsidy']!.params, { rate: 0.2, cap: 30_000 });
    expect(amountOf(golden(), rs)).toMatchObject({ subsidy: 30_000, capped: true, rate: 0.2 });
  });
});

describe('rd-post-subsidy programme', () => {
  it('golden: eligible, criteria in order, provisional, referenced, explained', () => {
    const r = run(golden());
    expect(r.outcome).toBe('eligible');
    expect(r.criteria.map((c) => c.code)).toEqual(CRITERIA_BY_PROGRAM['rd-post-subsidy']);
    expect(r.ruleSet).toEqual({ version: 'default', provisional: true });
    expect(r.criteria.find((c) => c.code === 'RP-GROWTH')!.provisional).toBe(true);
    for (const c of r.criteria) {
      expect(c.reference).toContain('Tianjin programme rules (provisional)');
      expect(c.explanation.length).toBeGreaterThan(0);
    }
    expect(r.amount).toMatchObject({ kind: 'rd-post-subsidy', year: 2025, rdExpense: 1_000_000, priorRdExpense: 800_000, increase: 200_000, subsidy: 20_000 });
  });

  it.each<[string, string, boolean]>([
    ['the day before 2023-01-01', '2022-12-31', true],
    ['2023-01-01', '2023-01-01', false],
  ])('not-applicable on %s: %s', (_n, asOf, na) => {
    const r = run(golden(), { asOf });
    expect(r.outcome === 'not-applicable').toBe(na);
  });

  it('a default request does not report it; naming it does; 2026.1 rule sets lack it', () => {
    expect(evaluate({ asOf: AS_OF, facts: golden() }, DEFAULT_RULE_SETS).results.map((r) => r.program)).not.toContain('rd-post-subsidy');
    expect(evaluate({ asOf: AS_OF, programs: ['rd-post-subsidy', 'tech-sme'], facts: golden() }, RULE_SETS_2026_1).results.map((r) => r.program)).toEqual(['tech-sme']);
  });

  it.each<[string, unknown, string[]]>([
    ['defaults validate', {}, []],
    ['a rate above 1', { rate: 1.5 }, ['rate']],
    ['a negative cap', { cap: -1 }, ['cap']],
  ])('params: %s', (_n, change, paths) => {
    expect(validateParams('rd-post-subsidy', { ...DEFAULT_RULE_SETS['rd-post-subsidy']!.params, ...(change as object) }, 'en').map((i) => i.path)).toEqual(paths);
  });

  it.each<['zh-CN' | 'en']>([['zh-CN'], ['en']])('explanations in %s for every outcome', (locale) => {
    for (const f of [golden(), golden((d) => (noStatus(d), (fy(d, N1).rdExpense = 1), (d.rdExpenseDetail.year = 2024))), golden((d) => delete fy(d, N1).rdExpense)])
      for (const c of run(f, { locale }).criteria) expect(c.explanation).not.toMatch(/undefined|NaN/);
    expect(RP_CATALOGUE_KEYS.explanations.length).toBe(6);
  });
});
