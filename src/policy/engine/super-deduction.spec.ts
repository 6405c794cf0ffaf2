import { describe, expect, it } from '@jest/globals';
import type { ActivityType, Outcome, RdExpenseDetail } from './facts.js';
import { DEFAULT_PARAMS } from './params.js';
import { superDeductionAmount, superDeductionRate, type SdAmount } from './sd-amount.js';
import { crit, fy, golden, LEGACY, outcomeOf, run, type Draft } from './testing/fixtures.js';

const P = DEFAULT_PARAMS['super-deduction'];

describe('super-deduction criteria', () => {
  it.each<[string, (f: Draft) => void, Outcome]>([
    ['audit', () => {}, 'met'],
    ['deemed', (f) => (f.enterprise.taxMode = 'deemed'), 'unmet'],
    ['unknown', (f) => delete f.enterprise.taxMode, 'missing'],
  ])('SD-TAX %s', (_name, patch, outcome) => {
    expect(outcomeOf('super-deduction', golden(patch), 'SD-TAX')).toBe(outcome);
  });

  const projects = (...types: ActivityType[]) => (f: Draft) => (f.rdExpenseDetail.projects = types.map((activityType) => ({ activityType })));
  it.each<[string, (f: Draft) => void, Outcome]>([
    ['one new product', projects('new-product'), 'met'],
    ['basic research among excluded ones', projects('routine-upgrade', 'basic-research'), 'met'],
    ['only excluded activities', projects('routine-upgrade', 'market-research', 'social-science'), 'unmet'],
    ['each excluded type alone', projects('direct-application', 'after-sales-support', 'simple-change', 'routine-testing'), 'unmet'],
    ['no project listed', projects(), 'unmet'],
    ['projects unknown', (f) => delete (f.rdExpenseDetail as RdExpenseDetail).projects, 'missing'],
    ['no R&D detail at all', (f) => delete (f as Partial<Draft>).rdExpenseDetail, 'missing'],
  ])('SD-ACTIVITY %s', (_name, patch, outcome) => {
    expect(outcomeOf('super-deduction', golden(patch), 'SD-ACTIVITY')).toBe(outcome);
  });

  it.each<[boolean | undefined, Outcome]>([
    [true, 'met'],
    [false, 'unmet'],
    [undefined, 'missing'],
  ])('SD-LEDGER rdLedger %s', (kept, outcome) => {
    expect(outcomeOf('super-deduction', golden((f) => (f.enterprise.rdLedger = kept)), 'SD-LEDGER')).toBe(outcome);
  });
});

