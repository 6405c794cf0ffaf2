import { describe, expect, it } from '@jest/globals';
import { gradeLoan, gradedCompensation, type RiskGradeInput } from './ip-pledge-grade.js';
import { DEFAULT_PARAMS, DEFAULT_RISK_GRADING, validateParams } from './params.js';

const G = DEFAULT_RISK_GRADING;
const base: RiskGradeInput = { assetKinds: ['trademark'], loanAmount: 900_000, appraisedValue: 1_000_000, hnteValid: false, tiers: [], enhancement: null };
const points = (over: Partial<RiskGradeInput>) => {
  const r = gradeLoan({ ...base, ...over }, G);
  if (!r.ok) throw new Error(r.missing.join());
  return r.grade;
};

describe('IPP-GRADE factors (rules.md §5.4)', () => {
  it.each([
    // pledged assets
    ['any Class I item', { assetKinds: ['trademark', 'invention-patent'] }, 'assets', 3],
    ['Class I: integrated-circuit layout', { assetKinds: ['ic-layout'] }, 'assets', 3],
    ['Class II only', { assetKinds: ['utility-model', 'software-copyright'] }, 'assets', 1],
    ['trademarks only', { assetKinds: ['trademark'] }, 'assets', 0],
    // coverage = loan ÷ appraised value, each edge inclusive
    ['coverage 39.99%', { loanAmount: 399_900 }, 'coverage', 3],
    ['coverage exactly 40%', { loanAmount: 400_000 }, 'coverage', 3],
    ['coverage 40.0001%', { loanAmount: 400_001 }, 'coverage', 2],
    ['coverage exactly 60%', { loanAmount: 600_000 }, 'coverage', 2],
    ['coverage 60.0001%', { loanAmount: 600_001 }, 'coverage', 1],
    ['coverage exactly 80%', { loanAmount: 800_000 }, 'coverage', 1],
    ['coverage 80.0001%', { loanAmount: 800_001 }, 'coverage', 0],
    ['coverage above 100%', { loanAmount: 1_500_000 }, 'coverage', 0],
    ['coverage 1/3 (no finite decimal)', { loanAmount: 1, appraisedValue: 3 }, 'coverage', 3],
    // enterprise standing
    ['valid HNTE', { hnteValid: true }, 'enterprise', 2],
    ['gazelle', { tiers: ['gazelle'] }, 'enterprise', 2],
    ['leader', { tiers: ['leader'] }, 'enterprise', 2],
    ['unicorn', { tiers: ['unicorn'] }, 'enterprise', 2],
    ['young eagle', { tiers: ['young-eagle'] }, 'enterprise', 1],
    ['tech-SME', { tiers: ['tech-sme'] }, 'enterprise', 1],
    ['tech-SME and HNTE', { tiers: ['tech-sme'], hnteValid: true }, 'enterprise', 2],
    ['an SRDI rung only', { tiers: ['srdi-sme'] }, 'enterprise', 0],
    ['none', {}, 'enterprise', 0],
    // credit enhancement
    ['guarantee', { enhancement: 'guarantee' }, 'enhancement', 2],
    ['insurance', { enhancement: 'insurance' }, 'enhancement', 2],
    ['risk fund is no enhancement', { enhancement: 'risk-fund' }, 'enhancement', 0],
    ['no enhancement', { enhancement: null }, 'enhancement', 0],
  ] as [string, Partial<RiskGradeInput>, 'assets' | 'coverage' | 'enterprise' | 'enhancement', number][])('%s → %s %d', (_n, over, factor, expected) => {
    expect(points(over).factors[factor]).toBe(expected);
  });
});

/** Inputs reaching a total: assets (0/1/3) + coverage (0–3) + enterprise (0–2) + enhancement (0/2). */
const total = (assets: string[], loan: number, standing: Partial<RiskGradeInput>, enhancement: string | null): Partial<RiskGradeInput> =>
  ({ assetKinds: assets, loanAmount: loan, enhancement, ...standing });

describe('grade and fund share at each boundary', () => {
  it.each([
    ['0 points → D', total(['trademark'], 900_000, {}, null), 0, 'D', 0, false],
    ['3 points → D', total(['trademark'], 400_000, {}, null), 3, 'D', 0, false],
    ['4 points → C', total(['utility-model'], 400_000, {}, null), 4, 'C', 0.5, true],
    ['5 points → C', total(['utility-model'], 400_000, { tiers: ['tech-sme'] }, null), 5, 'C', 0.5, true],
    ['6 points → B', total(['invention-patent'], 400_000, {}, null), 6, 'B', 0.4, true],
    ['7 points → B', total(['invention-patent'], 400_000, { tiers: ['young-eagle'] }, null), 7, 'B', 0.4, true],
    ['8 points → A', total(['invention-patent'], 400_000, { hnteValid: true }, null), 8, 'A', 0.3, true],
    ['10 points → A', total(['invention-patent'], 400_000, { hnteValid: true }, 'guarantee'), 10, 'A', 0.3, true],
  ] as [string, Partial<RiskGradeInput>, number, string, number, boolean][])('%s', (_n, over, pts, grade, share, eligible) => {
    const g = points(over);
    expect([g.points, g.grade, g.fundShare, g.fundEligible]).toEqual([pts, grade, share, eligible]);
  });
});

describe('cannot grade without the figures', () => {
  it.each([
    ['no appraisal', { appraisedValue: null }, ['appraisedValue']],
    ['appraised at 0', { appraisedValue: 0 }, ['appraisedValue']],
    ['no loan amount', { loanAmount: undefined }, ['loanAmount']],
    ['no pledged item', { assetKinds: [] }, ['assets']],
  ] as [string, Partial<RiskGradeInput>, string[]][])('%s', (_n, over, missing) => {
    expect(gradeLoan({ ...base, ...over }, G)).toEqual({ ok: false, missing });
  });
});

describe('the numbers are rule-set parameters', () => {
  it('an edited grading changes the grade with no code change', () => {
    const edited = { ...G, grades: [{ grade: 'A' as const, minPoints: 3, fundShare: 0.25 }] };
    const r = gradeLoan({ ...base, loanAmount: 400_000 }, edited);
    expect(r.ok && [r.grade.grade, r.grade.fundShare]).toEqual(['A', 0.25]);
  });
  it('the default ip-pledge parameters validate, grading included; a bad share is a field message', () => {
    expect(validateParams('ip-pledge', DEFAULT_PARAMS['ip-pledge'])).toEqual([]);
    const bad = { ...DEFAULT_PARAMS['ip-pledge'], riskGrading: { ...G, grades: [{ grade: 'A', minPoints: 8, fundShare: 3 }] } };
    expect(validateParams('ip-pledge', bad).map((i) => i.path)).toEqual(['riskGrading.grades[0].fundShare']);
  });
});

describe('compensation with the graded share', () => {
  it.each([
    [1_000_000, 0.3, 300_000, 700_000],
    [1_000_000, 0.5, 500_000, 500_000],
    [333_333.33, 0.4, 133_333.33, 200_000],
    [500_000, 0, 0, 500_000],
  ])('loss %d × %d', (loss, share, fund, bank) => {
    expect(gradedCompensation(loss, share)).toEqual({ fund, bank });
  });
});
