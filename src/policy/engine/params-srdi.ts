import type { SrdiProgram } from './facts.js';
import type { Band, SrdiParamsByProgram } from './params-shapes.js';

export type { InnovativeSmeParams, LittleGiantParams, SrdiParamsByProgram, SrdiSmeParams, UpperBand } from './params-shapes.js';

/** rules.md §12: 工信部企业〔2022〕63号《优质中小企业梯度培育管理暂行办法》, effective 2022-08-01. */
export const SRDI_DOCUMENT_DATE = '2022-08-01';
const DOC = '工信部企业〔2022〕63号';
const A1 = `${DOC} 附件1`;
const A2 = `${DOC} 附件2`;
const A3 = `${DOC} 附件3`;

export const SRDI_REFERENCES: Readonly<Record<SrdiProgram, Readonly<Record<string, string>>>> = {
  'innovative-sme': {
    'IN-SME': `${DOC} 第二条；${A1}`,
    'IN-CREDIT': `${A1}`,
    'IN-SCORE': `${A1}（评价指标）`,
    'IN-DIRECT': `${A1}（直接认定条件）`,
  },
  'srdi-sme': {
    'SP-INNOVATIVE': `${A2}（一）`,
    'SP-NICHE': `${A2}（二）`,
    'SP-RD': `${A2}（三）`,
    'SP-REVENUE': `${A2}（四）`,
    'SP-SCORE': `${A2}（五）`,
    'SP-DIRECT': `${A2}（五）`,
  },
  'little-giant': {
    'LG-SRDI': `${A3}（一）`,
    'LG-NICHE': `${A3}（二）专业化指标`,
    'LG-MAIN': `${A3}（二）专业化指标`,
    'LG-GROWTH': `${A3}（二）专业化指标`,
    'LG-DEBT': `${A3}（三）精细化指标`,
    'LG-RD': `${A3}（五）创新能力指标`,
    'LG-INSTITUTION': `${A3}（五）创新能力指标`,
    'LG-IP': `${A3}（五）创新能力指标`,
    'LG-CHAIN': `${A3}（六）产业链配套指标`,
  },
};

const band = (min: number, points: number): Band => ({ min, points });

/** rules.md §7 as numbers (shipped as rule-set version 2026.3, effective 2022-08-01). */
export const SRDI_DEFAULT_PARAMS: SrdiParamsByProgram = {
  'innovative-sme': {
    edition: 2,
    references: SRDI_REFERENCES['innovative-sme'],
    employeesBelow: 1000,
    revenueBelow: 400_000_000,
    scorePassMark: 60,
    ipPoints: { highValueClassI: 20, selfDevelopedClassI: 15, classI: 10, classII: 5 },
    rdIntensityBands: [band(0.05, 20), band(0.03, 15), band(0.02, 10), band(0.01, 5)],
    growthBands: [band(0.15, 20), band(0.1, 15), band(0.05, 10), band(0, 5)],
    debtRatioBands: [{ max: 0.55, points: 10 }, { max: 0.75, points: 5 }],
    strategicEmergingPoints: { yes: 10, no: 5 },
    mainShareBands: [band(0.7, 20), band(0.6, 15), band(0.55, 10), band(0.5, 5)],
    directLookbackYears: 3,
    directEquityMin: 5_000_000,
    recognitionValidityYears: 3,
  },
  'srdi-sme': {
    edition: 2,
    references: SRDI_REFERENCES['srdi-sme'],
    nicheMinYears: 2,
    rdMin: 1_000_000,
    rdIntensityMin: 0.03,
    revenueMin: 10_000_000,
    equityMin: 20_000_000,
    equityYears: 2,
    scorePassMark: 60,
    directAwardLookbackYears: 3,
    directProvincialAwardMaxUnitRank: 3,
    directAvgRdMin: 10_000_000,
    directAvgRdYears: 2,
    directEquityMin: 60_000_000,
    directEquityYears: 2,
    directMakerLookbackYears: 3,
    recognitionValidityYears: 3,
  },
  'little-giant': {
    edition: 2,
    references: SRDI_REFERENCES['little-giant'],
    nicheMinYears: 3,
    mainShareMin: 0.7,
    growthMin: 0.05,
    debtRatioMax: 0.7,
    largeRevenueMin: 100_000_000,
    largeIntensityMin: 0.03,
    midRevenueMin: 50_000_000,
    midIntensityMin: 0.06,
    smallEquityMin: 80_000_000,
    smallRdSumMin: 30_000_000,
    smallRdStaffShareMin: 0.5,
    rdYears: 2,
    ipClassIMin: 2,
    recognitionValidityYears: 3,
  },
};

/** rules.md §7's **(provisional)** items. */
export const SRDI_PROVISIONAL_PATHS: Readonly<Record<SrdiProgram, readonly string[]>> = {
  'innovative-sme': ['employeesBelow', 'revenueBelow', 'ipPoints', 'rdIntensityBands', 'growthBands', 'debtRatioBands', 'strategicEmergingPoints', 'mainShareBands'],
  'srdi-sme': [],
  'little-giant': ['ipClassIMin'],
};
