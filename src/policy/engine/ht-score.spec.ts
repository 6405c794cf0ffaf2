import { describe, expect, it } from '@jest/globals';
import type { IpAssetFact } from './facts.js';
import type { HtScore, Range } from './ht-score.js';
import { drop, fy, golden, run, type Draft } from './testing/fixtures.js';

const score = (patch: (f: Draft) => void): HtScore => run('high-tech', golden(patch)).score as HtScore;
const r = (min: number, max: number): Range => ({ min, max });
const items = (kind: IpAssetFact['kind'], n: number, extra: Partial<IpAssetFact> = {}): IpAssetFact[] =>
  Array.from({ length: n }, (_, i) => ({ kind, number: `${kind}${i}`, status: 'valid', acquisition: 'own', ...extra }));

describe('HT-SCORE IP part (30)', () => {
  it('HT-SCORE expert items span their full range when not given', () => {
    const ip = score((f) => (f.expertScores = {})).parts.ip;
    expect([ip.techAdvancement, ip.coreSupport, ip.standardsBonus]).toEqual([r(0, 8), r(0, 8), r(0, 2)]);
  });

  it('HT-SCORE expert values are clamped to their item', () => {
    const ip = score((f) => (f.expertScores = { techAdvancement: 12, coreSupport: -3 })).parts.ip;
    expect([ip.techAdvancement, ip.coreSupport]).toEqual([r(8, 8), r(0, 0)]);
  });

  it('HT-SCORE IP part is capped at 30', () => {
    const ip = score((f) => (f.expertScores = { techAdvancement: 8, coreSupport: 8, acquisition: 6, standardsBonus: 2 })).parts.ip;
    expect([ip.min, ip.max]).toEqual([30, 30]); // 8 + 8 + (7–8) + 6 + 2 = 31–32
  });

  it.each<[string, IpAssetFact[], Range]>([
    ['one Class I', items('invention-patent', 1), r(7, 8)],
    ['5 unused Class II', items('utility-model', 5), r(5, 6)],
    ['4 unused Class II', items('utility-model', 4), r(3, 4)],
    ['3 unused Class II', items('utility-model', 3), r(3, 4)],
    ['2 unused Class II', items('utility-model', 2), r(1, 2)],
    ['1 unused Class II', items('utility-model', 1), r(1, 2)],
    ['5 Class II already used', items('utility-model', 5, { usedInHighTechApplication: true }), r(0, 0)],
    ['trademarks only', items('trademark', 5), r(0, 0)],
    ['nothing', [], r(0, 0)],
  ])('HT-SCORE IP count: %s', (_name, ip, expected) => {
    expect(score((f) => (f.ipAssets = ip)).parts.ip.count).toEqual(expected);
  });

  it.each<[string, IpAssetFact[], number | undefined, Range]>([
    ['self-developed, no expert value', items('invention-patent', 1), undefined, r(1, 6)],
    ['self-developed, expert 5', items('invention-patent', 1), 5, r(5, 5)],
    ['only acquired, no expert value', items('invention-patent', 1, { acquisition: 'acquired' }), undefined, r(1, 3)],
    ['only acquired, expert 5 is clamped to 3', items('invention-patent', 1, { acquisition: 'acquired' }), 5, r(3, 3)],
    ['acquisition unknown', items('invention-patent', 1, { acquisition: undefined }), undefined, r(1, 6)],
    ['no usable IP', [], 4, r(0, 0)],
  ])('HT-SCORE acquisition: %s', (_name, ip, expert, expected) => {
    expect(score((f) => ((f.ipAssets = ip), (f.expertScores.acquisition = expert))).parts.ip.acquisition).toEqual(expected);
  });
});

describe('HT-SCORE achievement transformation (30)', () => {
  const per = (a: number, b: number, c: number) => (f: Draft) =>
    [a, b, c].forEach((n, i) => (fy(f, 2023 + i).transformedAchievements = n));
  it.each<[string, (f: Draft) => void, Range]>([
    ['average 5', per(5, 5, 5), r(25, 30)],
    ['average 4.67', per(5, 5, 4), r(19, 24)],
    ['average 4', per(4, 4, 4), r(19, 24)],
    ['average 3', per(2, 3, 4), r(13, 18)],
    ['average 2', per(2, 2, 2), r(7, 12)],
    ['average 1', per(0, 1, 2), r(1, 6)],
    ['average 0.67 (below 1)', per(1, 1, 0), r(0, 0)],
    ['none', per(0, 0, 0), r(0, 0)],
    ['a year missing', (f) => drop(f, 2024, 'transformedAchievements'), r(0, 30)],
    ['two years of operation average over two', (f) => {
      f.enterprise.establishedOn = '2024-05-01';
      drop(f, 2023);
      fy(f, 2024).transformedAchievements = 2;
      fy(f, 2025).transformedAchievements = 4;
    }, r(13, 18)],
  ])('HT-SCORE transformation: %s', (_name, patch, expected) => {
    const t = score(patch).parts.transformation;
    expect({ min: t.min, max: t.max }).toEqual(expected);
  });
});

