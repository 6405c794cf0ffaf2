import { CONTEST_RANKS, IP_KINDS, RD_POST_SUBSIDY, SRDI_PROGRAMS, TIERS, type ContestRank, type IpKind, type Locale, type Program, type SrdiProgram } from './facts.js';
import { CRITERIA_BY_PROGRAM } from './labels.js';
import { paramMessage, type ParamMessageKey } from './messages.js';
import { PARAMS_2026_1 } from './params-2026-1.js';
import { SRDI_DEFAULT_PARAMS, SRDI_DOCUMENT_DATE, SRDI_PROVISIONAL_PATHS, SRDI_REFERENCES, type SrdiParamsByProgram } from './params-srdi.js';
import { RD_POST_SUBSIDY_DEFAULT_PARAMS, RD_POST_SUBSIDY_DOCUMENT_DATE, RD_POST_SUBSIDY_PROVISIONAL_PATHS, RD_POST_SUBSIDY_REFERENCES } from './params-rd-post-subsidy.js';
import { hasOwn, lookupTable } from '../../common/own-key.js';

/**
 * Rule-set parameters: every threshold, band, rate and cap of rules.md as data, so that an
 * administrator can publish a new rule-set version without a code change ("criteria are code;
 * numbers are data"). Percentages are fractions (0.03 for 3%); money is yuan.
 */

export * from './params-shapes.js';
import { CURRENT_EDITION, PARAM_PROGRAMS, type ParamProgram, type ParamsByProgram, type RiskGradingParams } from './params-shapes.js';

/** Every programme with a rule set: the eight above and the SRDI ladder's (rules.md §7). */
export const ALL_PARAM_PROGRAMS = [...PARAM_PROGRAMS, ...SRDI_PROGRAMS, RD_POST_SUBSIDY] as const satisfies readonly ParamProgram[];

/** Effective-from dates of the programmes' documents (rules.md §12). */
export const DOCUMENT_DATES: Readonly<Record<ParamProgram, string>> = {
  'tech-sme': '2017-05-03',
  'young-eagle': '2021-01-01',
  gazelle: '2021-01-01',
  'leader-candidate': '2021-01-01',
  leader: '2021-01-01',
  'high-tech': '2016-01-01',
  'super-deduction': '2016-01-01',
  'ip-pledge': '2021-01-01',
  'innovative-sme': SRDI_DOCUMENT_DATE,
  'srdi-sme': SRDI_DOCUMENT_DATE,
  'little-giant': SRDI_DOCUMENT_DATE,
  'rd-post-subsidy': RD_POST_SUBSIDY_DOCUMENT_DATE,
};

const TS_DOC = '国科发政〔2017〕115号';
const TJ_DOC = '津科规〔2021〕3号';
const HT_DOC = '国科发火〔2016〕32号';
const SD_DOC = '财税〔2015〕119号';
const tierRefs = (prefix: string) =>
  Object.fromEntries(CRITERIA_BY_PROGRAM[programOfPrefix(prefix)].map((code) => [code, TJ_DOC]));
function programOfPrefix(prefix: string): Program {
  return ({ YE: 'young-eagle', GZ: 'gazelle', LC: 'leader-candidate', LD: 'leader' } as const)[prefix as 'YE']!;
}

