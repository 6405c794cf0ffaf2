import { todayIso } from '../../src/common/format.js';

/** Evaluation year N of a self-check posted today. */
export const N = Number(todayIso().slice(0, 4));

/**
 * A self-check form (money in 万元) of an enterprise like the engine's golden fixture, shifted to
 * N-4 … N-1: it meets tech-SME, young eagle, gazelle, HNTE and the super-deduction.
 */
export function goldenForm(): Record<string, string> {
  const f: Record<string, string> = {
    uscc: '91310110666007217T', establishedOn: `${N - 6}-05-20`, districtCode: '120116', industryCode: 'C3911', taxMode: 'audit',
    highTechField: 'electronic-information', rdLedger: 'true', restrictedCategory: 'false',
    creditChecked: 'true', ipChecked: 'true', qualificationsChecked: 'true',
    'ip_invention-patent': '2', 'ip_utility-model': '5', hnteOn: `${N - 2}-11-01`,
    score_techAdvancement: '7', score_coreSupport: '7', score_acquisition: '5', score_standardsBonus: '2', score_rdManagement: '5',
    score_rdInstitution: '5', score_transformationIncentive: '3', score_talent: '3',
    rd_personnel: '50', rd_directInputs: '20', rd_depreciation: '5', rd_amortization: '2', rd_design: '3', rd_other: '15',
    rd_contractedDomestic: '10', rd_contractedOverseas: '0', rd_byProductIncome: '0', rdManufacturing: 'true', rdActivity: 'new-product',
  };
  const years: [number, number, number, number, number][] = [
    // year, revenue, R&D, assets, liabilities (万元)
    [N - 4, 800, 50, 1800, 800], [N - 3, 1000, 60, 3000, 1000], [N - 2, 1300, 80, 3400, 1000], [N - 1, 1700, 100, 3900, 1000],
  ];
  for (const [y, rev, rd, assets, liabilities] of years) {
    Object.assign(f, {
      [`operatingRevenue_${y}`]: String(rev), [`salesRevenue_${y}`]: String(rev), [`mainBusinessRevenue_${y}`]: String(rev), [`totalIncome_${y}`]: String(rev),
      [`nonTaxableIncome_${y}`]: '0', [`investmentIncome_${y}`]: '0', [`highTechRevenue_${y}`]: String(rev * 0.8), [`rdExpense_${y}`]: String(rd),
      [`rdExpenseDomestic_${y}`]: String(rd), [`totalCostAndExpense_${y}`]: String(rev * 0.9), [`totalAssets_${y}`]: String(assets),
      [`totalLiabilities_${y}`]: String(liabilities), [`employees_${y}`]: '100', [`stStaff_${y}`]: '30', [`transformedAchievements_${y}`]: '5',
    });
  }
  return f;
}