describe('HT-SCORE R&D organisation (20)', () => {
  it('HT-SCORE organisation items: given, missing, clamped', () => {
    const o = score((f) => (f.expertScores = { rdManagement: 6, rdInstitution: 9, talent: 2 })).parts.rdOrganisation;
    expect([o.rdManagement, o.rdInstitution, o.transformationIncentive, o.talent]).toEqual([r(6, 6), r(6, 6), r(0, 4), r(2, 2)]);
    expect([o.min, o.max]).toEqual([14, 18]);
  });
});

describe('HT-SCORE growth (20)', () => {
  const sales = (a: number, b: number, c: number) => (f: Draft) =>
    [a, b, c].forEach((n, i) => (fy(f, 2023 + i).salesRevenue = n));
  it.each<[string, (f: Draft) => void, Range, number | null]>([
    ['(Y2/Y1 + Y3/Y2)/2 − 1 = 35% exactly', sales(100, 135, 182.25), r(9, 10), 0.35],
    ['just under 35%', sales(100, 135, 182.24), r(7, 8), null],
    ['25%', sales(100, 125, 156.25), r(7, 8), 0.25],
    ['15%', sales(100, 115, 132.25), r(5, 6), 0.15],
    ['5%', sales(100, 105, 110.25), r(3, 4), 0.05],
    ['just above 0', sales(100, 100, 100.01), r(1, 2), null],
    ['exactly 0', sales(100, 100, 100), r(0, 0), 0],
    ['negative', sales(100, 90, 80), r(0, 0), null],
    ['Y1 = 0: Y3/Y2 − 1', sales(0, 100, 150), r(9, 10), 0.5],
    ['Y2 = 0: scores 0', sales(100, 0, 150), r(0, 0), null],
    ['a figure missing: full range', (f) => drop(f, 2023, 'salesRevenue'), r(0, 10), null],
  ])('HT-SCORE sales growth: %s', (_name, patch, expected, rate) => {
    const g = score(patch).parts.growth.sales;
    expect({ min: g.min, max: g.max }).toEqual(expected);
    if (rate !== null) expect(g.rate).toBeCloseTo(rate, 12);
  });

  it.each<[string, (f: Draft) => void, Range]>([
    ['two years of operation: Y2/Y1 − 1', (f) => {
      f.enterprise.establishedOn = '2024-03-01';
      drop(f, 2023);
      fy(f, 2024).salesRevenue = 100;
      fy(f, 2025).salesRevenue = 110;
    }, r(3, 4)],
    ['two years with Y1 = 0: scores 0', (f) => {
      f.enterprise.establishedOn = '2024-03-01';
      drop(f, 2023);
      fy(f, 2024).salesRevenue = 0;
      fy(f, 2025).salesRevenue = 110;
    }, r(0, 0)],
    ['one year of operation: scores 0', (f) => {
      f.enterprise.establishedOn = '2025-01-03';
      f.financials = f.financials.filter((x) => x.year === 2025);
    }, r(0, 0)],
  ])('HT-SCORE sales growth: %s', (_name, patch, expected) => {
    const g = score(patch).parts.growth.sales;
    expect({ min: g.min, max: g.max }).toEqual(expected);
  });

  it('HT-SCORE net-asset growth uses total assets − total liabilities', () => {
    // net assets 2023 20M, 2024 24M, 2025 29M → (1.2 + 1.2083)/2 − 1 = 20.4% → 5–6
    const g = score(() => {}).parts.growth.netAssets;
    expect({ min: g.min, max: g.max }).toEqual(r(5, 6));
    expect(g.rate).toBeCloseTo((24 / 20 + 29 / 24) / 2 - 1, 12);
    const missing = score((f) => drop(f, 2024, 'totalLiabilities')).parts.growth.netAssets;
    expect({ min: missing.min, max: missing.max }).toEqual(r(0, 10));
  });
});