/** rules.md §12: every criterion cites its document and, where known, the article. */
export const DEFAULT_REFERENCES: Readonly<Record<ParamProgram, Readonly<Record<string, string>>>> = {
  'tech-sme': {
    'TS-REG': `${TS_DOC} 第六条（一）`,
    'TS-SIZE': `${TS_DOC} 第六条（二）`,
    'TS-INDUSTRY': `${TS_DOC} 第六条（三）`,
    'TS-CREDIT': `${TS_DOC} 第六条（四）`,
    'TS-SCORE': `${TS_DOC} 第六条（五）及附件`,
    'TS-DIRECT': `${TS_DOC} 第七条`,
  },
  'young-eagle': tierRefs('YE'),
  gazelle: tierRefs('GZ'),
  'leader-candidate': tierRefs('LC'),
  leader: tierRefs('LD'),
  'high-tech': {
    'HT-AGE': `${HT_DOC} 第十一条（一）`,
    'HT-IP': `${HT_DOC} 第十一条（二）`,
    'HT-FIELD': `${HT_DOC} 第十一条（三）`,
    'HT-STAFF': `${HT_DOC} 第十一条（四）`,
    'HT-RD': `${HT_DOC} 第十一条（五）`,
    'HT-RD-DOMESTIC': `${HT_DOC} 第十一条（五）`,
    'HT-PS': `${HT_DOC} 第十一条（六）`,
    'HT-SCORE': `${HT_DOC} 第十一条（七）；国科发火〔2016〕195号`,
    'HT-COMPLIANCE': `${HT_DOC} 第十一条（八）`,
  },
  'super-deduction': {
    'SD-TAX': SD_DOC,
    'SD-INDUSTRY': `${SD_DOC} 四`,
    'SD-ACTIVITY': `${SD_DOC} 一、（二）`,
    'SD-LEDGER': SD_DOC,
  },
  'ip-pledge': {
    'IPP-OWNER': '专利权质押登记办法 第十二条',
    'IPP-VALID': '专利权质押登记办法 第十二条',
    'IPP-FREE': '专利权质押登记办法 第十二条',
    'IPP-TERM': '专利权质押登记办法 第十二条',
    'IPP-COOWNERS': '专利权质押登记办法 第十二条',
  },
  ...SRDI_REFERENCES,
  'rd-post-subsidy': RD_POST_SUBSIDY_REFERENCES,
};

/** Every leaf of the grading parameters: all provisional (rules.md §5.4). */
const RISK_GRADING_PATHS = [
  'assetPoints.classI', 'assetPoints.classII', 'assetPoints.other', 'coverageBands', 'coverageAbovePoints',
  'enterprisePoints.strong', 'enterprisePoints.basic', 'enterprisePoints.none', 'strongTiers', 'basicTiers',
  'enhancementKinds', 'enhancementPoints', 'grades',
].map((p) => `riskGrading.${p}`);

/** rules.md §5.4's numbers (provisional). */
export const DEFAULT_RISK_GRADING: RiskGradingParams = {
  assetPoints: { classI: 3, classII: 1, other: 0 },
  coverageBands: [{ max: 0.4, points: 3 }, { max: 0.6, points: 2 }, { max: 0.8, points: 1 }],
  coverageAbovePoints: 0,
  enterprisePoints: { strong: 2, basic: 1, none: 0 },
  strongTiers: ['gazelle', 'leader-candidate', 'leader', 'unicorn'],
  basicTiers: ['tech-sme', 'young-eagle'],
  enhancementKinds: ['guarantee', 'insurance'],
  enhancementPoints: 2,
  grades: [{ grade: 'A', minPoints: 8, fundShare: 0.3 }, { grade: 'B', minPoints: 6, fundShare: 0.4 }, { grade: 'C', minPoints: 4, fundShare: 0.5 }],
};

const { negativeList: _retired, ...TECH_SME_2026_1_NUMBERS } = PARAMS_2026_1['tech-sme'];
const meta = (program: ParamProgram) => ({ edition: CURRENT_EDITION, references: DEFAULT_REFERENCES[program] });

/**
 * rules.md's numbers as corrected (edition 2, shipped as rule-set version 2026.2). The numbers are
 * those of 2026.1 except where rules.md changed: TS-INDUSTRY no longer reads the negative list, the
 * 2022 Oct–Dec share is 92/365, and the claim year's small low-profit rate is added.
 */