describe('super-deduction amount (rules.md §4.4)', () => {
  const API_DETAIL: RdExpenseDetail = {
    year: 2025,
    personnel: 500_000,
    directInputs: 200_000,
    depreciation: 50_000,
    amortization: 20_000,
    design: 30_000,
    other: 150_000,
    contractedDomestic: 100_000,
    contractedOverseas: 0,
    byProductIncome: 0,
    manufacturing: true,
    icOrMachineTool: false,
  };

  it('SD amount of the api.md example follows rules.md: "other" is capped (base 968,888.89, not 1,030,000)', () => {
    const expected: SdAmount = {
      year: 2025,
      base: 968_888.89,
      rate: 1,
      rateBasis: 'general',
      extraDeduction: 968_888.89,
      eitRate: 0.25,
      taxSaving: 242_222.22,
      qualifyingExpenses: 800_000,
      otherCap: 88_888.89,
      allowedOther: 88_888.89,
      contractedDomesticAllowed: 80_000,
      contractedOverseasAllowed: 0,
      byProductIncome: 0,
      capitalisedAmortisationFactor: 2,
    };
    expect(superDeductionAmount(API_DETAIL, 2025, 0.25, P)).toEqual(expected);
  });

  it.each<[string, Partial<RdExpenseDetail>, Partial<SdAmount>]>([
    ['other below the cap is allowed in full', { other: 50_000 }, { allowedOther: 50_000, base: 930_000 }],
    ['other exactly at the cap', { personnel: 900_000, directInputs: 0, depreciation: 0, amortization: 0, design: 0, other: 100_000, contractedDomestic: 0 }, { otherCap: 100_000, allowedOther: 100_000, base: 1_000_000 }],
    ['overseas within ⅔ of domestic counts at 80%', { contractedOverseas: 500_000 }, { contractedOverseasAllowed: 400_000, base: 1_368_888.89 }],
    ['overseas capped at ⅔ of qualifying domestic', { contractedOverseas: 2_000_000 }, { contractedOverseasAllowed: 645_925.93, base: 1_614_814.81 }],
    ['by-product income is subtracted', { byProductIncome: 68_888.89 }, { base: 900_000, byProductIncome: 68_888.89 }],
    ['the base never goes below zero', { byProductIncome: 5_000_000 }, { base: 0, extraDeduction: 0, taxSaving: 0 }],
    ['absent categories count as zero', { personnel: undefined, directInputs: undefined, other: undefined, contractedDomestic: undefined }, { qualifyingExpenses: 100_000, base: 100_000 }],
  ])('SD amount: %s', (_name, change, expected) => {
    expect(superDeductionAmount({ ...API_DETAIL, ...change }, 2025, 0.25, P)).toMatchObject(expected);
  });

  it('SD amount: EIT 15% with a valid HNTE certificate, 25% without', () => {
    const withCert = run('super-deduction', golden()).amount as SdAmount;
    expect([withCert.eitRate, withCert.taxSaving]).toEqual([0.15, 145_333.33]);
    const without = run('super-deduction', golden((f) => (f.qualifications = []))).amount as SdAmount;
    expect([without.eitRate, without.taxSaving]).toEqual([0.25, 242_222.22]);
    // Golden update: the claim year's rate (rules.md §4.4). Expired at asOf but valid during 2025 → 15%.
    const expiredAtAsOf = run('super-deduction', golden((f) => (f.qualifications = [{ kind: 'hnte-certificate', on: '2022-12-01' }]))).amount as SdAmount;
    expect([expiredAtAsOf.eitRate, expiredAtAsOf.eitRateBasis]).toEqual([0.15, 'high-tech']);
    const expiredBefore = run('super-deduction', golden((f) => (f.qualifications = [{ kind: 'hnte-certificate', on: '2021-06-01' }]))).amount as SdAmount;
    expect(expiredBefore.eitRate).toBe(0.25);
    // 2026.1 used the certificate's status at asOf.
    const legacy = run('super-deduction', golden((f) => (f.qualifications = [{ kind: 'hnte-certificate', on: '2022-12-01' }])), { ruleSets: LEGACY }).amount as SdAmount;
    expect(legacy.eitRate).toBe(0.25);
  });

  // Corrected rules (edition 2): claim year 2025, no HNTE certificate; small low-profit limits 3M / 300 / 50M.
  it.each<[string, (f: Draft) => void, Partial<SdAmount>]>([
    ['small low-profit: taxable income exactly 3,000,000', (f) => Object.assign(fy(f, 2025), { taxableIncome: 3_000_000 }), { eitRate: 0.05, eitRateBasis: 'small-low-profit' }],
    ['taxable income one yuan above 3,000,000', (f) => Object.assign(fy(f, 2025), { taxableIncome: 3_000_001 }), { eitRate: 0.25, eitRateBasis: 'standard' }],
    ['employees 301', (f) => Object.assign(fy(f, 2025), { taxableIncome: 1_000_000, employees: 301 }), { eitRate: 0.25, eitRateBasis: 'standard' }],
    ['assets one yuan above 50,000,000', (f) => Object.assign(fy(f, 2025), { taxableIncome: 1_000_000, totalAssets: 50_000_001 }), { eitRate: 0.25 }],
    ['taxable income unknown: standard rate, assumed', () => {}, { eitRate: 0.25, eitRateBasis: 'standard', eitRateAssumed: true }],
    ['loss year: the saving is deferred', (f) => Object.assign(fy(f, 2025), { taxableIncome: -200_000 }), { eitRate: 0.05, taxSaving: 0, taxSavingDeferred: true, deferredTaxSaving: 48_444.44 }],
    ['claim year 2022: no small low-profit rate then', (f) => ((f.rdExpenseDetail.year = 2022), Object.assign(fy(f, 2022), { taxableIncome: 100_000 })), { eitRate: 0.25, eitRateBasis: 'standard' }],
  ])('SD-AMOUNT EIT %s', (_name, patch, expected) => {
    expect(run('super-deduction', golden((f) => ((f.qualifications = []), patch(f)))).amount).toMatchObject(expected);
  });

  // Excluded projects' costs and fiscal-fund R&D leave the base (golden base 968,888.89 with other capped at 88,888.89).
  it.each<[string, (f: Draft) => void, Partial<SdAmount>]>([
    ['an excluded project with costs', (f) => f.rdExpenseDetail.projects.push({ name: 'QC', activityType: 'routine-testing', costs: { personnel: 90_000 } }), { excludedProjectCosts: 90_000, base: 868_888.89 }],
    ['an eligible project with costs changes nothing', (f) => f.rdExpenseDetail.projects.push({ name: 'B', activityType: 'new-process', costs: { personnel: 90_000 } }), { excludedProjectCosts: 0, base: 968_888.89 }],
    ['fiscal funds booked as non-taxable', (f) => (f.rdExpenseDetail.fiscalFunds = 68_888.89), { fiscalFunds: 68_888.89, base: 900_000 }],
    ['fiscal funds above the base', (f) => (f.rdExpenseDetail.fiscalFunds = 5_000_000), { base: 0 }],
  ])('SD-AMOUNT base: %s', (_name, patch, expected) => {
    expect(run('super-deduction', golden(patch)).amount).toMatchObject(expected);
  });

  it('SD-AMOUNT base under 2026.1 kept excluded projects and fiscal funds in (as recorded)', () => {
    const f = golden((d) => ((d.rdExpenseDetail.fiscalFunds = 68_888.89), d.rdExpenseDetail.projects.push({ activityType: 'routine-testing', costs: { personnel: 90_000 } })));
    expect((run('super-deduction', f, { ruleSets: LEGACY }).amount as SdAmount).base).toBe(968_888.89);
  });

  it('SD amount is omitted when the enterprise is ineligible, kept when incomplete', () => {
    expect(run('super-deduction', golden((f) => (f.enterprise.taxMode = 'deemed'))).amount).toBeUndefined();
    const incomplete = run('super-deduction', golden((f) => delete f.enterprise.rdLedger));
    expect(incomplete.outcome).toBe('incomplete');
    expect((incomplete.amount as SdAmount | undefined)?.base).toBe(968_888.89);
  });
});

