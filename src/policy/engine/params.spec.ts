import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PARAMS, PARAM_PROGRAMS, PROVISIONAL_PATHS, paramPaths, validateParams, type ParamProgram } from './params.js';

const paths = (program: ParamProgram, params: unknown) => validateParams(program, params, 'en').map((i) => i.path);

function draft<P extends ParamProgram>(program: P, change: (p: Record<string, any>) => void): unknown {
  const p = structuredClone(DEFAULT_PARAMS[program]) as Record<string, any>;
  change(p);
  return p;
}

describe('DEFAULT_PARAMS', () => {
  it.each(PARAM_PROGRAMS.map((p) => [p]))('%s defaults pass validation', (program) => {
    expect(validateParams(program, DEFAULT_PARAMS[program])).toEqual([]);
  });

  it.each(PARAM_PROGRAMS.map((p) => [p]))('%s provisional paths name real parameters', (program) => {
    const all = paramPaths(program);
    for (const path of PROVISIONAL_PATHS[program]) expect(all).toContain(path);
  });

  it('every gazelle number is provisional (rules.md §1.3)', () => {
    const meta = ['edition', 'references'];
    expect([...PROVISIONAL_PATHS.gazelle].sort()).toEqual(paramPaths('gazelle').filter((p) => !meta.includes(p)).sort());
  });

  it('recognition validity and IP-pledge subsidy defaults are provisional', () => {
    for (const p of ['young-eagle', 'gazelle', 'leader-candidate', 'leader'] as const)
      expect(PROVISIONAL_PATHS[p]).toContain('recognitionValidityYears');
    expect(PROVISIONAL_PATHS['ip-pledge']).toEqual(
      expect.arrayContaining(['interestSubsidyRate', 'interestSubsidyCap', 'appraisalSubsidyRate', 'appraisalSubsidyCap']),
    );
    expect(PROVISIONAL_PATHS['high-tech']).toEqual([]);
  });

  it('rules.md numbers are the defaults', () => {
    expect(DEFAULT_PARAMS['tech-sme']).toMatchObject({ maxEmployees: 500, maxSalesRevenue: 200_000_000, maxTotalAssets: 200_000_000, scorePassMark: 60 });
    expect(DEFAULT_PARAMS['young-eagle']).toMatchObject({ revenueMin: 100_000, ventureMin: 1_000_000, ageWindowYears: 8 });
    expect(DEFAULT_PARAMS.gazelle).toMatchObject({ rdIntensityMin: 0.03, revenueMin: 10_000_000, growthMin: 0.2, ventureMin: 5_000_000 });
    expect(DEFAULT_PARAMS['leader-candidate']).toMatchObject({ revenueMin: 200_000_000, ipItemsMin: 15, ipClassIMin: 3, growthMin: 0 });
    expect(DEFAULT_PARAMS.leader).toMatchObject({ revenueMin: 500_000_000, ipItemsMin: 20, ipClassIMin: 5, growthMin: 0 });
    expect(DEFAULT_PARAMS['high-tech']).toMatchObject({ scorePassMark: 71, staffShareMin: 0.1, productShareMin: 0.6, rdDomesticShareMin: 0.6 });
    expect(DEFAULT_PARAMS['super-deduction']).toMatchObject({ otherCapShare: 0.1, contractedShare: 0.8, eitRate: 0.25, eitRateHighTech: 0.15 });
    expect(DEFAULT_PARAMS['ip-pledge']).toMatchObject({ interestSubsidyRate: 0.4, interestSubsidyCap: 500_000, appraisalSubsidyRate: 0.5, appraisalSubsidyCap: 50_000, riskFundShare: 0.4 });
  });
});

