import { describe, expect, it } from '@jest/globals';
import type { Outcome, QualificationFact } from './facts.js';
import { crit, drop, fy, golden, outcomeOf, run, withParams, type Draft, plain } from './testing/fixtures.js';

/** Golden facts with operating revenue and R&D per year (N-4 … N-1 = 2022 … 2025). */
const series = (rows: Record<number, [number, number]>, patch?: (f: Draft) => void) =>
  golden((f) => {
    for (const [y, [revenue, rd]] of Object.entries(rows)) Object.assign(fy(f, Number(y)), { operatingRevenue: revenue, rdExpense: rd });
    patch?.(f);
  });

const flat = (rd2025: number) => series({ 2022: [10e6, 300_000], 2023: [10e6, 300_000], 2024: [10e6, 300_000], 2025: [10e6, rd2025] });

describe('gazelle criteria', () => {
  it.each<[string, () => Draft, Outcome]>([
    ['Σ R&D / Σ revenue exactly 3%', () => flat(300_000), 'met'],
    ['one yuan of R&D short', () => flat(299_999), 'unmet'],
    ['N-5 is outside the window', () => {
      const f = flat(299_999);
      f.financials.push({ year: 2021, operatingRevenue: 1e6, rdExpense: 5e6 });
      return f;
    }, 'unmet'],
    ['two years of operation are enough', () => series({ 2024: [10e6, 300_000], 2025: [10e6, 300_000] }, (f) => {
      f.enterprise.establishedOn = '2024-02-01';
      f.financials = f.financials.filter((r) => r.year >= 2024);
    }), 'met'],
    ['one year of operation is too few', () => series({ 2025: [10e6, 900_000] }, (f) => {
      f.enterprise.establishedOn = '2025-02-01';
      f.financials = f.financials.filter((r) => r.year === 2025);
    }), 'missing'],
    ['a year in the window lacks R&D', () => golden((f) => drop(f, 2023, 'rdExpense')), 'missing'],
    ['a year in the window is absent', () => golden((f) => drop(f, 2022)), 'missing'],
    ['zero revenue in every year', () => series({ 2022: [0, 0], 2023: [0, 0], 2024: [0, 0], 2025: [0, 10] }), 'missing'],
  ])('GZ-RD %s', (_name, make, outcome) => {
    expect(outcomeOf('gazelle', make(), 'GZ-RD')).toBe(outcome);
  });

  it('GZ-RD reports the extra R&D needed over the window', () => {
    const c = crit(run('gazelle', flat(200_000), { locale: 'en' }), 'GZ-RD');
    expect(c.shortfall?.amount).toBeCloseTo(100_000, 6);
    expect(c.shortfall?.ratio).toBeCloseTo(0.0025, 12);
    expect(plain(c.explanation)).toBe(
      'R&D intensity 2.75%, needs 3.0%: +0.25 pp, about ¥100,000 more R&D at 2022–2025 revenue (2022–2025: R&D ¥1.1M, revenue ¥40M)',
    );
  });

  it.each<[number | undefined, Outcome]>([
    [10_000_000, 'met'],
    [9_999_999, 'unmet'],
    [undefined, 'missing'],
  ])('GZ-REVENUE N-1 revenue %s', (revenue, outcome) => {
    const f = golden((f) => (revenue === undefined ? drop(f, 2025, 'operatingRevenue') : (fy(f, 2025).operatingRevenue = revenue)));
    expect(outcomeOf('gazelle', f, 'GZ-REVENUE')).toBe(outcome);
  });

  const growth = (r3: number, r2: number, r1: number, quals: QualificationFact[] = []) =>
    golden((f) => {
      fy(f, 2023).operatingRevenue = r3;
      fy(f, 2024).operatingRevenue = r2;
      fy(f, 2025).operatingRevenue = r1;
      f.qualifications = quals;
    });
  const vc = (amount: number | undefined, on: string | undefined): QualificationFact => ({ kind: 'venture-investment', amount, on });
  it.each<[string, () => Draft, Outcome]>([
    ['g exactly 20%', () => growth(10e6, 12e6, 14.4e6), 'met'],
    ['g one yuan short of 20%', () => growth(10e6, 12e6, 14_399_999), 'unmet'],
    ['g 10% with a 5M investment in N-3', () => growth(10e6, 11e6, 12.1e6, [vc(5e6, '2023-01-01')]), 'met'],
    ['g 10% with a 5M investment in N-4 (outside)', () => growth(10e6, 11e6, 12.1e6, [vc(5e6, '2022-12-31')]), 'unmet'],
    ['g 10% with a 5M investment in year N (outside)', () => growth(10e6, 11e6, 12.1e6, [vc(5e6, '2026-01-15')]), 'unmet'],
    ['g 10% with 4,999,999 invested', () => growth(10e6, 11e6, 12.1e6, [vc(4_999_999, '2024-01-01')]), 'unmet'],
    ['g 10% with an investment of unknown amount in the window', () => growth(10e6, 11e6, 12.1e6, [vc(undefined, '2024-01-01')]), 'missing'],
    ['g 10% with an undated investment', () => growth(10e6, 11e6, 12.1e6, [vc(9e6, undefined)]), 'missing'],
    ['g undecidable (N-2 missing) with a qualifying investment', () => {
      const f = growth(10e6, 11e6, 12.1e6, [vc(6e6, '2025-03-01')]);
      drop(f, 2024, 'operatingRevenue');
      return f;
    }, 'met'],
    ['g undecidable and no investment', () => {
      const f = growth(10e6, 11e6, 12.1e6);
      drop(f, 2024, 'operatingRevenue');
      return f;
    }, 'missing'],
  ])('GZ-GROWTH %s', (_name, make, outcome) => {
    expect(outcomeOf('gazelle', make(), 'GZ-GROWTH')).toBe(outcome);
  });

  it('GZ-GROWTH unmet names both ways out', () => {
    const c = crit(run('gazelle', growth(10e6, 11e6, 12.1e6)), 'GZ-GROWTH');
    expect(c.shortfall?.ratio).toBeCloseTo(0.1, 12);
    expect(c.shortfall?.amount).toBeCloseTo(2_200_000, 4); // R1 needed = 2 × 1.2 × 11M − 11M²/10M = 14.3M; 14.3M − 12.1M
    expect(plain(c.explanation)).toBe(
      '营业收入平均增长率 10.0%（2023–2025 年），需达到 20.0%：还差 10.0 个百分点，约需 2025 年营业收入再增加 220 万元；或获得单笔不低于 500 万元的创业投资',
    );
  });

  it('GZ-GROWTH met by investment says so', () => {
    const c = crit(run('gazelle', growth(10e6, 11e6, 12.1e6, [vc(5e6, '2023-01-01')]), { locale: 'en' }), 'GZ-GROWTH');
    expect(plain(c.explanation)).toBe('Single venture investment of ¥5M on 2023-01-01, at least ¥5M');
    expect(c.actual).toMatchObject({ ventureInvestment: 5e6 });
  });
});