describe('super-deduction rate table', () => {
  type Kind = { manufacturing?: boolean; techSme?: boolean; icOrMachineTool?: boolean };
  it.each<[number, Kind, number, string]>([
    [2015, {}, 0.5, 'general'],
    [2016, { manufacturing: true }, 0.5, 'general'],
    [2017, {}, 0.5, 'general'],
    [2017, { techSme: true }, 0.75, 'tech-sme'],
    [2018, {}, 0.75, 'general'],
    [2020, { manufacturing: true }, 0.75, 'general'],
    [2021, {}, 0.75, 'general'],
    [2021, { manufacturing: true }, 1, 'manufacturing'],
    // Golden update: rules.md §4.4 spreads the year at 92/365 for Oct–Dec (was 0.25): 0.75 + 0.25 × 92/365.
    [2022, {}, 0.75 + (0.25 * 92) / 365, 'weighted-q4'],
    [2022, { manufacturing: true }, 1, 'manufacturing'],
    [2022, { techSme: true }, 1, 'tech-sme'],
    [2023, {}, 1, 'general'],
    [2023, { icOrMachineTool: true }, 1.2, 'ic-or-machine-tool'],
    [2027, { icOrMachineTool: true, manufacturing: true }, 1.2, 'ic-or-machine-tool'],
    [2028, { icOrMachineTool: true }, 1, 'general'],
    [2031, {}, 1, 'general'],
  ])('SD rate for %i %o is %d (%s)', (year, kind, rate, basis) => {
    const r = superDeductionRate(year, kind, P);
    expect(r.rate.toNumber()).toBe(rate);
    expect(r.basis).toBe(basis);
  });

  it('SD rate 2022 follows q4Share', () => {
    expect(superDeductionRate(2022, {}, { ...P, q4Share: 0.5 }).rate.toNumber()).toBe(0.875);
  });

  it('SD rate for a year outside the table is 0', () => {
    expect(superDeductionRate(2030, {}, { ...P, rates: [{ fromYear: 2023, toYear: 2027, rate: 1 }] }).basis).toBe('none');
  });

  it('SD 120% applies to the amount of an IC enterprise claiming 2025', () => {
    const a = run('super-deduction', golden((f) => (f.rdExpenseDetail.icOrMachineTool = true))).amount as SdAmount;
    expect([a.rate, a.extraDeduction, a.capitalisedAmortisationFactor]).toEqual([1.2, 1_162_666.67, 2.2]);
  });
});

describe('super-deduction programme', () => {
  it.each<[string, (f: Draft) => void, string]>([
    ['golden', () => {}, 'eligible'],
    ['deemed taxation', (f) => (f.enterprise.taxMode = 'deemed'), 'ineligible'],
    ['real-estate main business', (f) => ((f.enterprise.industryCode = 'K7010'), (f.financials[3]!.mainBusinessRevenue = 17e6)), 'ineligible'],
    ['ledger unknown', (f) => delete f.enterprise.rdLedger, 'incomplete'],
  ])('SD %s → %s', (_name, patch, outcome) => {
    expect(run('super-deduction', golden(patch)).outcome).toBe(outcome);
  });

  it('SD criteria in rules.md order', () => {
    expect(run('super-deduction', golden()).criteria.map((c) => c.code)).toEqual(['SD-TAX', 'SD-INDUSTRY', 'SD-ACTIVITY', 'SD-LEDGER']);
    expect(crit(run('super-deduction', golden()), 'SD-ACTIVITY').actual).toEqual({ eligibleProjects: 1, projects: 1 });
  });
});