describe('validateParams', () => {
  it.each<[string, ParamProgram, (p: Record<string, any>) => void, string]>([
    ['negative money', 'young-eagle', (p) => (p.revenueMin = -1), 'revenueMin'],
    ['money not a number', 'young-eagle', (p) => (p.revenueMin = '100000'), 'revenueMin'],
    ['percentage above 1', 'gazelle', (p) => (p.rdIntensityMin = 3), 'rdIntensityMin'],
    ['percentage below 0', 'high-tech', (p) => (p.staffShareMin = -0.1), 'staffShareMin'],
    ['fractional count', 'leader', (p) => (p.ipItemsMin = 2.5), 'ipItemsMin'],
    ['missing parameter', 'leader', (p) => delete p.revenueMin, 'revenueMin'],
    ['unknown parameter', 'leader', (p) => (p.revenueMax = 1), 'revenueMax'],
    ['bands not descending', 'tech-sme', (p) => (p.staffBands[1].min = 0.35), 'staffBands[1].min'],
    ['band points negative', 'tech-sme', (p) => (p.rdSalesBands[0].points = -5), 'rdSalesBands[0].points'],
    ['band unknown key', 'tech-sme', (p) => (p.rdSalesBands[0].max = 1), 'rdSalesBands[0].max'],
    ['band fraction above 1', 'tech-sme', (p) => (p.rdCostBands[0].min = 30), 'rdCostBands[0].min'],
    ['point range reversed', 'high-tech', (p) => (p.score.ipCountClassI = [8, 7]), 'score.ipCountClassI'],
    ['range band reversed', 'high-tech', (p) => (p.score.growthBands[0].points = [10, 9]), 'score.growthBands[0].points'],
    ['item max below its bands', 'high-tech', (p) => (p.score.transformationMax = 20), 'score.transformationMax'],
    ['R&D tiers not ascending', 'high-tech', (p) => (p.rdTiers[1].maxSales = 10_000_000), 'rdTiers[1].maxSales'],
    ['R&D tiers not open-ended', 'high-tech', (p) => (p.rdTiers[2].maxSales = 900_000_000), 'rdTiers[2].maxSales'],
    ['R&D tiers open in the middle', 'high-tech', (p) => (p.rdTiers[0].maxSales = null), 'rdTiers[0].maxSales'],
    ['rate rows overlap', 'super-deduction', (p) => (p.rates[3].fromYear = 2020), 'rates[3].fromYear'],
    ['rate rows leave a gap', 'super-deduction', (p) => (p.rates[5].fromYear = 2024), 'rates[5].fromYear'],
    ['rate row ends before it starts', 'super-deduction', (p) => (p.rates[2].toYear = 2017), 'rates[2].toYear'],
    ['negative rate', 'super-deduction', (p) => (p.rates[6].rate = -1), 'rates[6].rate'],
    ['open-ended row not last', 'super-deduction', (p) => (p.rates[5].toYear = null), 'rates[5].toYear'],
    ['q4 share above 1', 'super-deduction', (p) => (p.q4Share = 1.5), 'q4Share'],
    ['overseas fraction above 1', 'super-deduction', (p) => (p.overseasCapOfDomestic = { numerator: 4, denominator: 3 }), 'overseasCapOfDomestic'],
    ['bad negative-list prefix', 'super-deduction', (p) => (p.negativeList.prefixes = ['F51', 'wholesale']), 'negativeList.prefixes[1]'],
    ['unknown contest rank', 'young-eagle', (p) => (p.contestMinRank.national = 'gold'), 'contestMinRank.national'],
    ['unknown IP kind', 'ip-pledge', (p) => (p.pledgeableKinds = ['trademark', 'domain-name']), 'pledgeableKinds[1]'],
    ['subsidy rate above 1', 'ip-pledge', (p) => (p.interestSubsidyRate = 40), 'interestSubsidyRate'],
    ['minimum years above window', 'gazelle', (p) => (p.rdMinYears = 5), 'rdMinYears'],
    ['growth below -100%', 'gazelle', (p) => (p.growthMin = -2), 'growthMin'],
    ['bands not a list', 'tech-sme', (p) => (p.staffBands = { min: 0.3 }), 'staffBands'],
    ['a band not an object', 'tech-sme', (p) => (p.staffBands[2] = 12), 'staffBands[2]'],
    ['band strict not boolean', 'high-tech', (p) => (p.score.growthBands[4].strict = 'yes'), 'score.growthBands[4].strict'],
    ['growth band edge not a number', 'high-tech', (p) => (p.score.growthBands[0].min = '35%'), 'score.growthBands[0].min'],
    ['R&D tiers empty', 'high-tech', (p) => (p.rdTiers = []), 'rdTiers'],
    ['an R&D tier not an object', 'high-tech', (p) => (p.rdTiers[0] = 0.05), 'rdTiers[0]'],
    ['rates not a list', 'super-deduction', (p) => (p.rates = 1), 'rates'],
    ['a rate row not an object', 'super-deduction', (p) => (p.rates[1] = 0.75), 'rates[1]'],
    ['a rate row with an unknown key', 'super-deduction', (p) => (p.rates[2].smallBusiness = 1), 'rates[2].smallBusiness'],
    ['a special rate negative', 'super-deduction', (p) => (p.rates[3].manufacturing = -1), 'rates[3].manufacturing'],
    ['a year that is not a whole number', 'super-deduction', (p) => (p.rates[2].toYear = 2020.5), 'rates[2].toYear'],
    ['open start on a later row', 'super-deduction', (p) => (p.rates[1].fromYear = null), 'rates[1].fromYear'],
    ['score object replaced', 'high-tech', (p) => (p.score = 5), 'score'],
    ['enum list not a list', 'ip-pledge', (p) => (p.pledgeableKinds = 'trademark'), 'pledgeableKinds'],
    ['prefixes not a list', 'super-deduction', (p) => (p.negativeList.prefixes = 'F51'), 'negativeList.prefixes'],
    ['fraction pair not an object', 'super-deduction', (p) => (p.overseasCapOfDomestic = 0.67), 'overseasCapOfDomestic'],
  ])('%s is reported at its path', (_name, program, change, path) => {
    expect(paths(program, draft(program, change))).toContain(path);
  });

  // Prototype names as keys (docs/security.md §4): never an inherited field, never a silently kept key.
  const withKey = (key: string) => JSON.parse(`{${JSON.stringify(key)}:{"polluted":true},${JSON.stringify(DEFAULT_PARAMS.gazelle).slice(1)}`) as unknown;
  const inherited = () => {
    const own = structuredClone(DEFAULT_PARAMS.gazelle) as unknown as Record<string, unknown>;
    const { rdMinYears, ...rest } = own;
    return Object.setPrototypeOf(rest, { rdMinYears }) as unknown;
  };
  it.each([
    ['a "__proto__" key is unknown', () => withKey('__proto__'), '__proto__'],
    ['a "constructor" key is unknown', () => withKey('constructor'), 'constructor'],
    ['a "toString" key is unknown', () => withKey('toString'), 'toString'],
    ['a "hasOwnProperty" key is unknown', () => withKey('hasOwnProperty'), 'hasOwnProperty'],
    ['a field supplied by a replaced prototype is not an object', inherited, ''],
  ])('%s', (_name, make, path) => {
    expect(paths('gazelle', make())).toContain(path);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a non-object draft', () => {
    expect(paths('leader', null)).toEqual(['']);
  });

  it('gives messages in the requested language', () => {
    const bad = draft('gazelle', (p) => (p.rdIntensityMin = 3));
    expect(validateParams('gazelle', bad, 'en')[0]!.message).toMatch(/fraction between 0 and 1/);
    expect(validateParams('gazelle', bad)[0]!.message).toMatch(/0 到 1 之间/);
  });
});