export const DEFAULT_PARAMS: ParamsByProgram = {
  'tech-sme': { ...meta('tech-sme'), ...TECH_SME_2026_1_NUMBERS },
  'young-eagle': { ...meta('young-eagle'), ...PARAMS_2026_1['young-eagle'] },
  gazelle: { ...meta('gazelle'), ...PARAMS_2026_1.gazelle },
  'leader-candidate': { ...meta('leader-candidate'), ...PARAMS_2026_1['leader-candidate'] },
  leader: { ...meta('leader'), ...PARAMS_2026_1.leader },
  'high-tech': { ...meta('high-tech'), ...PARAMS_2026_1['high-tech'] },
  'super-deduction': {
    ...meta('super-deduction'),
    ...PARAMS_2026_1['super-deduction'],
    q4Share: 92 / 365,
    eitRateSmallLowProfit: 0.05,
    smallLowProfit: { maxTaxableIncome: 3_000_000, maxEmployees: 300, maxTotalAssets: 50_000_000, fromYear: 2023, toYear: 2027 },
  },
  'ip-pledge': { ...meta('ip-pledge'), ...PARAMS_2026_1['ip-pledge'], riskGrading: DEFAULT_RISK_GRADING },
  ...SRDI_DEFAULT_PARAMS,
  'rd-post-subsidy': RD_POST_SUBSIDY_DEFAULT_PARAMS,
};

/**
 * Parameter paths whose default could not be confirmed against the official text (rules.md marks
 * them **(provisional)**). A rule set carries its own list; these are the defaults' list.
 */
export const PROVISIONAL_PATHS: Record<ParamProgram, readonly string[]> = lookupTable<Record<ParamProgram, readonly string[]>>({
  'tech-sme': [],
  'young-eagle': ['recognitionValidityYears'],
  gazelle: [
    'rdWindowYears',
    'rdMinYears',
    'rdIntensityMin',
    'revenueMin',
    'growthMin',
    'ventureMin',
    'ventureWindowYears',
    'recognitionValidityYears',
  ],
  'leader-candidate': ['recognitionValidityYears'],
  leader: ['recognitionValidityYears'],
  'high-tech': [],
  'super-deduction': [],
  'ip-pledge': ['interestSubsidyRate', 'interestSubsidyCap', 'appraisalSubsidyRate', 'appraisalSubsidyCap', ...RISK_GRADING_PATHS],
  ...SRDI_PROVISIONAL_PATHS,
  'rd-post-subsidy': RD_POST_SUBSIDY_PROVISIONAL_PATHS,
});

// ---------------------------------------------------------------------------------------------
// Shape and range checks for an administrator's draft (field messages, never exceptions).

