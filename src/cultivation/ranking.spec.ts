import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RULE_SETS } from '../policy/engine/rule-sets.js';
import type { Facts } from '../policy/engine/facts.js';
import { actionsFor, outcomeOfApplication, transitionFor } from './membership-machine.js';
import { htCriteriaOf, improvements, progressOf, regressions } from './progress.js';
import { closeness, compareSeedlings, criterionCost, defaultServices, employeeBand, MAX_SCORE, revenueBand } from './ranking.js';
import { reasonsOf, screenChunk, screenOne } from './screen-chunk.js';

type C = Parameters<typeof criterionCost>[0];
const c = (code: string, outcome: string, extra: Partial<C> = {}): C => ({ code, outcome: outcome as C['outcome'], threshold: null, ...extra });
const allMet = () => ['HT-AGE', 'HT-IP', 'HT-FIELD', 'HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS', 'HT-COMPLIANCE', 'HT-SCORE'].map((code) => c(code, 'met'));
const withOne = (x: C) => allMet().map((m) => (m.code === x.code ? x : m));

describe('criterion cost', () => {
  it.each([
    ['met', c('HT-RD', 'met'), 0],
    ['uncertain score', c('HT-SCORE', 'uncertain'), 0.25],
    ['missing figure', c('HT-STAFF', 'missing'), 0.5],
    ['R&D 3.8% of 4%', c('HT-RD', 'unmet', { threshold: { min: 0.04 }, shortfall: { ratio: 0.002, amount: 600000, unit: 'yuan' } }), 1.05],
    ['R&D 2% of 4%', c('HT-RD', 'unmet', { threshold: { min: 0.04 }, shortfall: { ratio: 0.02 } }), 1.5],
    ['staff 0% of 10% (capped)', c('HT-STAFF', 'unmet', { threshold: { min: 0.1 }, shortfall: { ratio: 0.1 } }), 2],
    ['no usable IP', c('HT-IP', 'unmet', { shortfall: { count: 1, unit: 'items' } }), 1.25],
    ['score 6 points short', c('HT-SCORE', 'unmet', { shortfall: { count: 6, unit: 'points' } }), 1.2],
    ['age: 73 days to wait', c('HT-AGE', 'unmet', { shortfall: { count: 73, unit: 'days' } }), 0.6],
    ['ratio without a shortfall counts in full', c('HT-PS', 'unmet'), 2],
  ])('%s', (_label, criterion, cost) => {
    expect(criterionCost(criterion).cost).toBeCloseTo(cost as number, 6);
    expect(criterionCost(criterion).blocker).toBe(false);
  });

  it.each([['HT-FIELD'], ['HT-COMPLIANCE']])('%s unmet is a blocker', (code) => {
    expect(criterionCost(c(code, 'unmet')).blocker).toBe(true);
    expect(closeness(withOne(c(code, 'unmet'))).candidate).toBe(false);
  });
});

