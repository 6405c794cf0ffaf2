import { describe, expect, it } from '@jest/globals';
import type { FinancialYear, Outcome, QualificationFact } from './facts.js';
import type { TsScore } from './ts-score.js';
import { crit, drop, fy, golden, LEGACY, outcomeOf, run, type Draft, plain } from './testing/fixtures.js';
import { usccCheckChar } from './uscc.js';

/** A USCC with its correct check character. */
const withCheck = (first17: string) => first17 + usccCheckChar(first17)!;

const N1 = 2025;

/** The golden enterprise with some N-1 figures replaced. */
const withN1 = (figures: Partial<FinancialYear>, patch?: (f: Draft) => void) =>
  golden((f) => {
    Object.assign(fy(f, N1), figures);
    patch?.(f);
  });

describe('tech-sme criteria', () => {
  it.each<[string, Partial<FinancialYear>, Outcome]>([
    ['employees exactly 500', { employees: 500 }, 'met'],
    ['employees one person above', { employees: 501 }, 'unmet'],
    ['sales exactly 200,000,000', { salesRevenue: 200_000_000 }, 'met'],
    ['sales one yuan above', { salesRevenue: 200_000_001 }, 'unmet'],
    ['total assets exactly 200,000,000', { totalAssets: 200_000_000 }, 'met'],
    ['total assets one yuan above', { totalAssets: 200_000_001 }, 'unmet'],
  ])('TS-SIZE %s', (_name, figures, outcome) => {
    expect(outcomeOf('tech-sme', withN1(figures), 'TS-SIZE')).toBe(outcome);
  });

  it.each<[string, (f: Draft) => void, Outcome]>([
    ['employees missing', (f) => drop(f, N1, 'employees'), 'missing'],
    ['assets missing', (f) => drop(f, N1, 'totalAssets'), 'missing'],
    ['no N-1 record', (f) => drop(f, N1), 'missing'],
    ['one figure over and one missing: unmet decides', (f) => ((fy(f, N1).employees = 900), drop(f, N1, 'salesRevenue')), 'unmet'],
  ])('TS-SIZE %s', (_name, patch, outcome) => {
    expect(outcomeOf('tech-sme', golden(patch), 'TS-SIZE')).toBe(outcome);
  });

  it('TS-SIZE reports how far each figure is over', () => {
    const c = crit(run('tech-sme', withN1({ employees: 620, totalAssets: 250_000_000 })), 'TS-SIZE');
    expect(c.shortfall).toEqual({ excess: { employees: 120, totalAssets: 50_000_000 }, direction: 'decrease' });
    expect(c.actual).toEqual({ employees: 620, salesRevenue: 17_000_000, totalAssets: 250_000_000 });
  });

  it.each<[string, 'audit' | 'deemed' | undefined, Outcome]>([
    ['audit', 'audit', 'met'],
    ['deemed', 'deemed', 'unmet'],
    ['unknown', undefined, 'missing'],
  ])('TS-TAX %s (2026.1 only: retired by the corrected rules)', (_name, mode, outcome) => {
    expect(outcomeOf('tech-sme', golden((f) => (f.enterprise.taxMode = mode)), 'TS-TAX', undefined, LEGACY)).toBe(outcome);
  });

  // 115号 第六条（一）: a resident enterprise registered in mainland China (USCC division not HK/Macao/Taiwan).
  it.each<[string, string | undefined, Outcome]>([
    ['Shanghai USCC (division 310110)', '91310110666007217T', 'met'],
    ['Xiamen USCC (division 350200)', '91350200776049653A', 'met'],
    ['Hong Kong division 810000', withCheck('91810000MA0000000'), 'unmet'],
    ['Macao division 820000', withCheck('91820000MA0000000'), 'unmet'],
    ['Taiwan division 710000', withCheck('91710000MA0000000'), 'unmet'],
    ['check character wrong', '91310110666007217A', 'unmet'],
    ['USCC unknown', undefined, 'missing'],
  ])('TS-REG %s', (_name, uscc, outcome) => {
    expect(outcomeOf('tech-sme', golden((f) => (f.enterprise.uscc = uscc)), 'TS-REG')).toBe(outcome);
  });

  // 115号 第六条（三）: the State's prohibited/restricted/eliminated categories, a fact of the file.
  it.each<[string, boolean | undefined, Outcome]>([
    ['not in a restricted category', false, 'met'],
    ['in a restricted or eliminated category', true, 'unmet'],
    ['unknown', undefined, 'missing'],
  ])('TS-INDUSTRY %s', (_name, restricted, outcome) => {
    expect(outcomeOf('tech-sme', golden((f) => (f.enterprise.restrictedCategory = restricted)), 'TS-INDUSTRY')).toBe(outcome);
  });

  it('TS-INDUSTRY is no longer the super-deduction negative list (a wholesaler is not restricted)', () => {
    expect(outcomeOf('tech-sme', golden((f) => (f.enterprise.industryCode = 'F5123')), 'TS-INDUSTRY')).toBe('met');
  });
});

