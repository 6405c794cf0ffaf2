import type { Facts } from '../facts.js';

/** The request body of api.md "Eligibility", copied verbatim (asOf 2026-03-31, all programmes). */
export const API_EXAMPLE = {
  asOf: '2026-03-31',
  programs: ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'high-tech', 'super-deduction'],
  enterprise: {
    uscc: '91120116MA05XXXXXX',
    name: '…',
    districtCode: '120116',
    establishedOn: '2019-05-20',
    industryCode: 'C3911',
    taxMode: 'audit',
    highTechField: 'electronic-information',
    flags: [{ kind: 'abnormal-operation', on: '2025-04-02' }],
    rdLedger: true,
  },
  financials: [
    {
      year: 2025,
      operatingRevenue: 12000000,
      salesRevenue: 12000000,
      mainBusinessRevenue: 11500000,
      totalIncome: 12300000,
      nonTaxableIncome: 0,
      investmentIncome: 0,
      highTechRevenue: 9000000,
      rdExpense: 900000,
      rdExpenseDomestic: 900000,
      totalCostAndExpense: 10000000,
      totalAssets: 30000000,
      totalLiabilities: 12000000,
      employees: 80,
      stStaff: 20,
      transformedAchievements: 2,
    },
  ],
  ipAssets: [
    {
      kind: 'invention-patent',
      number: 'ZL202110000001.2',
      status: 'valid',
      grantedOn: '2022-01-04',
      expiresOn: '2041-03-01',
      acquisition: 'own',
      usedInHighTechApplication: false,
      relatedToMainProducts: true,
    },
  ],
  qualifications: [{ kind: 'venture-investment', on: '2024-06-01', amount: 2000000 }],
  expertScores: {
    techAdvancement: 6,
    coreSupport: 6,
    acquisition: 5,
    standardsBonus: 0,
    rdManagement: 5,
    rdInstitution: 4,
    transformationIncentive: 3,
    talent: 3,
  },
  rdExpenseDetail: {
    year: 2025,
    personnel: 500000,
    directInputs: 200000,
    depreciation: 50000,
    amortization: 20000,
    design: 30000,
    other: 150000,
    contractedDomestic: 100000,
    contractedOverseas: 0,
    byProductIncome: 0,
    manufacturing: true,
    icOrMachineTool: false,
    projects: [{ name: '…', activityType: 'new-product' }],
  },
} as const;

/** The facts part of the example (the body minus asOf and programs). */
export function apiExampleFacts(): Facts {
  const { asOf: _asOf, programs: _programs, ...facts } = structuredClone(API_EXAMPLE) as unknown as typeof API_EXAMPLE & Facts;
  return facts as Facts;
}
