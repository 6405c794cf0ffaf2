import { describe, expect, it } from '@jest/globals';
import { HIGH_TECH_FIELDS, type CreditFlag, type ExpertScores, type IpAssetFact, type Outcome } from './facts.js';
import type { HtScore } from './ht-score.js';
import { crit, drop, fy, golden, outcomeOf, run, type Draft, plain } from './testing/fixtures.js';

const ht = (patch: (f: Draft) => void, code: string, asOf?: string) => outcomeOf('high-tech', golden(patch), code, asOf);

/** Sales and R&D for 2023, 2024, 2025 (the golden enterprise operated in all three). */
const rdYears = (rows: [number, number][]) => (f: Draft) =>
  rows.forEach(([sales, rd], i) => Object.assign(fy(f, 2023 + i), { salesRevenue: sales, rdExpense: rd, rdExpenseDomestic: rd }));

describe('high-tech criteria', () => {
  it.each<[string | undefined, Outcome]>([
    ['2025-03-31', 'met'],
    ['2025-04-01', 'unmet'],
    ['2010-01-01', 'met'],
    [undefined, 'missing'],
  ])('HT-AGE established %s (asOf 2026-03-31)', (on, outcome) => {
    expect(ht((f) => (f.enterprise.establishedOn = on), 'HT-AGE')).toBe(outcome);
  });

  it('HT-AGE counts days across a leap year', () => {
    expect(ht((f) => (f.enterprise.establishedOn = '2024-03-01'), 'HT-AGE', '2025-03-01')).toBe('met');
    expect(ht((f) => (f.enterprise.establishedOn = '2024-03-02'), 'HT-AGE', '2025-03-01')).toBe('unmet');
  });

  it('HT-AGE says from when the enterprise may apply', () => {
    const c = crit(run('high-tech', golden((f) => (f.enterprise.establishedOn = '2025-06-01')), { locale: 'en' }), 'HT-AGE');
    expect(c.shortfall).toEqual({ count: 62, unit: 'days' });
    expect(plain(c.explanation)).toBe('Established 2025-06-01, only 303 days before the application date, needs 365: may apply from 2026-06-01');
  });

  const ip = (kind: IpAssetFact['kind'], extra: Partial<IpAssetFact> = {}): IpAssetFact => ({ kind, status: 'valid', ...extra });
  it.each<[string, IpAssetFact[], Outcome]>([
    ['a valid Class I item', [ip('invention-patent')], 'met'],
    ['a Class I item already used before (Class I may be reused)', [ip('invention-patent', { usedInHighTechApplication: true })], 'met'],
    ['an unused Class II item', [ip('software-copyright', { usedInHighTechApplication: false })], 'met'],
    ['a Class II item with no use recorded', [ip('design-patent')], 'met'],
    ['Class II items all used before', [ip('utility-model', { usedInHighTechApplication: true }), ip('design-patent', { usedInHighTechApplication: true })], 'unmet'],
    ['a trademark', [ip('trademark')], 'unmet'],
    ['an expired Class I item', [ip('invention-patent', { expiresOn: '2025-12-31' })], 'unmet'],
    ['nothing', [], 'unmet'],
  ])('HT-IP %s', (_name, assets, outcome) => {
    expect(ht((f) => (f.ipAssets = assets), 'HT-IP')).toBe(outcome);
  });

  it.each(HIGH_TECH_FIELDS.map((field) => [field]))('HT-FIELD %s is a key field', (field) => {
    expect(ht((f) => (f.enterprise.highTechField = field), 'HT-FIELD')).toBe('met');
  });

  it.each<[string, null | undefined, Outcome]>([
    ['declared none', null, 'unmet'],
    ['unknown', undefined, 'missing'],
  ])('HT-FIELD %s', (_name, field, outcome) => {
    expect(ht((f) => (f.enterprise.highTechField = field), 'HT-FIELD')).toBe(outcome);
  });

  it.each<[string, number | undefined, number | undefined, Outcome]>([
    ['exactly 10%', 10, 100, 'met'],
    ['one person below', 9, 100, 'unmet'],
    ['S&T staff missing', undefined, 100, 'missing'],
    ['zero employees', 0, 0, 'missing'],
  ])('HT-STAFF %s', (_name, staff, employees, outcome) => {
    expect(
      ht((f) => {
        Object.assign(fy(f, 2025), { stStaff: staff, employees });
        if (staff === undefined) drop(f, 2025, 'stStaff');
      }, 'HT-STAFF'),
    ).toBe(outcome);
  });

  it('HT-STAFF reports the S&T staff to hire', () => {
    const c = crit(run('high-tech', golden((f) => Object.assign(fy(f, 2025), { stStaff: 6, employees: 80 }))), 'HT-STAFF');
    // (0.1 × 80 − 6) / 0.9 = 2.2 → 3 (9/83 ≥ 10%, 8/82 < 10%)
    expect(c.shortfall).toMatchObject({ count: 3, unit: 'persons' });
  });

  it.each<[string, (f: Draft) => void, Outcome]>([
    ['N-1 sales 50M: 5% tier, exactly 5%', rdYears([[50e6, 2.5e6], [50e6, 2.5e6], [50e6, 2.5e6]]), 'met'],
    ['N-1 sales 50M: 5% tier, one yuan short', rdYears([[50e6, 2.5e6], [50e6, 2.5e6], [50e6, 2_499_999]]), 'unmet'],
    ['N-1 sales 50M + 1: 4% tier, 0.04 yuan short', rdYears([[50e6, 2e6], [50e6, 2e6], [50_000_001, 2e6]]), 'unmet'],
    ['N-1 sales 50M + 1: 4% tier, met', rdYears([[50e6, 2e6], [50e6, 2e6], [50_000_001, 2_000_001]]), 'met'],
    ['N-1 sales 200M: still the 4% tier', rdYears([[200e6, 8e6], [200e6, 8e6], [200e6, 8e6]]), 'met'],
    ['N-1 sales 200M: 4% tier, one yuan short', rdYears([[200e6, 8e6], [200e6, 8e6], [200e6, 7_999_999]]), 'unmet'],
    ['N-1 sales 200M + 1: 3% tier, 0.03 yuan short', rdYears([[200e6, 6e6], [200e6, 6e6], [200_000_001, 6e6]]), 'unmet'],
    ['N-1 sales 200M + 1: 3% tier, met', rdYears([[200e6, 6e6], [200e6, 6e6], [200_000_001, 6_000_001]]), 'met'],
    ['the ratio pools the years (a weak year is carried)', rdYears([[10e6, 0], [10e6, 1e6], [10e6, 0.5e6]]), 'met'],
    ['two years of operation: those two years', (f) => {
      f.enterprise.establishedOn = '2024-01-10';
      drop(f, 2023);
      drop(f, 2022);
      rdYears([])(f);
      Object.assign(fy(f, 2024), { salesRevenue: 10e6, rdExpense: 0.4e6 });
      Object.assign(fy(f, 2025), { salesRevenue: 10e6, rdExpense: 0.6e6 });
    }, 'met'],
    ['R&D of N-3 missing', (f) => drop(f, 2023, 'rdExpense'), 'missing'],
    ['N-1 sales missing (tier unknown)', (f) => drop(f, 2025, 'salesRevenue'), 'missing'],
    ['no sales at all', rdYears([[0, 0], [0, 0], [0, 1]]), 'missing'],
  ])('HT-RD %s', (_name, patch, outcome) => {
    expect(ht(patch, 'HT-RD')).toBe(outcome);
  });

  it('HT-RD names the tier it applied', () => {
    const c = crit(run('high-tech', golden(rdYears([[50e6, 2e6], [50e6, 2e6], [50_000_001, 2e6]]))), 'HT-RD');
    expect(c.required).toBe('≥ 4.0%（上年销售收入 ≤ 2 亿元）');
    expect((c.threshold as { min: number }).min).toBe(0.04);
    const top = crit(run('high-tech', golden(rdYears([[300e6, 9e6], [300e6, 9e6], [300e6, 9e6]])), { locale: 'en' }), 'HT-RD');
    expect(top.required).toBe('≥ 3.0% (N-1 sales > ¥200M)');
  });

  const domestic = (shares: [number, number][]) => (f: Draft) =>
    shares.forEach(([rd, dom], i) => Object.assign(fy(f, 2023 + i), { rdExpense: rd, rdExpenseDomestic: dom }));
  it.each<[string, (f: Draft) => void, Outcome]>([
    ['exactly 60%', domestic([[1e6, 0.6e6], [1e6, 0.6e6], [1e6, 0.6e6]]), 'met'],
    ['one yuan short', domestic([[1e6, 0.6e6], [1e6, 0.6e6], [1e6, 599_999]]), 'unmet'],
    ['domestic figure missing', (f) => drop(f, 2024, 'rdExpenseDomestic'), 'missing'],
    ['no R&D at all', domestic([[0, 0], [0, 0], [0, 0]]), 'missing'],
  ])('HT-RD-DOMESTIC %s', (_name, patch, outcome) => {
    expect(ht(patch, 'HT-RD-DOMESTIC')).toBe(outcome);
  });

  const ps = (highTech: number, total: number, nonTaxable: number | undefined) => (f: Draft) => {
    Object.assign(fy(f, 2025), { highTechRevenue: highTech, totalIncome: total, nonTaxableIncome: nonTaxable });
    if (nonTaxable === undefined) drop(f, 2025, 'nonTaxableIncome');
  };
  it.each<[string, (f: Draft) => void, Outcome]>([
    ['exactly 60% of (total − non-taxable)', ps(6e6, 11e6, 1e6), 'met'],
    ['one yuan short', ps(5_999_999, 11e6, 1e6), 'unmet'],
    ['non-taxable income counts against the share', ps(6e6, 11e6, 0), 'unmet'],
    ['non-taxable income missing', ps(6e6, 11e6, undefined), 'missing'],
    ['zero denominator', ps(0, 1e6, 1e6), 'missing'],
    ['high-tech revenue missing', (f) => drop(f, 2025, 'highTechRevenue'), 'missing'],
  ])('HT-PS %s', (_name, patch, outcome) => {
    expect(ht(patch, 'HT-PS')).toBe(outcome);
  });

  it.each<[string, CreditFlag[], Outcome]>([
    ['none', [], 'met'],
    ['major accident exactly 365 days before asOf', [{ kind: 'major-accident', on: '2025-03-31' }], 'unmet'],
    ['major accident 366 days before asOf', [{ kind: 'major-accident', on: '2025-03-30' }], 'met'],
    ['environmental violation on asOf', [{ kind: 'environmental-violation', on: '2026-03-31' }], 'unmet'],
    ['environmental violation after asOf', [{ kind: 'environmental-violation', on: '2026-04-01' }], 'met'],
    ['abnormal-operation listing is not a compliance flag', [{ kind: 'abnormal-operation', on: '2026-01-01' }], 'met'],
    ['undated accident', [{ kind: 'major-accident', on: '' }], 'missing'],
  ])('HT-COMPLIANCE %s', (_name, flags, outcome) => {
    expect(ht((f) => (f.enterprise.flags = flags), 'HT-COMPLIANCE')).toBe(outcome);
  });
});