describe('TS-SCORE parts (rules.md §1.1 bands, lower edges inclusive)', () => {
  const score = (figures: Partial<FinancialYear>, patch?: (f: Draft) => void) =>
    run('tech-sme', withN1(figures, patch)).score as TsScore;

  it.each<[number, number, number]>([
    [300, 1000, 20],
    [299, 1000, 16],
    [250, 1000, 16],
    [249, 1000, 12],
    [200, 1000, 12],
    [199, 1000, 8],
    [150, 1000, 8],
    [149, 1000, 4],
    [100, 1000, 4],
    [99, 1000, 0],
    [0, 1000, 0],
  ])('TS-SCORE S&T staff %i of %i employees scores %i', (stStaff, employees, points) => {
    expect(score({ stStaff, employees }).parts.stStaff).toBe(points);
  });

  // Option (a): R&D / sales with sales 10M; total cost is large so that option (b) scores 0.
  it.each<[number, number]>([
    [600_000, 50],
    [599_999, 40],
    [500_000, 40],
    [400_000, 30],
    [300_000, 20],
    [200_000, 10],
    [199_999, 0],
  ])('TS-SCORE R&D %i over sales 10M scores %i (option a)', (rd, points) => {
    const s = score({ rdExpense: rd, salesRevenue: 10_000_000, totalCostAndExpense: 1_000_000_000 });
    expect(s.parts.rdBySales).toBe(points);
    expect(s.parts.rd).toBe(points);
  });

  // Option (b): R&D / total cost and expense with cost 1M; sales large so that option (a) scores 0.
  it.each<[number, number]>([
    [300_000, 50],
    [299_999, 40],
    [250_000, 40],
    [200_000, 30],
    [150_000, 20],
    [100_000, 10],
    [99_999, 0],
  ])('TS-SCORE R&D %i over cost 1M scores %i (option b)', (rd, points) => {
    const s = score({ rdExpense: rd, totalCostAndExpense: 1_000_000, salesRevenue: 190_000_000 });
    expect(s.parts.rdByCost).toBe(points);
    expect(s.parts.rd).toBe(points);
  });

  it('TS-SCORE R&D takes the better option', () => {
    // a: 3% → 20; b: 20% → 30
    const s = score({ rdExpense: 300_000, salesRevenue: 10_000_000, totalCostAndExpense: 1_500_000 });
    expect([s.parts.rdBySales, s.parts.rdByCost, s.parts.rd]).toEqual([20, 30, 30]);
  });

  it.each<[string, (f: Draft) => void, number]>([
    ['one related Class I item', (f) => (f.ipAssets = [{ kind: 'invention-patent', status: 'valid', relatedToMainProducts: true }]), 30],
    ['Class I not related, 4 related Class II', (f) => (f.ipAssets = [{ kind: 'invention-patent', status: 'valid' }, ...classII(4, true)]), 24],
    ['5 related Class II', (f) => (f.ipAssets = classII(5, true)), 24],
    ['3 related Class II', (f) => (f.ipAssets = classII(3, true)), 18],
    ['2 related Class II', (f) => (f.ipAssets = classII(2, true)), 12],
    ['1 related Class II', (f) => (f.ipAssets = classII(1, true)), 6],
    ['Class II not related', (f) => (f.ipAssets = classII(4, false)), 0],
    ['related trademark never counts', (f) => (f.ipAssets = [{ kind: 'trademark', status: 'valid', relatedToMainProducts: true }]), 0],
    ['expired Class I does not count', (f) => (f.ipAssets = [{ kind: 'invention-patent', status: 'valid', expiresOn: '2026-03-30', relatedToMainProducts: true }]), 0],
    ['Class I expiring on asOf still counts', (f) => (f.ipAssets = [{ kind: 'invention-patent', status: 'valid', expiresOn: '2026-03-31', relatedToMainProducts: true }]), 30],
    ['pending Class I does not count', (f) => (f.ipAssets = [{ kind: 'invention-patent', status: 'pending', relatedToMainProducts: true }]), 0],
  ])('TS-SCORE IP part: %s → %i', (_name, patch, points) => {
    expect(score({}, patch).parts.ip).toBe(points);
  });
});

