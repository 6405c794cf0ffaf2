/**
 * Test fixtures for the engine specs (no test-framework imports, so this file is inert in a build).
 * `golden()` is an enterprise that meets tech-sme, young-eagle, gazelle, high-tech and
 * super-deduction at AS_OF; `large()` is one that meets leader-candidate and leader. Specs clone
 * and change one thing per case.
 */
import type { CriterionResult, ProgramResult } from '../criteria.js';
import { evaluate, type EvaluateOptions } from '../evaluate.js';
import type {
  CreditFlag,
  EnterpriseFacts,
  ExpertScores,
  Facts,
  FinancialYear,
  IpAssetFact,
  Outcome,
  Program,
  QualificationFact,
  RdExpenseDetail,
  RdProject,
} from '../facts.js';
import { DEFAULT_RULE_SETS, RULE_SETS_2026_1, type RuleSets } from '../rule-sets.js';

/** The rule sets of 2026.1 (edition 1): what decisions stored under them were made with. */
export const LEGACY = RULE_SETS_2026_1;

export const AS_OF = '2026-03-31';

/** Facts with mutable collections, for building cases. */
export interface Draft extends Facts {
  enterprise: EnterpriseFacts & { flags: CreditFlag[] };
  financials: FinancialYear[];
  ipAssets: IpAssetFact[];
  qualifications: QualificationFact[];
  expertScores: ExpertScores;
  rdExpenseDetail: RdExpenseDetail & { projects: RdProject[] };
}

function year(y: number, revenue: number, rd: number, extra: Partial<FinancialYear> = {}): FinancialYear {
  return {
    year: y,
    operatingRevenue: revenue,
    salesRevenue: revenue,
    mainBusinessRevenue: revenue,
    totalIncome: revenue,
    nonTaxableIncome: 0,
    investmentIncome: 0,
    highTechRevenue: revenue * 0.8,
    rdExpense: rd,
    rdExpenseDomestic: rd,
    totalCostAndExpense: revenue * 0.9,
    employees: 100,
    stStaff: 30,
    transformedAchievements: 5,
    ...extra,
  };
}

const GOLDEN: Draft = {
  enterprise: {
    uscc: '91310110666007217T',
    name: 'Golden Tech',
    districtCode: '120116',
    establishedOn: '2019-05-20',
    industryCode: 'C3911',
    taxMode: 'audit',
    highTechField: 'electronic-information',
    flags: [],
    rdLedger: true,
    // Edition 2: TS-INDUSTRY is this fact of the file (unknown would be `missing`).
    restrictedCategory: false,
  },
  financials: [
    year(2022, 8_000_000, 500_000, { totalAssets: 18_000_000, totalLiabilities: 8_000_000 }),
    year(2023, 10_000_000, 600_000, { totalAssets: 30_000_000, totalLiabilities: 10_000_000 }),
    year(2024, 13_000_000, 800_000, { totalAssets: 34_000_000, totalLiabilities: 10_000_000 }),
    year(2025, 17_000_000, 1_000_000, { totalAssets: 39_000_000, totalLiabilities: 10_000_000 }),
  ],
  ipAssets: [
    { kind: 'invention-patent', number: 'ZL1', status: 'valid', grantedOn: '2021-01-04', expiresOn: '2040-01-01', acquisition: 'own', relatedToMainProducts: true },
    { kind: 'invention-patent', number: 'ZL2', status: 'valid', grantedOn: '2022-01-04', expiresOn: '2041-01-01', acquisition: 'own', relatedToMainProducts: true },
    ...[3, 4, 5, 6, 7].map(
      (i): IpAssetFact => ({ kind: 'utility-model', number: `ZL${i}`, status: 'valid', grantedOn: '2023-01-04', expiresOn: '2033-01-01', acquisition: 'own' }),
    ),
  ],
  qualifications: [{ kind: 'hnte-certificate', on: '2024-11-01' }],
  expertScores: {
    techAdvancement: 7,
    coreSupport: 7,
    acquisition: 5,
    standardsBonus: 2,
    rdManagement: 5,
    rdInstitution: 5,
    transformationIncentive: 3,
    talent: 3,
  },
  rdExpenseDetail: {
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
    projects: [{ name: 'Sensor', activityType: 'new-product' }],
  },
};

/** A fresh copy of the golden enterprise, optionally changed by `patch`. */
export function golden(patch?: (f: Draft) => void): Draft {
  const f = structuredClone(GOLDEN);
  patch?.(f);
  return f;
}

/** A large enterprise that meets both leader tiers (revenue 600M, 3% R&D, growing, 25 IP items). */
export function large(patch?: (f: Draft) => void): Draft {
  return golden((f) => {
    f.financials = [
      year(2023, 400_000_000, 16_000_000, { employees: 2000, stStaff: 400 }),
      year(2024, 500_000_000, 16_000_000, { employees: 2000, stStaff: 400 }),
      year(2025, 600_000_000, 18_000_000, { employees: 2000, stStaff: 400 }),
    ];
    f.ipAssets = Array.from({ length: 25 }, (_, i) => ({
      kind: i < 5 ? ('invention-patent' as const) : ('utility-model' as const),
      number: `L${i}`,
      status: 'valid' as const,
      expiresOn: '2035-01-01',
    }));
    patch?.(f);
  });
}

/** The financial record of one year (created when absent). */
export function fy(f: Draft, y: number): FinancialYear {
  let r = f.financials.find((x) => x.year === y);
  if (!r) {
    r = { year: y };
    f.financials.push(r);
  }
  return r;
}

/** Drop one figure (or the whole year when no field is given). */
export function drop(f: Draft, y: number, field?: keyof FinancialYear): void {
  if (field === undefined) f.financials = f.financials.filter((x) => x.year !== y);
  else delete fy(f, y)[field];
}

export function run(
  program: Program,
  facts: Facts,
  opts: { asOf?: string; ruleSets?: RuleSets } & EvaluateOptions = {},
): ProgramResult {
  const r = evaluate({ asOf: opts.asOf ?? AS_OF, programs: [program], facts }, opts.ruleSets ?? DEFAULT_RULE_SETS, opts);
  return r.results[0]!;
}

export function crit(result: ProgramResult, code: string): CriterionResult {
  const c = result.criteria.find((x) => x.code === code);
  if (!c) throw new Error(`no criterion ${code} in ${result.program}`);
  return c;
}

/** The outcome of one criterion of a programme for these facts. */
export function outcomeOf(program: Program, facts: Facts, code: string, asOf = AS_OF, ruleSets?: RuleSets): Outcome {
  return crit(run(program, facts, { asOf, ruleSets }), code).outcome;
}

/** Rule sets with one programme's parameters changed. */
export function withParams<P extends Program>(program: P, change: (p: RuleSets[P]['params']) => void): RuleSets {
  const rs = structuredClone(DEFAULT_RULE_SETS);
  change(rs[program].params);
  return rs;
}

/** Small deterministic PRNG (mulberry32) for property tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function int(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** An explanation without the rule set's reference appended to it (`（依据：…）` / ` (ref. …)`). */
export function plain(explanation: string): string {
  return explanation.replace(/（依据：[^）]*(）[^）]*)*）$| \(ref\. .*\)$/u, '');
}
