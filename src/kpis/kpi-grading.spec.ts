import { describe, expect, it } from '@jest/globals';
import {
  changeFrom, DEFAULT_GRADING, gradeOf, gradeYear, indicatorsOf, percentileRanks, sectionOf, targetMet, type GradingSubject, type KpiInputs,
} from './kpi-grading.js';

const base: KpiInputs = { landMu: 50, taxesPaid: 5_000_000, valueAdded: 20_000_000, energyTce: 1_000, operatingRevenue: 100_000_000, employees: 200, rdExpense: 3_000_000 };

describe('indicators (rules.md §9)', () => {
  it.each<[string, Partial<KpiInputs>, keyof ReturnType<typeof indicatorsOf>, number | null]>([
    ['tax per mu = taxes ÷ land', {}, 'taxPerMu', 100_000],
    ['revenue per mu = revenue ÷ land', {}, 'revenuePerMu', 2_000_000],
    ['energy per 10,000 yuan VA = energy ÷ (VA ÷ 10,000)', {}, 'energyPer10kValueAdded', 0.5],
    ['value added per tce', {}, 'valueAddedPerEnergy', 20_000],
    ['labour productivity = VA ÷ employees', {}, 'labourProductivity', 100_000],
    ['R&D intensity = R&D ÷ revenue', {}, 'rdIntensity', 0.03],
    ['no land → tax per mu unknown', { landMu: null }, 'taxPerMu', null],
    ['land 0 → tax per mu unknown (no division by zero)', { landMu: 0 }, 'taxPerMu', null],
    ['no taxes → tax per mu unknown', { taxesPaid: null }, 'taxPerMu', null],
    ['value added 0 → energy per VA unknown', { valueAdded: 0 }, 'energyPer10kValueAdded', null],
    ['energy 0 → VA per energy unknown', { energyTce: 0 }, 'valueAddedPerEnergy', null],
    ['no employees → productivity unknown', { employees: null }, 'labourProductivity', null],
    ['R&D 0 → intensity 0 (known to be none)', { rdExpense: 0 }, 'rdIntensity', 0],
    ['revenue 0 → intensity unknown', { operatingRevenue: 0 }, 'rdIntensity', null],
  ])('%s', (_name, change, key, expected) => {
    const v = indicatorsOf({ ...base, ...change })[key];
    if (expected === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected, 9);
  });
});

describe('section', () => {
  it.each<[string, string | null, string]>([
    ['120116', 'C3911', '120116/C'],
    ['120116', 'c3911', '120116/C'],
    ['120104', 'I6510', '120104/I'],
    ['120104', null, '120104/?'],
    ['120104', '', '120104/?'],
    ['120104', '9999', '120104/?'],
  ])('%s + %j → %s', (district, industry, section) => {
    expect(sectionOf(district, industry)).toBe(section);
  });
});

describe('percentile rank: (below + ½ equal) ÷ n', () => {
  it.each<[number[], number[]]>([
    [[], []],
    [[7], [50]],
    [[1, 2], [25, 75]],
    [[3, 1, 2], [500 / 6, 100 / 6, 50]],
    [[5, 5, 5], [50, 50, 50]],
    [[1, 2, 2, 3], [12.5, 50, 50, 87.5]],
    [[2, 1, 2, 3], [50, 12.5, 50, 87.5]], // order does not matter for ties
    [[0.1 + 0.2, 0.3], [50, 50]], // float noise is a tie
  ])('%j → %j', (values, ranks) => {
    const got = percentileRanks(values);
    expect(got).toHaveLength(ranks.length);
    got.forEach((g, i) => expect(g).toBeCloseTo(ranks[i]!, 9));
  });
});

describe('grade cut-offs A ≥ 80, B ≥ 60, C ≥ 40, D below', () => {
  it.each<[number, string]>([[100, 'A'], [80, 'A'], [79.9, 'B'], [60, 'B'], [59.9, 'C'], [40, 'C'], [39.9, 'D'], [0, 'D']])('%d → %s', (score, grade) => {
    expect(gradeOf(score, DEFAULT_GRADING.cutoffs)).toBe(grade);
  });
});