describe('gazelle programme', () => {
  it.each<[string, (f: Draft) => void, string]>([
    ['golden', () => {}, 'eligible'],
    ['revenue 9M', (f) => (fy(f, 2025).operatingRevenue = 9e6), 'ineligible'],
    ['credit flag', (f) => f.enterprise.flags.push({ kind: 'research-misconduct', on: '2025-09-09' }), 'ineligible'],
    ['R&D of N-2 missing', (f) => drop(f, 2024, 'rdExpense'), 'incomplete'],
  ])('GZ %s → %s', (_name, patch, outcome) => {
    expect(run('gazelle', golden(patch)).outcome).toBe(outcome);
  });

  it('GZ numbers are provisional: RD, REVENUE and GROWTH carry the flag, REG and CREDIT do not', () => {
    const r = run('gazelle', golden());
    expect(r.ruleSet.provisional).toBe(true);
    expect(Object.fromEntries(r.criteria.map((c) => [c.code, c.provisional === true]))).toEqual({
      'GZ-REG': false,
      'GZ-CREDIT': false,
      'GZ-RD': true,
      'GZ-REVENUE': true,
      'GZ-GROWTH': true,
    });
  });

  it('GZ with a confirmed rule set (no provisional paths) is not provisional', () => {
    const rs = withParams('gazelle', () => {});
    rs.gazelle.provisional = [];
    expect(run('gazelle', golden(), { ruleSets: rs }).ruleSet.provisional).toBe(false);
  });

  it('GZ follows edited parameters', () => {
    const rs = withParams('gazelle', (p) => (p.revenueMin = 20e6));
    expect(crit(run('gazelle', golden(), { ruleSets: rs }), 'GZ-REVENUE').outcome).toBe('unmet');
  });
});
