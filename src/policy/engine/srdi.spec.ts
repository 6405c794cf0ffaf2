import { describe, expect, it } from '@jest/globals';
import { evaluate } from './evaluate.js';
import { ALL_PROGRAMS, PROGRAMS, type Outcome, type QualificationFact } from './facts.js';
import type { InScore } from './innovative-sme.js';
import { CRITERIA_BY_PROGRAM } from './labels.js';
import { validateParams } from './params.js';
import { DEFAULT_RULE_SETS, RULE_SETS_2026_1 } from './rule-sets.js';
import { SRDI_CATALOGUE_KEYS } from './srdi-messages.js';
import { AS_OF, fy } from './testing/fixtures.js';
import { giant, innovative, N1, runSrdi, specialised, srdiCrit, srdiOutcome, srdiYear, withSrdiParams, type SrdiDraft } from './testing/srdi-fixtures.js';

type Patch = (f: SrdiDraft) => void;
const award = (level: QualificationFact['level'], on: string, unitRank?: number): QualificationFact => ({ kind: 'st-award', level, on, unitRank });
const inScore = (f: SrdiDraft) => runSrdi('innovative-sme', f).score as InScore;

describe('innovative-sme criteria (rules.md §7.1)', () => {
  it.each<[string, Patch, Outcome]>([
    ['999 employees', (f) => (fy(f, N1).employees = 999), 'met'],
    ['1,000 employees', (f) => (fy(f, N1).employees = 1000), 'unmet'],
    ['revenue 399,999,999', (f) => (fy(f, N1).operatingRevenue = 399_999_999), 'met'],
    ['revenue 400,000,000', (f) => (fy(f, N1).operatingRevenue = 400_000_000), 'unmet'],
    ['employees unknown', (f) => delete fy(f, N1).employees, 'missing'],
    ['employees over and revenue unknown: unmet decides', (f) => ((fy(f, N1).employees = 1200), delete fy(f, N1).operatingRevenue), 'unmet'],
  ])('IN-SME %s', (_n, patch, outcome) => {
    expect(srdiOutcome('innovative-sme', innovative(patch), 'IN-SME')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['no listing recorded', () => undefined, 'met'],
    ['abnormal-operation listing in force', (f) => f.enterprise.flags.push({ kind: 'abnormal-operation', listedOn: '2022-05-01' }), 'unmet'],
    ['listing removed before asOf', (f) => f.enterprise.flags.push({ kind: 'abnormal-operation', listedOn: '2022-05-01', removedOn: '2025-01-01' }), 'met'],
    ['credit never checked', (f) => (f.enterprise.creditChecked = false), 'missing'],
  ])('IN-CREDIT %s', (_n, patch, outcome) => {
    expect(srdiOutcome('innovative-sme', innovative(patch), 'IN-CREDIT')).toBe(outcome);
  });

  // R&D / operating revenue of N-1 at a revenue of 100,000,000.
  it.each<[string, number, number]>([
    ['5% exactly', 5_000_000, 20],
    ['one yuan under 5%', 4_999_999, 15],
    ['3% exactly', 3_000_000, 15],
    ['2% exactly', 2_000_000, 10],
    ['1% exactly', 1_000_000, 5],
    ['one yuan under 1%', 999_999, 0],
  ])('IN-SCORE R&D intensity %s', (_n, rd, points) => {
    expect(inScore(innovative((f) => Object.assign(fy(f, N1), { operatingRevenue: 100_000_000, mainBusinessRevenue: 100_000_000, rdExpense: rd }))).parts.rd).toBe(points);
  });

  // Main-business revenue N-1 over N-2 (13,000,000).
  it.each<[string, number, number]>([
    ['15% exactly', 14_950_000, 20],
    ['one yuan under 15%', 14_949_999, 15],
    ['10% exactly', 14_300_000, 15],
    ['5% exactly', 13_650_000, 10],
    ['no growth', 13_000_000, 5],
    ['one yuan less', 12_999_999, 0],
  ])('IN-SCORE main-business growth %s', (_n, main, points) => {
    expect(inScore(innovative((f) => (fy(f, N1).mainBusinessRevenue = main))).parts.growth).toBe(points);
  });

  // Debt ratio of N-1 at total assets of 100,000,000.
  it.each<[string, number, number]>([
    ['55% exactly', 55_000_000, 10],
    ['one yuan over 55%', 55_000_001, 5],
    ['75% exactly', 75_000_000, 5],
    ['one yuan over 75%', 75_000_001, 0],
  ])('IN-SCORE debt ratio %s', (_n, liabilities, points) => {
    expect(inScore(innovative((f) => Object.assign(fy(f, N1), { totalAssets: 100_000_000, totalLiabilities: liabilities }))).parts.debt).toBe(points);
  });

  it.each<[string, boolean | undefined, number | null]>([
    ['strategic emerging industry', true, 10],
    ['not strategic emerging', false, 5],
    ['unknown: a range', undefined, null],
  ])('IN-SCORE %s', (_n, sei, points) => {
    expect(inScore(innovative((f) => (f.srdi.strategicEmergingIndustry = sei))).parts.sei).toBe(points);
  });

  // Main-business revenue / operating revenue of N-1 (17,000,000).
  it.each<[string, number, number]>([
    ['70% exactly', 11_900_000, 20],
    ['one yuan under 70%', 11_899_999, 15],
    ['60% exactly', 10_200_000, 15],
    ['55% exactly', 9_350_000, 10],
    ['50% exactly', 8_500_000, 5],
    ['one yuan under 50%', 8_499_999, 0],
  ])('IN-SCORE main-business share %s', (_n, main, points) => {
    expect(inScore(innovative((f) => (fy(f, N1).mainBusinessRevenue = main))).parts.main).toBe(points);
  });

  it.each<[string, Patch, number | null]>([
    ['a high-value Class I item', () => undefined, 20],
    ['self-developed Class I, none high-value', (f) => (f.srdi.highValueClassI = 0), 15],
    ['acquired Class I only', (f) => ((f.srdi.highValueClassI = 0), f.ipAssets.forEach((a) => (a.acquisition = 'acquired'))), 10],
    ['related Class II only', (f) => ((f.srdi.highValueClassI = 0), (f.ipAssets = f.ipAssets.filter((a) => a.kind !== 'invention-patent').map((a) => ({ ...a, relatedToMainProducts: true })))), 5],
    ['no related IP', (f) => ((f.srdi.highValueClassI = 0), (f.ipAssets = [])), 0],
    ['high-value count unknown with Class I held: a range', (f) => delete f.srdi.highValueClassI, null],
  ])('IN-SCORE IP %s', (_n, patch, points) => {
    expect(inScore(innovative(patch)).parts.ip).toBe(points);
  });

  // The golden score is 100; each case takes points away to land on a boundary.
  it.each<[string, Patch, Outcome]>([
    ['100 points', () => undefined, 'met'],
    // no related IP (−20), debt 75% (−5), growth 0 (−15): 60
    ['60 points exactly', (f) => ((f.srdi.highValueClassI = 0), (f.ipAssets = []), Object.assign(fy(f, N1), { totalAssets: 100_000_000, totalLiabilities: 75_000_000, mainBusinessRevenue: 13_000_000, operatingRevenue: 17_000_000 })), 'met'],
    // and not strategic emerging (−5): 55
    ['55 points', (f) => ((f.srdi.highValueClassI = 0), (f.ipAssets = []), (f.srdi.strategicEmergingIndustry = false), Object.assign(fy(f, N1), { totalAssets: 100_000_000, totalLiabilities: 75_000_000, mainBusinessRevenue: 13_000_000 })), 'unmet'],
    ['57 known points and the strategic-emerging answer unknown (55–60)', (f) => ((f.srdi.highValueClassI = 0), (f.ipAssets = []), delete f.srdi.strategicEmergingIndustry, Object.assign(fy(f, N1), { totalAssets: 100_000_000, totalLiabilities: 75_000_000, mainBusinessRevenue: 13_000_000 })), 'missing'],
  ])('IN-SCORE %s', (_n, patch, outcome) => {
    expect(srdiOutcome('innovative-sme', innovative(patch), 'IN-SCORE')).toBe(outcome);
  });

  it('IN-SCORE short of the pass mark names the cheapest moves in the enterprise numbers', () => {
    const f = innovative((x) => ((x.srdi.highValueClassI = 0), (x.ipAssets = []), (x.srdi.strategicEmergingIndustry = false), Object.assign(fy(x, N1), { totalAssets: 100_000_000, totalLiabilities: 75_000_000, mainBusinessRevenue: 13_000_000 })));
    const c = srdiCrit(runSrdi('innovative-sme', f, { locale: 'en' }), 'IN-SCORE');
    expect(c.shortfall).toMatchObject({ count: 5, unit: 'points' });
    expect(c.shortfall?.options?.[0]?.moves).toEqual([{ indicator: 'ip', fromPoints: 0, toPoints: 5, count: 1, unit: 'items' }]);
    expect(c.explanation).toContain('ways to close it');
  });

  it.each<[string, Patch, Outcome]>([
    ['nothing on record', () => undefined, 'unmet'],
    ['a national S&T award two years ago', (f) => f.qualifications.push(award('national', '2024-05-01')), 'met'],
    ['a provincial S&T award exactly three years before asOf', (f) => f.qualifications.push(award('provincial', '2023-03-31')), 'met'],
    ['a provincial S&T award a day too old', (f) => f.qualifications.push(award('provincial', '2023-03-30')), 'unmet'],
    ['a valid HNTE certificate', (f) => f.qualifications.push({ kind: 'hnte-certificate', on: '2024-11-01' }), 'met'],
    ['a demonstration title', (f) => (f.srdi.innovationTitle = true), 'met'],
    ['a provincial R&D institution', (f) => f.qualifications.push({ kind: 'rd-institution', level: 'provincial', on: '2021-01-01' }), 'met'],
    ['a municipal-level R&D institution only', (f) => f.qualifications.push({ kind: 'rd-institution', level: 'local', on: '2021-01-01' }), 'unmet'],
    ['equity 5,000,000 over 2023–2025', (f) => (srdiYear(f, 2023).equityFinancing = 5_000_000), 'met'],
    ['equity 4,999,999 over 2023–2025', (f) => (srdiYear(f, 2024).equityFinancing = 4_999_999), 'unmet'],
    ['equity of 2022 (outside the window)', (f) => srdiYear(f, 2022).equityFinancing = 9_000_000, 'unmet'],
    ['equity of one year unknown', (f) => delete srdiYear(f, 2024).equityFinancing, 'missing'],
    ['qualifications never checked', (f) => (f.enterprise.qualificationsChecked = false), 'missing'],
  ])('IN-DIRECT %s', (_n, patch, outcome) => {
    const f = innovative((x) => ((x.qualifications = []), patch(x)));
    expect(srdiOutcome('innovative-sme', f, 'IN-DIRECT')).toBe(outcome);
  });
});

describe('srdi-sme criteria (rules.md §7.2)', () => {
  it.each<[string, Patch, Outcome]>([
    ['valid innovative-SME recognition', () => undefined, 'met'],
    ['expired the day before asOf', (f) => (f.srdi.recognitions[0]!.validUntil = '2026-03-30'), 'unmet'],
    ['expiring on asOf', (f) => (f.srdi.recognitions[0]!.validUntil = AS_OF), 'met'],
    ['valid only from after asOf', (f) => (f.srdi.recognitions[0]!.validFrom = '2026-04-01'), 'unmet'],
    ['a recognition of another programme only', (f) => (f.srdi.recognitions[0]!.program = 'little-giant'), 'unmet'],
    ['recognitions unknown', (f) => delete (f.srdi as { recognitions?: unknown }).recognitions, 'missing'],
  ])('SP-INNOVATIVE %s', (_n, patch, outcome) => {
    expect(srdiOutcome('srdi-sme', specialised(patch), 'SP-INNOVATIVE')).toBe(outcome);
  });

  it.each<[string, string | undefined, Outcome]>([
    ['two years to the day', '2024-03-31', 'met'],
    ['a day short of two years', '2024-04-01', 'unmet'],
    ['since unknown', undefined, 'missing'],
  ])('SP-NICHE %s', (_n, since, outcome) => {
    expect(srdiOutcome('srdi-sme', specialised((f) => (f.srdi.nicheSince = since)), 'SP-NICHE')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['R&D 1,000,000 at 3.0000003%', (f) => Object.assign(fy(f, N1), { rdExpense: 1_000_000, operatingRevenue: 33_333_333 }), 'met'],
    ['R&D 999,999', (f) => Object.assign(fy(f, N1), { rdExpense: 999_999, operatingRevenue: 20_000_000 }), 'unmet'],
    ['R&D 3% exactly', (f) => Object.assign(fy(f, N1), { rdExpense: 1_200_000, operatingRevenue: 40_000_000 }), 'met'],
    ['R&D one yuan under 3%', (f) => Object.assign(fy(f, N1), { rdExpense: 1_199_999, operatingRevenue: 40_000_000 }), 'unmet'],
    ['R&D unknown', (f) => delete fy(f, N1).rdExpense, 'missing'],
    ['R&D under the floor and revenue unknown', (f) => ((fy(f, N1).rdExpense = 500_000), delete fy(f, N1).operatingRevenue), 'unmet'],
  ])('SP-RD %s', (_n, patch, outcome) => {
    expect(srdiOutcome('srdi-sme', specialised(patch), 'SP-RD')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['revenue 10,000,000', (f) => (fy(f, N1).operatingRevenue = 10_000_000), 'met'],
    ['revenue 9,999,999 and no equity', (f) => (fy(f, N1).operatingRevenue = 9_999_999), 'unmet'],
    ['revenue 9,999,999 and equity 20,000,000 over 2024–2025', (f) => ((fy(f, N1).operatingRevenue = 9_999_999), (srdiYear(f, 2024).equityFinancing = 20_000_000)), 'met'],
    ['revenue 9,999,999 and equity 19,999,999', (f) => ((fy(f, N1).operatingRevenue = 9_999_999), (srdiYear(f, 2025).equityFinancing = 19_999_999)), 'unmet'],
    ['revenue 9,999,999 and equity of 2023 only (outside two years)', (f) => ((fy(f, N1).operatingRevenue = 9_999_999), (srdiYear(f, 2023).equityFinancing = 30_000_000)), 'unmet'],
    ['revenue 9,999,999 and equity unknown', (f) => ((fy(f, N1).operatingRevenue = 9_999_999), (f.srdi.years = [])), 'missing'],
  ])('SP-REVENUE %s', (_n, patch, outcome) => {
    expect(srdiOutcome('srdi-sme', specialised(patch), 'SP-REVENUE')).toBe(outcome);
  });

  it.each<[string, number | undefined, Outcome]>([
    ['60 exactly', 60, 'met'],
    ['59.5', 59.5, 'unmet'],
    ['not assessed', undefined, 'missing'],
  ])('SP-SCORE %s', (_n, score, outcome) => {
    expect(srdiOutcome('srdi-sme', specialised((f) => (f.srdi.srdiScore = score)), 'SP-SCORE')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['nothing on record', () => undefined, 'unmet'],
    ['a provincial award ranked 3rd', (f) => f.qualifications.push(award('provincial', '2025-01-10', 3)), 'met'],
    ['a provincial award ranked 4th', (f) => f.qualifications.push(award('provincial', '2025-01-10', 4)), 'unmet'],
    ['a provincial award without its rank', (f) => f.qualifications.push(award('provincial', '2025-01-10')), 'missing'],
    ['a national award', (f) => f.qualifications.push(award('national', '2024-12-01', 7)), 'met'],
    ['average R&D 10,000,000 over 2024–2025', (f) => ((fy(f, 2024).rdExpense = 9_000_000), (fy(f, N1).rdExpense = 11_000_000)), 'met'],
    ['average R&D one yuan short', (f) => ((fy(f, 2024).rdExpense = 9_000_000), (fy(f, N1).rdExpense = 10_999_999)), 'unmet'],
    ['equity 60,000,000 over 2024–2025', (f) => ((srdiYear(f, 2024).equityFinancing = 30_000_000), (srdiYear(f, N1).equityFinancing = 30_000_000)), 'met'],
    ['equity 59,999,999', (f) => (srdiYear(f, N1).equityFinancing = 59_999_999), 'unmet'],
    ['创客中国 top 500 in 2023', (f) => (f.srdi.makerChinaTop500Year = 2023), 'met'],
    ['创客中国 top 500 in 2022', (f) => (f.srdi.makerChinaTop500Year = 2022), 'unmet'],
    ['创客中国 unknown', (f) => delete f.srdi.makerChinaTop500Year, 'missing'],
  ])('SP-DIRECT %s', (_n, patch, outcome) => {
    const f = specialised((x) => ((x.qualifications = []), patch(x)));
    expect(srdiOutcome('srdi-sme', f, 'SP-DIRECT')).toBe(outcome);
  });
});

describe('little-giant criteria (rules.md §7.3)', () => {
  it.each<[string, Patch, Outcome]>([
    ['valid srdi-sme recognition', () => undefined, 'met'],
    ['only the innovative-SME recognition', (f) => (f.srdi.recognitions = f.srdi.recognitions.filter((r) => r.program === 'innovative-sme')), 'unmet'],
    ['none on file', (f) => (f.srdi.recognitions = []), 'unmet'],
  ])('LG-SRDI %s', (_n, patch, outcome) => {
    expect(srdiOutcome('little-giant', giant(patch), 'LG-SRDI')).toBe(outcome);
  });

  it.each<[string, string | undefined, Outcome]>([
    ['three years to the day', '2023-03-31', 'met'],
    ['a day short of three years', '2023-04-01', 'unmet'],
    ['since unknown', undefined, 'missing'],
  ])('LG-NICHE %s', (_n, since, outcome) => {
    expect(srdiOutcome('little-giant', giant((f) => (f.srdi.nicheSince = since)), 'LG-NICHE')).toBe(outcome);
  });

  it.each<[string, number | undefined, Outcome]>([
    ['70% exactly', 84_000_000, 'met'],
    ['one yuan under 70%', 83_999_999, 'unmet'],
    ['main-business revenue unknown', undefined, 'missing'],
  ])('LG-MAIN %s', (_n, main, outcome) => {
    expect(srdiOutcome('little-giant', giant((f) => (fy(f, N1).mainBusinessRevenue = main)), 'LG-MAIN')).toBe(outcome);
  });

  // M3 = M2 = 100,000,000: average growth = (M1/M2 − 1)/2.
  it.each<[string, number | undefined, Outcome]>([
    ['5% exactly', 110_000_000, 'met'],
    ['one yuan under 5%', 109_999_999, 'unmet'],
    ['N-1 unknown', undefined, 'missing'],
  ])('LG-GROWTH %s', (_n, m1, outcome) => {
    const f = giant((x) => ((fy(x, 2023).mainBusinessRevenue = 100_000_000), (fy(x, 2024).mainBusinessRevenue = 100_000_000), (fy(x, N1).mainBusinessRevenue = m1)));
    expect(srdiOutcome('little-giant', f, 'LG-GROWTH')).toBe(outcome);
  });

  it.each<[string, number | undefined, Outcome]>([
    ['70% exactly', 105_000_000, 'met'],
    ['one yuan over 70%', 105_000_001, 'unmet'],
    ['liabilities unknown', undefined, 'missing'],
  ])('LG-DEBT %s', (_n, liabilities, outcome) => {
    expect(srdiOutcome('little-giant', giant((f) => (fy(f, N1).totalLiabilities = liabilities)), 'LG-DEBT')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['≥ 100M: 3% in both years', () => undefined, 'met'],
    ['≥ 100M: 3% exactly in N-2', (f) => (fy(f, 2024).rdExpense = 3_000_000), 'met'],
    ['≥ 100M: one yuan under 3% in N-2', (f) => (fy(f, 2024).rdExpense = 2_999_999), 'unmet'],
    ['≥ 100M: N-2 R&D unknown', (f) => delete fy(f, 2024).rdExpense, 'missing'],
    ['50M–100M: 3% is not enough', (f) => Object.assign(fy(f, N1), { operatingRevenue: 99_999_999, mainBusinessRevenue: 90_000_000, rdExpense: 3_000_000 }), 'unmet'],
    ['50M–100M: 6% in both years', (f) => (Object.assign(fy(f, N1), { operatingRevenue: 50_000_000, mainBusinessRevenue: 45_000_000, rdExpense: 3_000_000 }), Object.assign(fy(f, 2024), { rdExpense: 6_000_000 })), 'met'],
    ['below 50M: equity 80M, R&D 30M, R&D staff 50%', (f) => smallFirm(f, 80_000_000, 15_000_000, 200), 'met'],
    ['below 50M: equity one yuan short', (f) => smallFirm(f, 79_999_999, 15_000_000, 200), 'unmet'],
    ['below 50M: R&D total one yuan short', (f) => smallFirm(f, 80_000_000, 14_999_999, 200), 'unmet'],
    ['below 50M: R&D staff 199 of 400', (f) => smallFirm(f, 80_000_000, 15_000_000, 199), 'unmet'],
    ['below 50M: R&D staff unknown', (f) => smallFirm(f, 80_000_000, 15_000_000, undefined), 'missing'],
    ['revenue unknown', (f) => delete fy(f, N1).operatingRevenue, 'missing'],
  ])('LG-RD %s', (_n, patch, outcome) => {
    expect(srdiOutcome('little-giant', giant(patch), 'LG-RD')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['own', () => undefined, 'met'],
    ['joint with a university', (f) => (f.srdi.rdInstitution = 'joint'), 'met'],
    ['none', (f) => (f.srdi.rdInstitution = 'none'), 'unmet'],
    ['unknown', (f) => delete f.srdi.rdInstitution, 'missing'],
    ['unknown, an R&D institution on record', (f) => (delete f.srdi.rdInstitution, f.qualifications.push({ kind: 'rd-institution', level: 'local', on: '2020-01-01' })), 'met'],
  ])('LG-INSTITUTION %s', (_n, patch, outcome) => {
    expect(srdiOutcome('little-giant', giant(patch), 'LG-INSTITUTION')).toBe(outcome);
  });

  it.each<[string, Patch, Outcome]>([
    ['2 related Class I items', () => undefined, 'met'],
    ['1 related Class I item', (f) => (f.ipAssets = f.ipAssets.slice(1)), 'unmet'],
    ['2 Class I items, one unrelated', (f) => (f.ipAssets[1]!.relatedToMainProducts = false), 'unmet'],
    ['1 item and IP never checked', (f) => ((f.ipAssets = f.ipAssets.slice(1)), (f.enterprise.ipChecked = false)), 'missing'],
  ])('LG-IP %s', (_n, patch, outcome) => {
    expect(srdiOutcome('little-giant', giant(patch), 'LG-IP')).toBe(outcome);
  });

  it.each<[string, boolean | undefined, Outcome]>([
    ['verified key link', true, 'met'],
    ['verified: not a key link', false, 'unmet'],
    ['not verified', undefined, 'missing'],
  ])('LG-CHAIN %s', (_n, v, outcome) => {
    expect(srdiOutcome('little-giant', giant((f) => (f.srdi.keyChainLink = v)), 'LG-CHAIN')).toBe(outcome);
  });
});

/** Revenue of N-1 below 50M with the given equity (N-1), R&D per year (N-2 and N-1) and R&D staff (of 400). */
function smallFirm(f: SrdiDraft, equity: number, rdPerYear: number, rdStaff: number | undefined): void {
  Object.assign(fy(f, N1), { operatingRevenue: 40_000_000, mainBusinessRevenue: 38_000_000, rdExpense: rdPerYear });
  fy(f, 2024).rdExpense = rdPerYear;
  srdiYear(f, N1).equityFinancing = equity;
  srdiYear(f, N1).rdStaff = rdStaff;
}

describe('golden cases, one per programme', () => {
  it.each<[string, () => SrdiDraft, 'innovative-sme' | 'srdi-sme' | 'little-giant']>([
    ['innovative SME', innovative, 'innovative-sme'],
    ['专精特新 SME', specialised, 'srdi-sme'],
    ['little giant', giant, 'little-giant'],
  ])('%s: eligible, every criterion in order, met or the alternative met', (_n, make, program) => {
    const r = runSrdi(program, make());
    expect(r.outcome).toBe('eligible');
    expect(r.criteria.map((c) => c.code)).toEqual(CRITERIA_BY_PROGRAM[program]);
    expect(r.ruleSet).toEqual({ version: 'default', provisional: program !== 'srdi-sme' });
    for (const c of r.criteria) {
      expect(c.reference).toContain('工信部企业〔2022〕63号');
      expect(c.explanation.length).toBeGreaterThan(0);
    }
  });

  it('the innovative SME scores 100 of 100 with its parts', () => {
    expect(inScore(innovative())).toEqual({ total: 100, min: 100, max: 100, parts: { ip: 20, rd: 20, growth: 20, debt: 10, sei: 10, main: 20 } });
  });

  it('the golden 专精特新 SME meets SP-SCORE and not SP-DIRECT (alternatives: eligible)', () => {
    const r = runSrdi('srdi-sme', specialised());
    expect(r.criteria.map((c) => [c.code, c.outcome])).toEqual([
      ['SP-INNOVATIVE', 'met'], ['SP-NICHE', 'met'], ['SP-RD', 'met'], ['SP-REVENUE', 'met'], ['SP-SCORE', 'met'], ['SP-DIRECT', 'unmet'],
    ]);
  });

  it.each<[string, 'innovative-sme' | 'srdi-sme' | 'little-giant', () => SrdiDraft, string]>([
    ['an innovative SME is not yet a 专精特新 SME (no recognition)', 'srdi-sme', innovative, 'ineligible'],
    ['a 专精特新 SME without the srdi-sme recognition is not a little giant', 'little-giant', specialised, 'ineligible'],
    ['no SRDI facts: an innovative SME by its figures alone', 'innovative-sme', () => innovative((f) => delete (f as { srdi?: unknown }).srdi), 'eligible'],
    ['no SRDI facts: incomplete (not ineligible) for srdi-sme', 'srdi-sme', () => innovative((f) => delete (f as { srdi?: unknown }).srdi), 'incomplete'],
  ])('%s', (_n, program, make, outcome) => {
    expect(runSrdi(program, make()).outcome).toBe(outcome);
  });
});

describe('rule sets, dates and the request', () => {
  it.each<[string, 'innovative-sme' | 'srdi-sme' | 'little-giant', string, boolean]>([
    ['innovative-sme the day before 63号 took effect', 'innovative-sme', '2022-07-31', true],
    ['innovative-sme the day it took effect', 'innovative-sme', '2022-08-01', false],
    ['srdi-sme the day before', 'srdi-sme', '2022-07-31', true],
    ['little-giant the day before', 'little-giant', '2022-07-31', true],
  ])('%s: not-applicable %s', (_n, program, asOf, notApplicable) => {
    const r = runSrdi(program, giant(), { asOf });
    expect(r.outcome === 'not-applicable').toBe(notApplicable);
    if (notApplicable) expect(r.reason).toContain('2022-08-01');
  });

  it('an administrator edit changes a result with no code change (SP-REVENUE floor 20,000,000)', () => {
    const rs = withSrdiParams('srdi-sme', (p) => (p.revenueMin = 20_000_000));
    expect(srdiOutcome('srdi-sme', specialised(), 'SP-REVENUE')).toBe('met');
    expect(srdiOutcome('srdi-sme', specialised(), 'SP-REVENUE', AS_OF, rs)).toBe('unmet');
    expect(runSrdi('srdi-sme', specialised(), { ruleSets: rs }).outcome).toBe('ineligible');
  });

  it('an administrator edit of a score band changes the score (R&D 5% band raised to 6%)', () => {
    const rs = withSrdiParams('innovative-sme', (p) => (p.rdIntensityBands = [{ min: 0.06, points: 20 }, ...p.rdIntensityBands.slice(1)]));
    expect((runSrdi('innovative-sme', innovative(), { ruleSets: rs }).score as InScore).parts.rd).toBe(15);
  });

  it('a default request reports the seven programmes; naming the SRDI ones adds them', () => {
    const f = giant();
    expect(evaluate({ asOf: AS_OF, facts: f }, DEFAULT_RULE_SETS).results.map((r) => r.program)).toEqual([...PROGRAMS]);
    expect(evaluate({ asOf: AS_OF, programs: ALL_PROGRAMS, facts: f }, DEFAULT_RULE_SETS).results.map((r) => r.program)).toEqual([...ALL_PROGRAMS]);
  });

  it('rule sets of 2026.1 predate the SRDI programmes: they are not reported', () => {
    expect(evaluate({ asOf: AS_OF, programs: ['innovative-sme', 'tech-sme'], facts: giant() }, RULE_SETS_2026_1).results.map((r) => r.program)).toEqual(['tech-sme']);
  });

  it.each([['innovative-sme'], ['srdi-sme'], ['little-giant']] as const)('%s defaults validate, a broken draft is reported', (program) => {
    expect(validateParams(program, DEFAULT_RULE_SETS[program]!.params, 'en')).toEqual([]);
    expect(validateParams(program, { ...DEFAULT_RULE_SETS[program]!.params, recognitionValidityYears: -1 }, 'en').map((i) => i.path)).toEqual(['recognitionValidityYears']);
  });

  it('debt bands must rise', () => {
    const p = { ...DEFAULT_RULE_SETS['innovative-sme']!.params, debtRatioBands: [{ max: 0.75, points: 5 }, { max: 0.55, points: 10 }] };
    expect(validateParams('innovative-sme', p, 'en').map((i) => i.path)).toEqual(['debtRatioBands[1].max']);
  });

  it.each<[string, 'zh-CN' | 'en']>([['zh-CN', 'zh-CN'], ['en', 'en']])('explanations in %s for every outcome of the little giant', (_n, locale) => {
    const r = runSrdi('little-giant', giant((f) => ((f.srdi.keyChainLink = false), delete f.srdi.nicheSince)), { locale });
    for (const c of r.criteria) expect(c.explanation).not.toMatch(/undefined|NaN/);
    expect(SRDI_CATALOGUE_KEYS.explanations.length).toBeGreaterThan(10);
  });
});