function classII(n: number, related: boolean) {
  return Array.from({ length: n }, (_, i) => ({ kind: 'utility-model' as const, number: `U${i}`, status: 'valid' as const, relatedToMainProducts: related }));
}

describe('TS-SCORE outcome', () => {
  const noIp = (f: Draft) => (f.ipAssets = []);
  const oneClassII = (f: Draft) => (f.ipAssets = classII(1, true));
  it.each<[string, Partial<FinancialYear>, ((f: Draft) => void) | undefined, Outcome]>([
    // staff 10% → 4, R&D 6% of sales → 50, IP one related Class II → 6: exactly 60
    ['exactly 60 with staff points > 0', { stStaff: 10, employees: 100, rdExpense: 600_000, salesRevenue: 10_000_000 }, oneClassII, 'met'],
    ['58 (staff 15% → 8, R&D 50, IP 0)', { stStaff: 15, employees: 100, rdExpense: 600_000, salesRevenue: 10_000_000 }, noIp, 'unmet'],
    ['80 but S&T staff scores 0 (9.9%)', { stStaff: 99, employees: 1000, rdExpense: 600_000, salesRevenue: 10_000_000 }, undefined, 'unmet'],
    ['S&T staff missing, the rest could pass', { stStaff: undefined }, undefined, 'missing'],
    ['employees 0 is a zero denominator', { employees: 0 }, undefined, 'missing'],
    ['sales missing but option (b) already scores 50', { salesRevenue: undefined, rdExpense: 300_000, totalCostAndExpense: 1_000_000 }, undefined, 'met'],
    ['sales missing and option (b) low: could still pass', { salesRevenue: undefined, rdExpense: 100_000, totalCostAndExpense: 1_000_000, stStaff: 30, employees: 100 }, noIp, 'missing'],
    ['staff missing but even the best case is below 60', { stStaff: undefined, rdExpense: 0 }, noIp, 'unmet'],
  ])('TS-SCORE %s', (_name, figures, patch, outcome) => {
    const f = withN1(figures, patch);
    for (const [k, v] of Object.entries(figures)) if (v === undefined) drop(f, N1, k as keyof FinancialYear);
    expect(outcomeOf('tech-sme', f, 'TS-SCORE')).toBe(outcome);
  });

  it('TS-SCORE unmet by points names the cheapest indicators that close it, in the enterprise’s numbers', () => {
    // staff 15 of 100 → 8; 20% needs (20 − 15) / 0.8 = 6.25 → 7 hires (+4); or 1 related Class II item (+6). R&D is at 50 already.
    const c = crit(run('tech-sme', withN1({ stStaff: 15, employees: 100, rdExpense: 600_000, salesRevenue: 10_000_000 }, noIp), { locale: 'en' }), 'TS-SCORE');
    expect(c.shortfall).toEqual({
      count: 2,
      unit: 'points',
      options: [
        { moves: [{ indicator: 'stStaff', fromPoints: 8, toPoints: 12, count: 7, unit: 'persons' }], points: 4 },
        { moves: [{ indicator: 'ip', fromPoints: 0, toPoints: 6, count: 1, unit: 'items' }], points: 6 },
      ],
    });
    expect(plain(c.explanation)).toBe(
      'Score 58 (S&T staff 8, R&D 50, IP 0), needs 60: 2 points short; cheapest ways: 7 more S&T staff (S&T staff 8→12 points); or 1 more related Class II item(s) (IP 0→6 points)',
    );
  });

  it.each<[string, Partial<FinancialYear>, Record<string, unknown>[][]]>([
    // staff 10% → 4, R&D 2% of sales → 10, IP 0: 14, short 46 — no single indicator closes it
    ['needs two indicators', { stStaff: 10, employees: 100, rdExpense: 200_000, salesRevenue: 10_000_000, totalCostAndExpense: 9_000_000 }, [
      // +¥200,000 R&D (4% of sales → 30) and one related Class I item (→ 30): 50 points
      [{ indicator: 'rdBySales', toPoints: 30 }, { indicator: 'ip', toPoints: 30 }],
      // 13 hires (20% → 12) and +¥400,000 R&D (6% → 50): 48 points
      [{ indicator: 'stStaff', toPoints: 12 }, { indicator: 'rdBySales', toPoints: 50 }],
    ]],
  ])('TS-SCORE options: %s', (_name, figures, expected) => {
    const c = crit(run('tech-sme', withN1(figures, noIp)), 'TS-SCORE');
    const got = c.shortfall!.options!.map((o) => o.moves.map((m) => ({ indicator: m.indicator, toPoints: m.toPoints })));
    expect(got.slice(0, expected.length)).toEqual(expected);
    for (const o of c.shortfall!.options!) expect(o.points).toBeGreaterThanOrEqual(c.shortfall!.count!);
  });

  it('TS-SCORE under 2026.1 reports the points only (as recorded then)', () => {
    const c = crit(run('tech-sme', withN1({ stStaff: 15, employees: 100, rdExpense: 600_000, salesRevenue: 10_000_000 }, noIp), { ruleSets: LEGACY }), 'TS-SCORE');
    expect(c.shortfall).toEqual({ count: 2, unit: 'points' });
  });

  it.each<[string, boolean | undefined, Outcome]>([
    ['IP checked, none: 58 fails', true, 'unmet'],
    ['IP not checked: the IP part may still make 60', false, 'missing'],
    ['no marker: the list as given', undefined, 'unmet'],
  ])('TS-SCORE %s', (_name, ipChecked, outcome) => {
    const f = withN1({ stStaff: 15, employees: 100, rdExpense: 600_000, salesRevenue: 10_000_000 }, (d) => ((d.ipAssets = []), (d.enterprise.ipChecked = ipChecked)));
    expect(outcomeOf('tech-sme', f, 'TS-SCORE')).toBe(outcome);
  });

  it('TS-SCORE unmet by S&T staff reports the hires needed', () => {
    // 9 of 100 → 0 points; 10% needs (0.1 × 100 − 9) / 0.9 = 1.1 → 2 hires (11/102 ≥ 10%, 10/101 < 10%)
    const c = crit(run('tech-sme', withN1({ stStaff: 9, employees: 100 })), 'TS-SCORE');
    expect(c.shortfall).toEqual({ count: 2, unit: 'persons' });
    expect(c.explanation).toContain('约需再增加 2 名科技人员');
  });

  it('TS-SCORE and TS-DIRECT name each other as alternatives', () => {
    const r = run('tech-sme', golden());
    expect(crit(r, 'TS-SCORE').anyOf).toEqual(['TS-SCORE', 'TS-DIRECT']);
    expect(crit(r, 'TS-DIRECT').anyOf).toEqual(['TS-SCORE', 'TS-DIRECT']);
  });
});