describe('HT-SCORE', () => {
  // Golden: IP 28–29, transformation 25–30, R&D organisation 16, growth 12–14 → 81–89.
  const expert = (scores: ExpertScores) => (f: Draft) => Object.assign(f.expertScores, scores);
  it.each<[string, (f: Draft) => void, Outcome, number, number]>([
    ['golden', () => {}, 'met', 81, 89],
    ['min exactly 71', expert({ rdManagement: 0, rdInstitution: 0 }), 'met', 71, 79],
    ['max exactly 70', expert({ rdManagement: 0, rdInstitution: 0, transformationIncentive: 0, talent: 0, techAdvancement: 4 }), 'unmet', 62, 70],
    ['max 71, min below: uncertain', expert({ rdManagement: 0, rdInstitution: 0, transformationIncentive: 0, talent: 0, techAdvancement: 5 }), 'uncertain', 63, 71],
    ['no expert scores: full ranges (IP 8–30, organisation 0–20)', (f) => (f.expertScores = {}), 'uncertain', 45, 94],
  ])('HT-SCORE %s', (_name, patch, outcome, min, max) => {
    const r = run('high-tech', golden(patch));
    expect(crit(r, 'HT-SCORE').outcome).toBe(outcome);
    expect(crit(r, 'HT-SCORE').actual).toEqual({ min, max });
    expect([(r.score as HtScore).min, (r.score as HtScore).max]).toEqual([min, max]);
  });

  it('HT-SCORE uncertain lists what is pending', () => {
    const c = crit(run('high-tech', golden((f) => delete f.expertScores.talent), { locale: 'en' }), 'HT-SCORE');
    expect(c.outcome).toBe('met'); // min 81 − 3 = 78 still passes
    const open = crit(run('high-tech', golden((f) => (f.expertScores = { techAdvancement: 1 })), { locale: 'en' }), 'HT-SCORE');
    expect(open.outcome).toBe('uncertain');
    expect(open.missing?.map((m) => m.field)).toContain('expertScores.coreSupport');
    expect(open.explanation).toMatch(/^Innovation score between \d+ and \d+, straddling the pass mark of 71; pending: /);
  });

  it('HT-SCORE unmet reports the points short', () => {
    const c = crit(run('high-tech', golden(expert({ rdManagement: 0, rdInstitution: 0, transformationIncentive: 0, talent: 0, techAdvancement: 0 }))), 'HT-SCORE');
    expect(c.shortfall).toEqual({ count: 5, unit: 'points' });
  });
});