describe('closeness and the screen order', () => {
  const rd = (ratio: number) => c('HT-RD', 'unmet', { threshold: { min: 0.04 }, shortfall: { ratio } });

  it('ranks a near miss before a far miss, and few unmet before many', () => {
    const ready = closeness(allMet());
    const nearMiss = closeness(withOne(rd(0.002)));
    const farMiss = closeness(withOne(rd(0.03)));
    const sparse = closeness(allMet().map((m) => (['HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS'].includes(m.code) ? c(m.code, 'missing') : m)));
    const twoUnmet = closeness(allMet().map((m) => (m.code === 'HT-RD' ? rd(0.002) : m.code === 'HT-IP' ? c('HT-IP', 'unmet') : m)));
    expect(ready).toMatchObject({ score: 0, candidate: true, unmet: [] });
    expect(nearMiss).toMatchObject({ score: 1.05, unmet: ['HT-RD'], candidate: true });
    expect(sparse).toMatchObject({ score: 2, missing: ['HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS'], candidate: true });
    const order = [
      { name: 'twoUnmet', ...twoUnmet }, { name: 'farMiss', ...farMiss }, { name: 'sparse', ...sparse }, { name: 'ready', ...ready }, { name: 'nearMiss', ...nearMiss },
    ].map((x, i) => ({ name: x.name, score: x.score, unmet: x.unmet.length, missing: x.missing.length, enterpriseId: i + 1 }));
    expect(order.sort(compareSeedlings).map((x) => x.name)).toEqual(['ready', 'nearMiss', 'farMiss', 'sparse', 'twoUnmet']);
  });

  it('ties break on fewer unmet, then fewer missing, then the id', () => {
    const a = { score: 2, unmet: 1, missing: 2, enterpriseId: 9 };
    const b = { score: 2, unmet: 2, missing: 0, enterpriseId: 1 };
    const c2 = { score: 2, unmet: 1, missing: 1, enterpriseId: 5 };
    expect([a, b, c2].sort(compareSeedlings)).toEqual([c2, a, b]);
  });

  it('drops enterprises too far away: more than three unmet or a score above the limit', () => {
    const four = allMet().map((m) =>
      m.code === 'HT-AGE' ? c('HT-AGE', 'unmet', { shortfall: { count: 10, unit: 'days' } })
        : ['HT-STAFF', 'HT-RD', 'HT-PS'].includes(m.code) ? c(m.code, 'unmet', { threshold: { min: 0.1 }, shortfall: { ratio: 0.001 } }) : m);
    expect(closeness(four).unmet.length).toBe(4);
    expect(closeness(four).score).toBeLessThanOrEqual(MAX_SCORE);
    expect(closeness(four).candidate).toBe(false);
    const far = allMet().map((m) => (['HT-STAFF', 'HT-RD', 'HT-PS'].includes(m.code) ? c(m.code, 'unmet') : m));
    expect(closeness(far).score).toBeGreaterThan(MAX_SCORE);
    expect(closeness(far).candidate).toBe(false);
  });
});

describe('size bands and services', () => {
  it.each([[null, null], [4_999_999, 'r1'], [5_000_000, 'r1'], [5_000_001, 'r2'], [50_000_000, 'r3'], [200_000_000, 'r4'], [200_000_001, 'r5']])('revenue %s → %s', (revenue, band) => {
    expect(revenueBand(revenue)).toBe(band);
  });
  it.each([[undefined, null], [3, 'e1'], [19, 'e1'], [20, 'e2'], [299, 'e3'], [300, 'e4']])('employees %s → %s', (n, band) => {
    expect(employeeBand(n)).toBe(band);
  });
  it('offers the services that fix the plan criteria', () => {
    expect(defaultServices(['HT-IP', 'HT-RD'])).toEqual(['patent-agency', 'rd-ledger', 'audit-firm']);
    expect(defaultServices(['HT-AGE'])).toEqual([]);
  });
});