describe('TS-DIRECT', () => {
  const withQual = (...q: QualificationFact[]) => golden((f) => (f.qualifications = q));
  it.each<[string, QualificationFact[], Outcome]>([
    ['no qualification', [], 'unmet'],
    ['valid HNTE certificate', [{ kind: 'hnte-certificate', on: '2024-11-01' }], 'met'],
    ['HNTE certificate past its three years', [{ kind: 'hnte-certificate', on: '2023-03-31' }], 'unmet'],
    ['HNTE certificate on its last day', [{ kind: 'hnte-certificate', on: '2023-04-01' }], 'met'],
    ['HNTE certificate with validUntil before asOf', [{ kind: 'hnte-certificate', on: '2024-01-01', validUntil: '2026-03-30' }], 'unmet'],
    ['HNTE certificate obtained after asOf', [{ kind: 'hnte-certificate', on: '2026-04-01' }], 'unmet'],
    ['national award, unit rank 3, exactly 5 years ago', [{ kind: 'st-award', level: 'national', unitRank: 3, on: '2021-03-31' }], 'met'],
    ['national award, unit rank 4', [{ kind: 'st-award', level: 'national', unitRank: 4, on: '2024-01-01' }], 'unmet'],
    ['national award one day too old', [{ kind: 'st-award', level: 'national', unitRank: 1, on: '2021-03-30' }], 'unmet'],
    ['provincial award', [{ kind: 'st-award', level: 'provincial', unitRank: 1, on: '2024-01-01' }], 'unmet'],
    ['national award without unit rank', [{ kind: 'st-award', level: 'national', on: '2024-01-01' }], 'missing'],
    ['award without level', [{ kind: 'st-award', unitRank: 1, on: '2024-01-01' }], 'missing'],
    ['national award without date', [{ kind: 'st-award', level: 'national', unitRank: 1 }], 'missing'],
    ['provincial R&D institution', [{ kind: 'rd-institution', level: 'provincial' }], 'met'],
    ['national R&D institution', [{ kind: 'rd-institution', level: 'national' }], 'met'],
    ['local R&D institution', [{ kind: 'rd-institution', level: 'local' }], 'unmet'],
    ['R&D institution no longer valid', [{ kind: 'rd-institution', level: 'national', validUntil: '2025-12-31' }], 'unmet'],
    ['R&D institution without level', [{ kind: 'rd-institution' }], 'missing'],
    ['led a national standard, rank 5', [{ kind: 'standard-drafting', level: 'national', drafterRank: 5, on: '2022-06-01' }], 'met'],
    ['industry standard, rank 1', [{ kind: 'standard-drafting', level: 'industry', drafterRank: 1, on: '2022-06-01' }], 'met'],
    ['international standard, rank 2', [{ kind: 'standard-drafting', level: 'international', drafterRank: 2, on: '2022-06-01' }], 'met'],
    ['national standard, rank 6', [{ kind: 'standard-drafting', level: 'national', drafterRank: 6, on: '2022-06-01' }], 'unmet'],
    ['group standard', [{ kind: 'standard-drafting', level: 'group', drafterRank: 1, on: '2022-06-01' }], 'unmet'],
    ['national standard too old', [{ kind: 'standard-drafting', level: 'national', drafterRank: 1, on: '2020-06-01' }], 'unmet'],
    ['national standard without rank', [{ kind: 'standard-drafting', level: 'national', on: '2022-06-01' }], 'missing'],
    ['one open record and one qualifying', [{ kind: 'rd-institution' }, { kind: 'hnte-certificate', on: '2025-01-01' }], 'met'],
  ])('TS-DIRECT %s', (_name, quals, outcome) => {
    expect(outcomeOf('tech-sme', withQual(...quals), 'TS-DIRECT')).toBe(outcome);
  });

  it('TS-DIRECT lists the routes found', () => {
    const r = run('tech-sme', withQual({ kind: 'hnte-certificate', on: '2025-01-01' }, { kind: 'rd-institution', level: 'national' }));
    expect(crit(r, 'TS-DIRECT').actual).toEqual(['hnte-certificate', 'rd-institution']);
  });
});

