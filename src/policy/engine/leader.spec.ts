import { describe, expect, it } from '@jest/globals';
import type { IpAssetFact, Outcome, Program } from './facts.js';
import { crit, drop, fy, large, outcomeOf, run, type Draft, plain } from './testing/fixtures.js';

const items = (kind: IpAssetFact['kind'], n: number, extra: Partial<IpAssetFact> = {}): IpAssetFact[] =>
  Array.from({ length: n }, (_, i) => ({ kind, number: `${kind}${i}`, status: 'valid', ...extra }));

describe.each<[Program, 'LC' | 'LD', number, number, number]>([
  ['leader-candidate', 'LC', 200_000_000, 15, 3],
  ['leader', 'LD', 500_000_000, 20, 5],
])('%s', (program, prefix, revenueMin, itemsMin, classIMin) => {
  it.each<[string, (f: Draft) => void, Outcome]>([
    ['exactly 3% (18M of 600M)', () => {}, 'met'],
    ['one yuan of R&D short', (f) => (fy(f, 2025).rdExpense = 17_999_999), 'unmet'],
    ['R&D missing', (f) => drop(f, 2025, 'rdExpense'), 'missing'],
    ['revenue 0', (f) => (fy(f, 2025).operatingRevenue = 0), 'missing'],
  ])(`${prefix}-RD %s`, (_name, patch, outcome) => {
    expect(outcomeOf(program, large(patch), `${prefix}-RD`)).toBe(outcome);
  });

  it.each<[string, number | undefined, Outcome]>([
    ['exactly the minimum', revenueMin, 'met'],
    ['one yuan below', revenueMin - 1, 'unmet'],
    ['missing', undefined, 'missing'],
  ])(`${prefix}-REVENUE %s`, (_name, revenue, outcome) => {
    const f = large((f) => (revenue === undefined ? drop(f, 2025, 'operatingRevenue') : (fy(f, 2025).operatingRevenue = revenue)));
    expect(outcomeOf(program, f, `${prefix}-REVENUE`)).toBe(outcome);
  });

  it.each<[string, (f: Draft) => void, Outcome]>([
    ['g = 0 exactly', (f) => [2023, 2024, 2025].forEach((y) => (fy(f, y).operatingRevenue = 600e6)), 'met'],
    ['g slightly negative', (f) => {
      [2023, 2024].forEach((y) => (fy(f, y).operatingRevenue = 600e6));
      fy(f, 2025).operatingRevenue = 599_999_999;
    }, 'unmet'],
    ['two years of operation', (f) => {
      f.enterprise.establishedOn = '2024-01-01';
      drop(f, 2023);
    }, 'met'],
    ['one year of operation', (f) => {
      f.enterprise.establishedOn = '2025-01-01';
      f.financials = f.financials.filter((r) => r.year === 2025);
    }, 'missing'],
    ['N-2 revenue 0', (f) => (fy(f, 2024).operatingRevenue = 0), 'missing'],
  ])(`${prefix}-GROWTH %s`, (_name, patch, outcome) => {
    expect(outcomeOf(program, large(patch), `${prefix}-GROWTH`)).toBe(outcome);
  });

  it.each<[string, IpAssetFact[], Outcome]>([
    [`${itemsMin} Class II items`, items('utility-model', itemsMin), 'met'],
    [`${itemsMin - 1} Class II items`, items('utility-model', itemsMin - 1), 'unmet'],
    [`${classIMin} Class I items`, items('invention-patent', classIMin), 'met'],
    [`${classIMin - 1} Class I items`, items('invention-patent', classIMin - 1), 'unmet'],
    ['trademarks do not count', [...items('utility-model', itemsMin - 1), ...items('trademark', 10)], 'unmet'],
    ['expired items do not count', [...items('utility-model', itemsMin - 1), ...items('utility-model', 1, { expiresOn: '2026-01-01' })], 'unmet'],
    ['mixed classes add up', [...items('invention-patent', classIMin - 1), ...items('software-copyright', itemsMin - classIMin + 1)], 'met'],
  ])(`${prefix}-IP %s`, (_name, ip, outcome) => {
    expect(outcomeOf(program, large((f) => (f.ipAssets = ip)), `${prefix}-IP`)).toBe(outcome);
  });

  it(`${prefix} programme outcomes`, () => {
    expect(run(program, large()).outcome).toBe('eligible');
    expect(run(program, large((f) => (fy(f, 2025).operatingRevenue = revenueMin - 1))).outcome).toBe('ineligible');
    expect(run(program, large((f) => drop(f, 2024, 'operatingRevenue'))).outcome).toBe('incomplete');
    expect(run(program, large()).criteria.map((c) => c.code)).toEqual(
      ['REG', 'CREDIT', 'RD', 'REVENUE', 'GROWTH', 'IP'].map((s) => `${prefix}-${s}`),
    );
    expect(run(program, large()).ruleSet.provisional).toBe(false);
  });
});

describe('leader-candidate explanations', () => {
  it('LC-RD: the gap in the enterprise’s own numbers (rules.md §0 example)', () => {
    const f = large((f) => Object.assign(fy(f, 2025), { operatingRevenue: 200_000_000, rdExpense: 4_200_000 }));
    const zh = crit(run('leader-candidate', f), 'LC-RD');
    const en = crit(run('leader-candidate', f, { locale: 'en' }), 'LC-RD');
    expect(plain(zh.explanation)).toBe('研发投入强度 2.1%，需达到 3.0%：还差 0.9 个百分点，按上年营业收入约需增加研发投入 180 万元（2025 年研发投入 420 万元，营业收入 2 亿元）');
    expect(plain(en.explanation)).toBe("R&D intensity 2.1%, needs 3.0%: +0.9 pp, about ¥1.8M more R&D at last year's revenue (2025: R&D ¥4.2M, revenue ¥200M)");
    expect(zh.shortfall).toEqual({ ratio: 0.009, amount: 1_800_000, unit: 'yuan' });
    expect(zh.actual).toBe(0.021);
  });

  it('LC-IP: reports the smaller of the two ways', () => {
    const c = crit(run('leader-candidate', large((f) => (f.ipAssets = items('invention-patent', 2)))), 'LC-IP');
    expect(c.shortfall).toEqual({ count: 1, unit: 'class-i-items' });
    const d = crit(run('leader-candidate', large((f) => (f.ipAssets = items('utility-model', 14)))), 'LC-IP');
    expect(d.shortfall).toEqual({ count: 1, unit: 'items' });
  });
});