describe('screening one enterprise through the engine', () => {
  const asOf = '2026-11-22';
  const year = (y: number, rd: number) => ({
    year: y, operatingRevenue: 10_000_000, salesRevenue: 10_000_000, mainBusinessRevenue: 9_800_000, totalIncome: 10_000_000, nonTaxableIncome: 0, investmentIncome: 0,
    highTechRevenue: 7_000_000, rdExpense: rd, rdExpenseDomestic: rd, totalCostAndExpense: 8_000_000, totalAssets: 12_000_000, totalLiabilities: 5_000_000,
    employees: 50, stStaff: 10, transformedAchievements: 3,
  });
  const facts = (rd: number, extra: Partial<Facts> = {}): Facts => ({
    enterprise: { uscc: '91120116MA05XXXXXX', name: 'x', districtCode: '120116', establishedOn: '2015-03-01', highTechField: 'electronic-information', taxMode: 'audit', flags: [] },
    financials: [year(2023, rd), year(2024, rd), year(2025, rd)],
    ipAssets: [{ kind: 'invention-patent', number: 'ZL1', status: 'valid', grantedOn: '2022-01-04', acquisition: 'own', relatedToMainProducts: true }],
    qualifications: [],
    ...extra,
  } as Facts);

  it('explains the R&D gap in the enterprise\'s own numbers, in both languages', () => {
    // 3 × 480,000 of 3 × 10M sales = 4.8% against the 5% tier (N-1 sales ≤ 50M).
    const s = screenOne(asOf, facts(480_000), DEFAULT_RULE_SETS);
    expect(s.certified).toBe(false);
    if (s.certified) return;
    expect(s.closeness.unmet).toContain('HT-RD');
    const reasons = reasonsOf(asOf, facts(480_000), DEFAULT_RULE_SETS);
    const rd = reasons.find((r) => r.code === 'HT-RD')!;
    expect(rd.zh).toContain('4.8%');
    expect(rd.zh).toContain('5.0%');
    expect(rd.en).toMatch(/R&D/);
    expect(rd.shortfall).toMatchObject({ unit: 'yuan', amount: 60_000 });
  });

  it('leaves out an enterprise holding a valid HNTE certificate, but not one whose certificate lapsed', () => {
    const valid = facts(600_000, { qualifications: [{ kind: 'hnte-certificate', on: '2024-11-01', validUntil: '2027-11-01' }] } as Partial<Facts>);
    expect(screenOne(asOf, valid, DEFAULT_RULE_SETS).certified).toBe(true);
    const lapsed = facts(600_000, { qualifications: [{ kind: 'hnte-certificate', on: '2021-11-01', validUntil: '2024-11-01' }] } as Partial<Facts>);
    expect(screenOne(asOf, lapsed, DEFAULT_RULE_SETS).certified).toBe(false);
  });

  it('screens a chunk: counts, certified left out, candidates with their size figures', () => {
    const certified = facts(600_000, { qualifications: [{ kind: 'hnte-certificate', on: '2024-11-01', validUntil: '2027-11-01' }] } as Partial<Facts>);
    const accident = facts(600_000);
    (accident.enterprise.flags as object[]).push({ kind: 'major-accident', on: '2026-02-01' });
    const result = screenChunk(asOf, DEFAULT_RULE_SETS, [[1, facts(480_000)], [2, certified], [3, accident], [4, facts(600_000)]]);
    expect(result).toMatchObject({ evaluated: 4, certified: 1, blocked: 1 });
    expect(result.rows.map((r) => r.enterpriseId)).toEqual([1, 4]);
    expect(result.rows[0]).toMatchObject({ districtCode: '120116', highTechField: 'electronic-information', revenue: 10_000_000, employees: 50 });
    expect(result.rows[0]!.open).toContain('HT-RD');
    expect(result.rows[1]!.score).toBeLessThan(result.rows[0]!.score);
  });

  it('screens a sparse file from an IP import (no figures) as a candidate with data to collect', () => {
    const sparse = { enterprise: { uscc: '91120116MA05XXXXXX', name: 'y', districtCode: '120116', flags: [] }, ipAssets: [{ kind: 'invention-patent', number: 'ZL2', status: 'valid', acquisition: 'own' }] } as unknown as Facts;
    const s = screenOne(asOf, sparse, DEFAULT_RULE_SETS);
    expect(s.certified).toBe(false);
    if (s.certified) return;
    expect(s.closeness.missing).toEqual(expect.arrayContaining(['HT-AGE', 'HT-FIELD', 'HT-STAFF', 'HT-RD', 'HT-PS']));
    expect(reasonsOf(asOf, sparse, DEFAULT_RULE_SETS).every((r) => r.zh && r.en)).toBe(true);
  });
});