describe('tech-sme programme', () => {
  // score unmet: staff 9% → 0 points; score missing: S&T staff left out
  const scoreUnmet = (f: Draft) => (fy(f, N1).stStaff = 9);
  const scoreMissing = (f: Draft) => drop(f, N1, 'stStaff');
  const directUnmet = (f: Draft) => (f.qualifications = []);
  it.each<[string, (f: Draft) => void, string]>([
    ['golden: score and direct met', () => {}, 'eligible'],
    ['score unmet, direct met', scoreUnmet, 'eligible'],
    ['score met, direct unmet', directUnmet, 'eligible'],
    ['score and direct unmet', (f) => (scoreUnmet(f), directUnmet(f)), 'ineligible'],
    ['score missing, direct unmet', (f) => (scoreMissing(f), directUnmet(f)), 'incomplete'],
    ['score missing, direct met', scoreMissing, 'eligible'],
    ['deemed taxation no longer matters (TS-TAX retired)', (f) => (f.enterprise.taxMode = 'deemed'), 'eligible'],
    ['restricted category', (f) => (f.enterprise.restrictedCategory = true), 'ineligible'],
    ['restricted category unknown', (f) => delete f.enterprise.restrictedCategory, 'incomplete'],
    ['registered in Hong Kong', (f) => (f.enterprise.uscc = withCheck('91810000MA0000000')), 'ineligible'],
    ['abnormal-operation listing of 2022, still listed', (f) => f.enterprise.flags.push({ kind: 'abnormal-operation', listedOn: '2022-05-01' }), 'ineligible'],
    ['abnormal-operation listing of 2025, removed before asOf', (f) => f.enterprise.flags.push({ kind: 'abnormal-operation', listedOn: '2025-05-01', removedOn: '2026-01-10' }), 'eligible'],
    ['too large', (f) => (fy(f, N1).employees = 501), 'ineligible'],
    ['dishonesty flag in N-1', (f) => f.enterprise.flags.push({ kind: 'serious-dishonesty', on: '2025-06-01' }), 'ineligible'],
  ])('TS %s → %s', (_name, patch, outcome) => {
    expect(run('tech-sme', golden(patch)).outcome).toBe(outcome);
  });

  it('TS golden result carries the score with its parts', () => {
    const r = run('tech-sme', golden());
    expect(r.criteria.map((c) => c.code)).toEqual(['TS-REG', 'TS-SIZE', 'TS-INDUSTRY', 'TS-CREDIT', 'TS-SCORE', 'TS-DIRECT']);
    expect(r.score).toEqual({
      total: 90,
      min: 90,
      max: 90,
      parts: { stStaff: 20, rd: 40, rdBySales: 40, rdByCost: 0, ip: 30, ipMax: 30 },
      ratios: { stStaff: 0.3, rdBySales: 1 / 17, rdByCost: 1_000_000 / 15_300_000 },
    });
    expect(r.ruleSet).toEqual({ version: 'default', provisional: false });
  });
});