describe('high-tech programme', () => {
  it.each<[string, (f: Draft) => void, string]>([
    ['golden', () => {}, 'eligible'],
    ['no key field', (f) => (f.enterprise.highTechField = null), 'ineligible'],
    ['R&D figures of N-2 missing', (f) => drop(f, 2024), 'incomplete'],
    ['score uncertain, everything else met', (f) => (f.expertScores = {}), 'incomplete'],
    ['unmet beats uncertain', (f) => ((f.expertScores = {}), (f.enterprise.highTechField = null)), 'ineligible'],
  ])('HT %s → %s', (_name, patch, outcome) => {
    expect(run('high-tech', golden(patch)).outcome).toBe(outcome);
  });

  it('HT lists its nine criteria in rules.md order', () => {
    expect(run('high-tech', golden()).criteria.map((c) => c.code)).toEqual([
      'HT-AGE',
      'HT-IP',
      'HT-FIELD',
      'HT-STAFF',
      'HT-RD',
      'HT-RD-DOMESTIC',
      'HT-PS',
      'HT-COMPLIANCE',
      'HT-SCORE',
    ]);
  });
});

describe('HT-SCORE shortfall options (corrected rules)', () => {
  // Max 44: IP part 13 (one unused utility model → count 1–2), transformation average 1/yr → 1–6; 27 points short.
  const weak = (patch?: (f: Draft) => void) =>
    golden((d) => {
      d.ipAssets = [{ kind: 'utility-model', status: 'valid', acquisition: 'own' }];
      d.expertScores = { techAdvancement: 4, coreSupport: 4, acquisition: 3, standardsBonus: 0, rdManagement: 4, rdInstitution: 3, transformationIncentive: 2, talent: 2 };
      for (const y of d.financials) y.transformedAchievements = 1;
      patch?.(d);
    });
  it.each<[string, (f: Draft) => void, Record<string, unknown>[][]]>([
    ['27 short: a Class I item and 12 more achievements (average 5/yr)', () => {}, [[{ indicator: 'ipCount', count: 1, unit: 'class-i-items' }, { indicator: 'transformation', count: 12, unit: 'achievements' }]]],
  ])('HT-SCORE %s', (_name, patch, expected) => {
    const c = crit(run('high-tech', weak(patch)), 'HT-SCORE');
    expect(c.outcome).toBe('unmet');
    expect(c.shortfall!.options!.map((o) => o.moves.map((m) => ({ indicator: m.indicator, count: m.count, unit: m.unit })))).toEqual(expected);
    expect(c.shortfall!.options![0]!.points).toBeGreaterThanOrEqual(c.shortfall!.count!);
  });

  it('HT-SCORE explains the options in the enterprise’s numbers', () => {
    const c = crit(run('high-tech', weak(), { locale: 'en' }), 'HT-SCORE');
    expect(plain(c.explanation)).toBe(
      'Innovation score at most 44, needs 71: 27 points short; cheapest ways: 1 more Class I item(s) (IP count up to 2→8 points) and 12 more transformed achievement(s) last year (transformation up to 6→30 points)',
    );
  });
});