/** How a parameter is checked; exported so that an admin form can pick input types from it. */
export type ParamSpec =
  | { kind: 'money' | 'int' | 'fraction' | 'rate' | 'points' | 'growth' }
  | { kind: 'range' }
  | { kind: 'bands'; value: 'fraction' | 'int' | 'number'; points: 'number' | 'range' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enumList'; values: readonly string[] }
  | { kind: 'prefixes' }
  | { kind: 'fractionPair' }
  | { kind: 'rdTiers' }
  | { kind: 'rates' }
  | { kind: 'upperBands' }
  | { kind: 'references'; codes: readonly string[] }
  | { kind: 'optional'; of: ParamSpec }
  | { kind: 'list'; of: ParamSpec }
  | { kind: 'object'; fields: Readonly<Record<string, ParamSpec>> };

const money = { kind: 'money' } as const;
const int = { kind: 'int' } as const;
const fraction = { kind: 'fraction' } as const;
const points = { kind: 'points' } as const;
const growth = { kind: 'growth' } as const;
const range = { kind: 'range' } as const;
const obj = (fields: Record<string, ParamSpec>): ParamSpec => ({ kind: 'object', fields });
/** Absent in the 2026.1 parameters (edition 1), present from edition 2. */
const opt = (of: ParamSpec): ParamSpec => ({ kind: 'optional', of });
const metaSpec = (program: ParamProgram) => ({
  edition: opt(int),
  references: opt({ kind: 'references', codes: program === 'ip-pledge' ? Object.keys(DEFAULT_REFERENCES['ip-pledge']) : CRITERIA_BY_PROGRAM[program] }),
});
const negativeListSpec = obj({ prefixes: { kind: 'prefixes' }, mainBusinessShareAbove: fraction });
const leaderSpec = (program: ParamProgram) => obj({
  ...metaSpec(program),
  rdIntensityMin: fraction,
  revenueMin: money,
  growthMin: growth,
  ipItemsMin: int,
  ipClassIMin: int,
  recognitionValidityYears: int,
});

export const PARAM_SPECS: Record<ParamProgram, ParamSpec> = lookupTable<Record<ParamProgram, ParamSpec>>({
  'tech-sme': obj({
    ...metaSpec('tech-sme'),
    maxEmployees: int,
    maxSalesRevenue: money,
    maxTotalAssets: money,
    negativeList: opt(negativeListSpec),
    scorePassMark: points,
    staffBands: { kind: 'bands', value: 'fraction', points: 'number' },
    rdSalesBands: { kind: 'bands', value: 'fraction', points: 'number' },
    rdCostBands: { kind: 'bands', value: 'fraction', points: 'number' },
    ipClassIMin: int,
    ipClassIPoints: points,
    ipClassIIBands: { kind: 'bands', value: 'int', points: 'number' },
    directLookbackYears: int,
    directAwardMaxUnitRank: int,
    directStandardMaxDrafterRank: int,
  }),
  'young-eagle': obj({
    ...metaSpec('young-eagle'),
    ageWindowYears: int,
    revenueMin: money,
    ipClassIMin: int,
    ipClassIIMin: int,
    contestMinRank: obj({
      national: { kind: 'enum', values: CONTEST_RANKS },
      provincial: { kind: 'enum', values: CONTEST_RANKS },
    }),
    contestIpMin: int,
    ventureMin: money,
    recognitionValidityYears: int,
  }),
  gazelle: obj({
    ...metaSpec('gazelle'),
    rdWindowYears: int,
    rdMinYears: int,
    rdIntensityMin: fraction,
    revenueMin: money,
    growthMin: growth,
    ventureMin: money,
    ventureWindowYears: int,
    recognitionValidityYears: int,
  }),
  'leader-candidate': leaderSpec('leader-candidate'),
  leader: leaderSpec('leader'),
  'high-tech': obj({
    ...metaSpec('high-tech'),
    minAgeDays: int,
    staffShareMin: fraction,
    rdWindowYears: int,
    rdTiers: { kind: 'rdTiers' },
    rdDomesticShareMin: fraction,
    productShareMin: fraction,
    complianceLookbackDays: int,
    scorePassMark: points,
    certificateValidityYears: int,
    score: obj({
      ipPartMax: points,
      techAdvancementMax: points,
      coreSupportMax: points,
      ipCountClassI: range,
      ipCountClassIIBands: { kind: 'bands', value: 'int', points: 'range' },
      acquisitionOwn: range,
      acquisitionAcquiredOnly: range,
      standardsBonusMax: points,
      transformationBands: { kind: 'bands', value: 'number', points: 'range' },
      transformationMax: points,
      rdManagementMax: points,
      rdInstitutionMax: points,
      transformationIncentiveMax: points,
      talentMax: points,
      growthBands: { kind: 'bands', value: 'number', points: 'range' },
      growthItemMax: points,
    }),
  }),
  'super-deduction': obj({
    ...metaSpec('super-deduction'),
    negativeList: negativeListSpec,
    otherCapShare: { kind: 'fraction' },
    contractedShare: fraction,
    overseasCapOfDomestic: { kind: 'fractionPair' },
    rates: { kind: 'rates' },
    q4Share: fraction,
    eitRate: fraction,
    eitRateHighTech: fraction,
    eitRateSmallLowProfit: opt(fraction),
    smallLowProfit: opt(obj({ maxTaxableIncome: money, maxEmployees: int, maxTotalAssets: money, fromYear: int, toYear: int })),
  }),
  'ip-pledge': obj({
    ...metaSpec('ip-pledge'),
    pledgeableKinds: { kind: 'enumList', values: IP_KINDS },
    interestSubsidyRate: fraction,
    interestSubsidyCap: money,
    appraisalSubsidyRate: fraction,
    appraisalSubsidyCap: money,
    riskFundShare: fraction,
    riskGrading: opt(obj({
      assetPoints: obj({ classI: points, classII: points, other: points }),
      coverageBands: { kind: 'list', of: obj({ max: fraction, points }) },
      coverageAbovePoints: points,
      enterprisePoints: obj({ strong: points, basic: points, none: points }),
      strongTiers: { kind: 'enumList', values: [...TIERS, 'unicorn'] },
      basicTiers: { kind: 'enumList', values: [...TIERS, 'unicorn'] },
      enhancementKinds: { kind: 'enumList', values: ['guarantee', 'insurance', 'risk-fund'] },
      enhancementPoints: points,
      grades: { kind: 'list', of: obj({ grade: { kind: 'enum', values: ['A', 'B', 'C'] }, minPoints: points, fundShare: fraction }) },
    })),
  }),
  'innovative-sme': obj({
    ...metaSpec('innovative-sme'),
    employeesBelow: int,
    revenueBelow: money,
    scorePassMark: points,
    ipPoints: obj({ highValueClassI: points, selfDevelopedClassI: points, classI: points, classII: points }),
    rdIntensityBands: { kind: 'bands', value: 'fraction', points: 'number' },
    growthBands: { kind: 'bands', value: 'number', points: 'number' },
    debtRatioBands: { kind: 'upperBands' },
    strategicEmergingPoints: obj({ yes: points, no: points }),
    mainShareBands: { kind: 'bands', value: 'fraction', points: 'number' },
    directLookbackYears: int,
    directEquityMin: money,
    recognitionValidityYears: int,
  }),
  'srdi-sme': obj({
    ...metaSpec('srdi-sme'),
    nicheMinYears: int,
    rdMin: money,
    rdIntensityMin: fraction,
    revenueMin: money,
    equityMin: money,
    equityYears: int,
    scorePassMark: points,
    directAwardLookbackYears: int,
    directProvincialAwardMaxUnitRank: int,
    directAvgRdMin: money,
    directAvgRdYears: int,
    directEquityMin: money,
    directEquityYears: int,
    directMakerLookbackYears: int,
    recognitionValidityYears: int,
  }),
  'little-giant': obj({
    ...metaSpec('little-giant'),
    nicheMinYears: int,
    mainShareMin: fraction,
    growthMin: growth,
    debtRatioMax: fraction,
    largeRevenueMin: money,
    largeIntensityMin: fraction,
    midRevenueMin: money,
    midIntensityMin: fraction,
    smallEquityMin: money,
    smallRdSumMin: money,
    smallRdStaffShareMin: fraction,
    rdYears: int,
    ipClassIMin: int,
    recognitionValidityYears: int,
  }),
  'rd-post-subsidy': obj({
    ...metaSpec('rd-post-subsidy'),
    rate: fraction,
    cap: money,
  }),
});

export interface ParamIssue {
  path: string;
  message: string;
}

type Emit = (path: string, key: ParamMessageKey, detail?: string) => void;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/**
 * A plain object: its prototype is null or an Object.prototype (of any realm: structuredClone in a
 * test or a worker makes another realm's objects). A copy that turned a `__proto__` key into the
 * prototype is not one — its fields would be inherited from what the client sent.
 */
const isPlainProto = (proto: unknown): boolean =>
  proto === null || (Object.getPrototypeOf(proto) === null && typeof Object.getOwnPropertyDescriptor(proto, 'hasOwnProperty')?.value === 'function');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && isPlainProto(Object.getPrototypeOf(v));
const join = (base: string, key: string | number) =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

function checkScalar(kind: string, v: unknown, path: string, emit: Emit): boolean {
  let problem: ParamMessageKey | undefined;
  if (!isNum(v)) problem = 'number';
  else if (kind === 'int') problem = Number.isInteger(v) && v >= 0 ? undefined : 'nonNegativeInteger';
  else if (kind === 'fraction') problem = v >= 0 && v <= 1 ? undefined : 'fraction';
  else if (kind === 'growth') problem = v >= -1 ? undefined : 'growth';
  else problem = v >= 0 ? undefined : 'nonNegative'; // money, rate, points
  if (problem) emit(path, problem);
  return problem === undefined;
}

function checkRange(v: unknown, path: string, emit: Emit): boolean {
  if (!Array.isArray(v) || v.length !== 2 || !isNum(v[0]) || !isNum(v[1]) || v[0] < 0 || v[0] > v[1]) {
    emit(path, 'range');
    return false;
  }
  return true;
}

function checkBands(spec: Extract<ParamSpec, { kind: 'bands' }>, v: unknown, path: string, emit: Emit): void {
  if (!Array.isArray(v)) return emit(path, 'array');
  let prev: number | undefined;
  v.forEach((band: unknown, i) => {
    const p = join(path, i);
    if (!isObj(band)) return emit(p, 'object');
    for (const k of Object.keys(band)) if (!['min', 'points', 'strict'].includes(k)) emit(join(p, k), 'unknown');
    let minOk: boolean;
    if (spec.value === 'number') {
      minOk = isNum(band.min);
      if (!minOk) emit(join(p, 'min'), 'number');
    } else minOk = checkScalar(spec.value, band.min, join(p, 'min'), emit);
    if (minOk) {
      // Bands are read top-down (first match wins), so their lower edges must strictly decrease.
      if (prev !== undefined && !((band.min as number) < prev)) emit(join(p, 'min'), 'bandsDescending');
      prev = band.min as number;
    }
    if (spec.points === 'range') checkRange(band.points, join(p, 'points'), emit);
    else checkScalar('points', band.points, join(p, 'points'), emit);
    if (band.strict !== undefined && typeof band.strict !== 'boolean') emit(join(p, 'strict'), 'boolean');
  });
}

function checkRdTiers(v: unknown, path: string, emit: Emit): void {
  if (!Array.isArray(v) || v.length === 0) return emit(path, 'array');
  let prev = -Infinity;
  v.forEach((tier: unknown, i) => {
    const p = join(path, i);
    if (!isObj(tier)) return emit(p, 'object');
    checkScalar('fraction', tier.min, join(p, 'min'), emit);
    const last = i === v.length - 1;
    if (tier.maxSales === null) {
      if (!last) emit(join(p, 'maxSales'), 'nullOnlyLast');
    } else if (checkScalar('money', tier.maxSales, join(p, 'maxSales'), emit)) {
      if (!((tier.maxSales as number) > prev)) emit(join(p, 'maxSales'), 'ascending');
      prev = tier.maxSales as number;
      if (last) emit(join(p, 'maxSales'), 'lastUnbounded');
    }
  });
}

/** Upper bands (debt ratio): { max, points } with strictly increasing `max`, read from the first. */
function checkUpperBands(v: unknown, path: string, emit: Emit): void {
  if (!Array.isArray(v) || v.length === 0) return emit(path, 'array');
  let prev = -Infinity;
  v.forEach((b: unknown, i) => {
    const p = join(path, i);
    if (!isObj(b)) return emit(p, 'object');
    for (const k of Object.keys(b)) if (!['max', 'points'].includes(k)) emit(join(p, k), 'unknown');
    if (checkScalar('fraction', b.max, join(p, 'max'), emit)) {
      if (!((b.max as number) > prev)) emit(join(p, 'max'), 'ascending');
      prev = b.max as number;
    }
    checkScalar('points', b.points, join(p, 'points'), emit);
  });
}

function checkRates(v: unknown, path: string, emit: Emit): void {
  if (!Array.isArray(v) || v.length === 0) return emit(path, 'array');
  let prevTo: number | null | undefined;
  v.forEach((row: unknown, i) => {
    const p = join(path, i);
    if (!isObj(row)) return emit(p, 'object');
    const allowed = ['fromYear', 'toYear', 'rate', 'octDecRate', 'manufacturing', 'techSme', 'icOrMachineTool'];
    for (const k of Object.keys(row)) if (!allowed.includes(k)) emit(join(p, k), 'unknown');
    checkScalar('rate', row.rate, join(p, 'rate'), emit);
    for (const k of ['octDecRate', 'manufacturing', 'techSme', 'icOrMachineTool'])
      if (row[k] !== undefined) checkScalar('rate', row[k], join(p, k), emit);
    const from = row.fromYear;
    const to = row.toYear;
    if (from !== null && !(isNum(from) && Number.isInteger(from))) emit(join(p, 'fromYear'), 'year');
    if (to !== null && !(isNum(to) && Number.isInteger(to))) emit(join(p, 'toYear'), 'year');
    if (isNum(from) && isNum(to) && from > to) emit(join(p, 'toYear'), 'yearOrder');
    if (from === null && i > 0) emit(join(p, 'fromYear'), 'nullOnlyFirst');
    // Rows must follow each other without gaps or overlaps so that every year has exactly one rate.
    if (i > 0 && (prevTo === null || !isNum(from) || (isNum(prevTo) && from !== prevTo + 1)))
      emit(join(p, 'fromYear'), 'contiguous');
    if (to === null && i < v.length - 1) emit(join(p, 'toYear'), 'nullOnlyLast');
    prevTo = to === null ? null : isNum(to) ? to : undefined;
  });
}

function check(spec: ParamSpec, v: unknown, path: string, emit: Emit): void {
  switch (spec.kind) {
    case 'money':
    case 'int':
    case 'fraction':
    case 'rate':
    case 'points':
    case 'growth':
      checkScalar(spec.kind, v, path, emit);
      return;
    case 'range':
      checkRange(v, path, emit);
      return;
    case 'bands':
      checkBands(spec, v, path, emit);
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v)) emit(path, 'enum', spec.values.join(', '));
      return;
    case 'enumList':
      if (!Array.isArray(v)) return emit(path, 'array');
      v.forEach((x, i) => {
        if (typeof x !== 'string' || !spec.values.includes(x)) emit(join(path, i), 'enum', spec.values.join(', '));
      });
      return;
    case 'prefixes':
      if (!Array.isArray(v)) return emit(path, 'array');
      v.forEach((x, i) => {
        if (typeof x !== 'string' || !/^[A-T]\d{2,4}$/.test(x)) emit(join(path, i), 'prefix');
      });
      return;
    case 'fractionPair':
      if (!isObj(v)) return emit(path, 'object');
      if (checkScalar('int', v.numerator, join(path, 'numerator'), emit) && checkScalar('int', v.denominator, join(path, 'denominator'), emit)) {
        if ((v.denominator as number) === 0 || (v.numerator as number) > (v.denominator as number)) emit(path, 'fraction');
      }
      return;
    case 'rdTiers':
      checkRdTiers(v, path, emit);
      return;
    case 'rates':
      checkRates(v, path, emit);
      return;
    case 'upperBands':
      checkUpperBands(v, path, emit);
      return;
    case 'optional':
      check(spec.of, v, path, emit);
      return;
    case 'list':
      if (!Array.isArray(v)) return emit(path, 'array');
      v.forEach((x, i) => check(spec.of, x, join(path, i), emit));
      return;
    case 'references':
      if (!isObj(v)) return emit(path, 'object');
      for (const [code, ref] of Object.entries(v)) {
        if (!spec.codes.includes(code)) emit(join(path, code), 'unknown');
        else if (typeof ref !== 'string' || ref.trim() === '' || ref.length > 200) emit(join(path, code), 'reference');
      }
      return;
    case 'object': {
      if (!isObj(v)) return emit(path, 'object');
      for (const [key, sub] of Object.entries(spec.fields)) {
        // Own values only: a `__proto__` key (turned into the prototype by a copy) must not supply fields.
        if (!hasOwn(v, key) || v[key] === undefined) {
          if (sub.kind !== 'optional') emit(join(path, key), 'required');
        } else check(sub, v[key], join(path, key), emit);
      }
      // Own keys only: a `constructor` or `__proto__` key in the JSON is unknown, not an inherited field.
      for (const key of Object.keys(v)) if (!hasOwn(spec.fields, key)) emit(join(path, key), 'unknown');
      return;
    }
  }
}