describe('progress from the evaluation history', () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const point = (id: number, asOf: string, criteria: Record<string, string>) => ({ id, asOf, source: 'change', at, criteria });

  it('derives each plan item\'s status: met since, open, overdue, regressed', () => {
    const points = [
      point(1, '2026-03-01', { 'HT-RD': 'unmet', 'HT-IP': 'unmet', 'HT-STAFF': 'met', 'HT-PS': 'unmet' }),
      point(2, '2026-05-10', { 'HT-RD': 'met', 'HT-IP': 'unmet', 'HT-STAFF': 'met', 'HT-PS': 'met' }),
      point(3, '2026-08-20', { 'HT-RD': 'met', 'HT-IP': 'unmet', 'HT-STAFF': 'unmet', 'HT-PS': 'met' }),
    ];
    const plan = [
      { code: 'HT-RD', targetDate: '2026-06-30' },
      { code: 'HT-IP', targetDate: '2026-06-30' },
      { code: 'HT-PS', targetDate: '2026-12-31' },
      { code: 'HT-STAFF', targetDate: '2026-12-31' },
    ];
    const p = progressOf(plan, points, '2026-09-01');
    const row = (code: string) => p.rows.find((r) => r.code === code)!;
    expect(row('HT-RD')).toMatchObject({ status: 'met', metSince: '2026-05-10', baseline: 'unmet', outcomes: ['unmet', 'met', 'met'] });
    expect(row('HT-IP')).toMatchObject({ status: 'overdue', metSince: null });
    expect(row('HT-STAFF')).toMatchObject({ status: 'regressed', regressed: true });
    expect(row('HT-PS')).toMatchObject({ status: 'met' });
    expect(row('HT-AGE')).toMatchObject({ inPlan: false, current: null });
    expect(p.summary).toEqual({ planned: 4, fixed: 2, open: 0, overdue: 1, regressed: 1 });
  });

  it('finds regressions (met → unmet only) and improvements', () => {
    expect(regressions({ 'HT-RD': 'met', 'HT-IP': 'met', 'HT-PS': 'met' }, { 'HT-RD': 'unmet', 'HT-IP': 'missing', 'HT-PS': 'met' })).toEqual(['HT-RD']);
    expect(improvements({ 'HT-RD': 'unmet', 'HT-IP': 'missing' }, { 'HT-RD': 'met', 'HT-IP': 'met' })).toEqual(['HT-IP', 'HT-RD']);
    expect(htCriteriaOf({ programs: { 'high-tech': { outcome: 'ineligible', criteria: { 'HT-RD': 'unmet' } } } })).toEqual({ 'HT-RD': 'unmet' });
    expect(htCriteriaOf(null)).toEqual({});
  });
});

describe('membership state machine', () => {
  it.each([
    ['proposed', 'admit', 'admitted', 'manager'],
    ['proposed', 'decline', 'withdrawn', 'manager'],
    ['proposed', 'withdraw', 'withdrawn', 'officer'],
    ['admitted', 'certify', 'certified', 'system'],
    ['admitted', 'not-yet', 'not-yet', 'manager'],
    ['admitted', 'roll-over', 'rolled-over', 'manager'],
    ['not-yet', 'roll-over', 'rolled-over', 'admin'],
  ])('%s --%s--> %s (%s)', (from, action, to, role) => {
    const t = transitionFor(from, action)!;
    expect(t.to).toBe(to);
    expect(t.roles).toContain(role);
  });

  it('refuses what is not in the table and what the role may not do', () => {
    expect(transitionFor('certified', 'roll-over')).toBeUndefined();
    expect(transitionFor('withdrawn', 'admit')).toBeUndefined();
    expect(transitionFor('proposed', 'admit')!.roles).not.toContain('officer');
    expect(actionsFor('admitted', 'officer')).toEqual([]);
    expect(actionsFor('admitted', 'enterprise')).toEqual([]);
  });

  it('maps an HNTE application outcome to the membership action', () => {
    expect(outcomeOfApplication('certified')).toBe('certify');
    expect(outcomeOfApplication('rejected')).toBe('not-yet');
    expect(outcomeOfApplication('withdrawn')).toBe('withdraw');
    expect(outcomeOfApplication('expert-review')).toBeNull();
  });
});