describe('grading a year', () => {
  const subject = (enterpriseId: number, section: string, change: Partial<KpiInputs>): GradingSubject => ({ enterpriseId, section, inputs: { ...base, ...change } });

  it('no land → not-graded, never D, and takes no place in the percentiles', () => {
    const r = gradeYear([subject(1, 'S', { landMu: null }), subject(2, 'S', { landMu: 0 }), subject(3, 'S', {})]);
    expect(r.map((x) => x.grade)).toEqual(['not-graded', 'not-graded', 'C']);
    expect(r[0]!.score).toBeNull();
    expect(r[2]!.sectionSize).toBe(1);
    expect(r[2]!.score).toBe(50); // alone in its section: every indicator ranks 50
  });

  it('ties rank alike: identical figures → identical scores and grades', () => {
    const r = gradeYear([subject(1, 'S', {}), subject(2, 'S', {}), subject(3, 'S', {})]);
    expect(new Set(r.map((x) => x.score))).toEqual(new Set([50]));
    expect(r.map((x) => x.grade)).toEqual(['C', 'C', 'C']);
  });

  it('the best and worst of four in every indicator', () => {
    const good: Partial<KpiInputs> = { taxesPaid: 9e6, operatingRevenue: 2e8, valueAdded: 4e7, energyTce: 500, employees: 100, rdExpense: 2e7 };
    const bad: Partial<KpiInputs> = { taxesPaid: 1e6, operatingRevenue: 5e7, valueAdded: 5e6, energyTce: 5_000, employees: 400, rdExpense: 0 };
    const r = gradeYear([subject(1, 'S', good), subject(2, 'S', {}), subject(3, 'S', {}), subject(4, 'S', bad)]);
    expect(r[0]!.percentiles).toEqual({ taxPerMu: 87.5, revenuePerMu: 87.5, valueAddedPerEnergy: 87.5, labourProductivity: 87.5, rdIntensity: 87.5 });
    expect([r[0]!.score, r[0]!.grade]).toEqual([87.5, 'A']);
    expect([r[1]!.score, r[1]!.grade]).toEqual([50, 'C']);
    expect([r[3]!.score, r[3]!.grade]).toEqual([12.5, 'D']);
  });

  it('weights: tax per mu 40, revenue per mu 20, VA per energy 20, productivity 10, R&D 10', () => {
    // Enterprise 1 leads only in tax per mu: 75×40 + 25×60 = 4500 → 45 points.
    const r = gradeYear([subject(1, 'S', { taxesPaid: 9e6 }), subject(2, 'S', { operatingRevenue: 2e8, valueAdded: 4e7, rdExpense: 1e7 })]);
    expect(r[0]!.percentiles.taxPerMu).toBe(75);
    expect(r[0]!.score).toBe(45);
  });

  it('an unknown indicator earns no points and takes no rank', () => {
    const r = gradeYear([subject(1, 'S', { employees: null }), subject(2, 'S', {})]);
    expect(r[0]!.percentiles.labourProductivity).toBeNull();
    expect(r[1]!.percentiles.labourProductivity).toBe(50);
    expect(r[0]!.score).toBe(45); // 50 × 90 %
    expect(r[1]!.score).toBe(50);
  });

  it('sections are separate peer groups', () => {
    const r = gradeYear([subject(1, '120116/C', { taxesPaid: 1e6 }), subject(2, '120104/C', { taxesPaid: 9e6 })]);
    expect(r.map((x) => x.percentiles.taxPerMu)).toEqual([50, 50]);
  });

  it('parameters are data: other cut-offs, other grade', () => {
    const r = gradeYear([subject(1, 'S', {})], { ...DEFAULT_GRADING, cutoffs: { a: 90, b: 70, c: 50 } });
    expect(r[0]!.grade).toBe('C');
    const r2 = gradeYear([subject(1, 'S', {})], { ...DEFAULT_GRADING, cutoffs: { a: 90, b: 70, c: 55 } });
    expect(r2[0]!.grade).toBe('D');
  });
});

describe('city targets from the baseline year', () => {
  it.each<[number | null, number | null, number, number | null, boolean | null]>([
    [100, 150, 0.5, 0.5, true],
    [100, 149, 0.5, 0.49, false],
    [1.0, 0.85, -0.15, -0.15, true],
    [1.0, 0.86, -0.15, -0.14, false],
    [null, 150, 0.5, null, null],
    [0, 150, 0.5, null, null],
    [-100, -50, 0.5, 0.5, true], // a loss halved is a rise of 50 % of the baseline's size
  ])('%j → %j (target %j): change %j, met %j', (baseline, actual, target, change, met) => {
    const c = changeFrom(baseline, actual);
    if (change === null) expect(c).toBeNull();
    else expect(c).toBeCloseTo(change, 9);
    expect(targetMet(c, target)).toBe(met);
  });
});
