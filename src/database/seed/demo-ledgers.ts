import type { DataSource } from 'typeorm';
import { todayIso } from '../../common/format.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { FactCheck } from '../../enterprises/fact-check.entity.js';
import { RdLedger } from '../../enterprises/rd-ledger.entity.js';

/**
 * Demo R&D ledgers (rules.md §4.5): last fiscal year's ledger, as filed with the tax office, for a
 * few manufacturing and software firms taxed on actual accounts, so the super-deduction amount shows
 * on their files and, after a batch evaluation, on the dashboard. Plus the IP-office and credit
 * checks of the first of them ("checked: none" is then known, not assumed). Deterministic.
 */
export async function seedDemoLedgers(dataSource: DataSource, now: Date | string = new Date()): Promise<number[]> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const year = Number(today.slice(0, 4)) - 1;
  const candidates = (await dataSource.getRepository(Enterprise).find({ order: { id: 'ASC' } }))
    .filter((e) => e.taxMode === 'audit' && e.rdLedger !== false && /^[CI]/.test(e.industryCode ?? ''));
  const chosen = [...candidates.filter((e) => e.districtCode === '120116').slice(0, 2), ...candidates.filter((e) => e.districtCode === '120104').slice(0, 1)];
  await dataSource.transaction(async (em) => {
    for (const [i, e] of chosen.entries()) {
      const k = i + 1;
      await em.insert(RdLedger, {
        enterpriseId: e.id, year, personnel: 600_000 * k, directInputs: 250_000 * k, depreciation: 60_000 * k, amortization: 20_000, design: 40_000, other: 150_000,
        contractedDomestic: 100_000, contractedOverseas: 0, byProductIncome: 0, manufacturing: e.industryCode!.startsWith('C'), icOrMachineTool: false, techSme: null,
        projects: [
          { name: `${year}年新产品研发项目`, activityType: 'new-product', costs: { personnel: 400_000 * k, directInputs: 200_000 * k } },
          { name: '工艺改进', activityType: 'new-process', costs: { personnel: 200_000 * k, directInputs: 50_000 * k } },
        ],
        source: 'tax', sourceAsOf: `${year + 1}-05-31`, recordedBy: null, verifiedBy: null, verifiedAt: null,
      });
      if (e.rdLedger === null) await em.update(Enterprise, { id: e.id }, { rdLedger: true });
    }
    if (chosen[0]) {
      await em.insert(FactCheck, { enterpriseId: chosen[0].id, subject: 'credit', checkedOn: `${year + 1}-01-10`, result: 'none', source: 'credit-china', recordedBy: null });
    }
  });
  return chosen.map((e) => e.id);
}