describe('tech-sme under 2026.1 (edition 1, reproduced as recorded)', () => {
  it.each<[string, (f: Draft) => void, string]>([
    ['golden', () => {}, 'eligible'],
    ['deemed taxation', (f) => (f.enterprise.taxMode = 'deemed'), 'ineligible'],
    ['industry code unknown', (f) => delete f.enterprise.industryCode, 'incomplete'],
    ['restricted category (not read then)', (f) => (f.enterprise.restrictedCategory = true), 'eligible'],
    ['abnormal-operation listing of 2022 (out of the N-1 window then)', (f) => f.enterprise.flags.push({ kind: 'abnormal-operation', on: '2022-05-01' }), 'eligible'],
  ])('TS 2026.1 %s → %s', (_name, patch, outcome) => {
    expect(run('tech-sme', golden(patch), { ruleSets: LEGACY }).outcome).toBe(outcome);
  });

  it('TS 2026.1 lists TS-TAX where the corrected rules list TS-REG', () => {
    expect(run('tech-sme', golden(), { ruleSets: LEGACY }).criteria.map((c) => c.code)).toEqual(['TS-SIZE', 'TS-TAX', 'TS-INDUSTRY', 'TS-CREDIT', 'TS-SCORE', 'TS-DIRECT']);
  });
});

describe('tech-sme references (rules.md §12)', () => {
  it.each<[string, string]>([
    ['TS-REG', '国科发政〔2017〕115号 第六条（一）'],
    ['TS-SIZE', '国科发政〔2017〕115号 第六条（二）'],
    ['TS-INDUSTRY', '国科发政〔2017〕115号 第六条（三）'],
    ['TS-CREDIT', '国科发政〔2017〕115号 第六条（四）'],
    ['TS-SCORE', '国科发政〔2017〕115号 第六条（五）及附件'],
  ])('%s cites %s in criteria[].reference and in the explanation', (code, reference) => {
    const c = crit(run('tech-sme', golden()), code);
    expect(c.reference).toBe(reference);
    expect(c.explanation.endsWith(`（依据：${reference}）`)).toBe(true);
    expect(crit(run('tech-sme', golden(), { locale: 'en' }), code).explanation.endsWith(` (ref. ${reference})`)).toBe(true);
  });
});
