/**
 * Fixtures for the SRDI specs (rules.md §7): enterprises built on the golden one of fixtures.ts.
 * `innovative()` meets innovative-sme, `specialised()` srdi-sme and `giant()` little-giant at AS_OF.
 */
import type { CriterionResult, ProgramResult } from '../criteria.js';
import { evaluate, type EvaluateOptions } from '../evaluate.js';
import type { FinancialYear, Outcome, SrdiFacts, SrdiProgram, SrdiYearFact } from '../facts.js';
import { DEFAULT_RULE_SETS, type RuleSets } from '../rule-sets.js';
import { AS_OF, golden, type Draft } from './fixtures.js';

export interface SrdiDraft extends Draft {
  srdi: SrdiFacts & { years: SrdiYearFact[]; recognitions: NonNullable<SrdiFacts['recognitions']>[number][] };
}

/** Golden + the SRDI facts of an innovative SME that also meets every 专精特新 criterion. */
export function innovative(patch?: (f: SrdiDraft) => void): SrdiDraft {
  const f = golden() as SrdiDraft;
  f.srdi = {
    nicheMarket: '工业视觉检测',
    nicheSince: '2020-01-01',
    strategicEmergingIndustry: true,
    srdiScore: 72,
    rdInstitution: 'own',
    highValueClassI: 1,
    makerChinaTop500Year: null,
    innovationTitle: false,
    years: [
      { year: 2023, equityFinancing: 0, rdStaff: 20 },
      { year: 2024, equityFinancing: 0, rdStaff: 22 },
      { year: 2025, equityFinancing: 0, rdStaff: 25 },
    ],
    recognitions: [],
  };
  patch?.(f);
  return f;
}

/** An innovative SME holding a valid innovative-SME recognition: meets srdi-sme. */
export function specialised(patch?: (f: SrdiDraft) => void): SrdiDraft {
  return innovative((f) => {
    f.srdi.recognitions.push({ program: 'innovative-sme', validFrom: '2024-06-01', validUntil: '2027-05-31' });
    patch?.(f);
  });
}

const year = (y: number, revenue: number, main: number, rd: number): FinancialYear => ({
  year: y,
  operatingRevenue: revenue,
  salesRevenue: revenue,
  mainBusinessRevenue: main,
  totalIncome: revenue,
  rdExpense: rd,
  rdExpenseDomestic: rd,
  totalCostAndExpense: revenue * 0.9,
  totalAssets: 150_000_000,
  totalLiabilities: 60_000_000,
  employees: 400,
  stStaff: 120,
});

/** A 专精特新 SME of 120M revenue holding a valid srdi-sme recognition, a key link of its chain: meets little-giant. */
export function giant(patch?: (f: SrdiDraft) => void): SrdiDraft {
  return specialised((f) => {
    f.financials = [year(2023, 80_000_000, 76_000_000, 2_800_000), year(2024, 100_000_000, 95_000_000, 3_200_000), year(2025, 120_000_000, 110_000_000, 4_000_000)];
    f.srdi.recognitions.push({ program: 'srdi-sme', validFrom: '2025-01-01', validUntil: '2027-12-31' });
    f.srdi.keyChainLink = true;
    patch?.(f);
  });
}

/** N-1 of AS_OF. */
export const N1 = 2025;

export function srdiYear(f: SrdiDraft, y: number): SrdiYearFact {
  let r = f.srdi.years.find((x) => x.year === y);
  if (!r) {
    r = { year: y };
    f.srdi.years.push(r);
  }
  return r;
}

export function runSrdi(program: SrdiProgram, facts: Draft, opts: { asOf?: string; ruleSets?: RuleSets } & EvaluateOptions = {}): ProgramResult {
  const r = evaluate({ asOf: opts.asOf ?? AS_OF, programs: [program], facts }, opts.ruleSets ?? DEFAULT_RULE_SETS, opts);
  const result = r.results[0];
  if (!result) throw new Error(`${program} not evaluated`);
  return result;
}

export function srdiCrit(result: ProgramResult, code: string): CriterionResult {
  const c = result.criteria.find((x) => x.code === code);
  if (!c) throw new Error(`no criterion ${code} in ${result.program}`);
  return c;
}

export function srdiOutcome(program: SrdiProgram, facts: Draft, code: string, asOf = AS_OF, ruleSets?: RuleSets): Outcome {
  return srdiCrit(runSrdi(program, facts, { asOf, ruleSets }), code).outcome;
}

/** Default rule sets with one SRDI programme's parameters changed (an administrator's edit). */
export function withSrdiParams<P extends SrdiProgram>(program: P, change: (p: NonNullable<RuleSets[P]>['params']) => void): RuleSets {
  const rs = structuredClone(DEFAULT_RULE_SETS);
  change(rs[program]!.params);
  return rs;
}
