import type { ParamProgram } from '../engine/params.js';
import { hasOwn } from '../../common/own-key.js';

/**
 * Which criterion a parameter feeds, where the rules make it plain (shown beside the field on the
 * rule-set form, e.g. revenueMin → YE-REVENUE). A path not listed here (a validity period, the
 * edition) feeds no single criterion. Keys are top-level parameter keys or dotted paths; the longest
 * listed prefix of a path wins. Pure.
 */
const TABLE: Readonly<Record<ParamProgram, Readonly<Record<string, readonly string[]>>>> = {
  'tech-sme': {
    maxEmployees: ['TS-SIZE'], maxSalesRevenue: ['TS-SIZE'], maxTotalAssets: ['TS-SIZE'], negativeList: ['TS-INDUSTRY'],
    scorePassMark: ['TS-SCORE'], staffBands: ['TS-SCORE'], rdSalesBands: ['TS-SCORE'], rdCostBands: ['TS-SCORE'], ipClassIPoints: ['TS-SCORE'], ipClassIIBands: ['TS-SCORE'],
    ipClassIMin: ['TS-DIRECT'], directLookbackYears: ['TS-DIRECT'], directAwardMaxUnitRank: ['TS-DIRECT'], directStandardMaxDrafterRank: ['TS-DIRECT'],
  },
  'young-eagle': {
    ageWindowYears: ['YE-AGE'], revenueMin: ['YE-REVENUE'], ipClassIMin: ['YE-PATH-IP'], ipClassIIMin: ['YE-PATH-IP'],
    contestMinRank: ['YE-PATH-CONTEST'], contestIpMin: ['YE-PATH-CONTEST'], ventureMin: ['YE-PATH-VC'],
  },
  gazelle: {
    rdWindowYears: ['GZ-RD'], rdMinYears: ['GZ-RD'], rdIntensityMin: ['GZ-RD'], revenueMin: ['GZ-REVENUE'], growthMin: ['GZ-GROWTH'], ventureMin: ['GZ-GROWTH'], ventureWindowYears: ['GZ-GROWTH'],
  },
  'leader-candidate': { rdIntensityMin: ['LC-RD'], revenueMin: ['LC-REVENUE'], growthMin: ['LC-GROWTH'], ipItemsMin: ['LC-IP'], ipClassIMin: ['LC-IP'] },
  leader: { rdIntensityMin: ['LD-RD'], revenueMin: ['LD-REVENUE'], growthMin: ['LD-GROWTH'], ipItemsMin: ['LD-IP'], ipClassIMin: ['LD-IP'] },
  'high-tech': {
    minAgeDays: ['HT-AGE'], staffShareMin: ['HT-STAFF'], rdWindowYears: ['HT-RD'], rdTiers: ['HT-RD'], rdDomesticShareMin: ['HT-RD-DOMESTIC'],
    productShareMin: ['HT-PS'], complianceLookbackDays: ['HT-COMPLIANCE'], scorePassMark: ['HT-SCORE'], score: ['HT-SCORE'],
  },
  'super-deduction': {
    negativeList: ['SD-INDUSTRY'], otherCapShare: ['SD-LEDGER'], contractedShare: ['SD-LEDGER'], overseasCapOfDomestic: ['SD-LEDGER'], rates: ['SD-LEDGER'], q4Share: ['SD-LEDGER'],
  },
  'ip-pledge': { pledgeableKinds: ['IPP-VALID'] },
  'innovative-sme': {
    employeesBelow: ['IN-SME'], revenueBelow: ['IN-SME'], scorePassMark: ['IN-SCORE'], ipPoints: ['IN-SCORE'], rdIntensityBands: ['IN-SCORE'], growthBands: ['IN-SCORE'],
    debtRatioBands: ['IN-SCORE'], strategicEmergingPoints: ['IN-SCORE'], mainShareBands: ['IN-SCORE'], directLookbackYears: ['IN-DIRECT'], directEquityMin: ['IN-DIRECT'],
  },
  'srdi-sme': {
    nicheMinYears: ['SP-NICHE'], rdMin: ['SP-RD'], rdIntensityMin: ['SP-RD'], revenueMin: ['SP-REVENUE'], equityMin: ['SP-REVENUE'], equityYears: ['SP-REVENUE'], scorePassMark: ['SP-SCORE'],
    directAwardLookbackYears: ['SP-DIRECT'], directProvincialAwardMaxUnitRank: ['SP-DIRECT'], directAvgRdMin: ['SP-DIRECT'], directAvgRdYears: ['SP-DIRECT'],
    directEquityMin: ['SP-DIRECT'], directEquityYears: ['SP-DIRECT'], directMakerLookbackYears: ['SP-DIRECT'],
  },
  'little-giant': {
    nicheMinYears: ['LG-NICHE'], mainShareMin: ['LG-MAIN'], growthMin: ['LG-GROWTH'], debtRatioMax: ['LG-DEBT'], largeRevenueMin: ['LG-RD'], largeIntensityMin: ['LG-RD'],
    midRevenueMin: ['LG-RD'], midIntensityMin: ['LG-RD'], smallEquityMin: ['LG-RD'], smallRdSumMin: ['LG-RD'], smallRdStaffShareMin: ['LG-RD'], rdYears: ['LG-RD'], ipClassIMin: ['LG-IP'],
  },
  'rd-post-subsidy': { rate: ['RP-GROWTH'], cap: ['RP-GROWTH'] },
};

export function paramCriteria(program: ParamProgram, path: string): string[] {
  const table = hasOwn(TABLE, program) ? TABLE[program] : {};
  const parts = path.replace(/\[\d+\].*$/, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (hasOwn(table, key)) return [...table[key]!];
  }
  return [];
}