/** Cross-field checks that a shape check cannot express. */
function checkConsistency(program: ParamProgram, params: Record<string, unknown>, emit: Emit): void {
  if (program === 'high-tech' && isObj(params.score)) {
    const s = params.score;
    const top = (bands: unknown) =>
      Array.isArray(bands) ? Math.max(0, ...bands.map((b) => (isObj(b) && Array.isArray(b.points) && isNum(b.points[1]) ? b.points[1] : 0))) : 0;
    if (isNum(s.transformationMax) && top(s.transformationBands) > s.transformationMax) emit('score.transformationMax', 'belowBands');
    if (isNum(s.growthItemMax) && top(s.growthBands) > s.growthItemMax) emit('score.growthItemMax', 'belowBands');
  }
  // An edition names a known encoding of the rules, and each edition needs its own parameters.
  const edition = params.edition === undefined ? 1 : params.edition;
  if (isNum(edition) && (edition < 1 || edition > CURRENT_EDITION || !Number.isInteger(edition))) emit('edition', 'edition', String(CURRENT_EDITION));
  if (program === 'tech-sme' && edition === 1 && params.negativeList === undefined) emit('negativeList', 'required');
  if (program === 'super-deduction' && isNum(edition) && edition >= 2) {
    if (params.eitRateSmallLowProfit === undefined) emit('eitRateSmallLowProfit', 'required');
    if (params.smallLowProfit === undefined) emit('smallLowProfit', 'required');
  }
  if (program === 'little-giant' && isNum(params.midRevenueMin) && isNum(params.largeRevenueMin) && params.midRevenueMin > params.largeRevenueMin)
    emit('midRevenueMin', 'ascending');
  if (program === 'gazelle' && isNum(params.rdMinYears) && isNum(params.rdWindowYears) && params.rdMinYears > params.rdWindowYears)
    emit('rdMinYears', 'minYearsWindow');
}

/**
 * Field messages for a draft parameter set; an empty list means it can be published.
 * Paths are dot/bracket paths such as `rates[3].rate` or `score.growthBands[0].points`.
 */
export function validateParams(program: ParamProgram, params: unknown, locale: Locale = 'zh-CN'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const emit: Emit = (path, key, detail) => {
    issues.push({ path, message: paramMessage(locale, key, detail) });
  };
  const spec = PARAM_SPECS[program];
  if (!spec) return [{ path: '', message: paramMessage(locale, 'program') }];
  check(spec, params, '', emit);
  if (isObj(params)) checkConsistency(program, params, emit);
  return issues;
}

/** Every leaf path of a programme's parameters (for checking provisional lists and building forms). */
export function paramPaths(program: ParamProgram): string[] {
  const out: string[] = [];
  const walk = (spec: ParamSpec, path: string) => {
    if (spec.kind === 'object') for (const [k, sub] of Object.entries(spec.fields)) walk(sub, join(path, k));
    else if (spec.kind === 'optional') walk(spec.of, path);
    else out.push(path);
  };
  walk(PARAM_SPECS[program], '');
  return out;
}
