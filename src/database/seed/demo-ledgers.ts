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

/** Where each subject is checked (api.md Facts `source`). */
const CHECK_SOURCE = { 'ip-assets': 'ip-office', qualifications: 'market-regulation', credit: 'credit-china' } as const;

/**
 * Demo checks ("unknown is not none"): most demo files were checked with the IP office, for
 * qualifications and for credit at the start of the year before last, with the result the file
 * holds (records or none), so an empty list there means none. Every seventh file is left unchecked,
 * so the demo also shows "尚未核查" and the criteria that stay `missing` until an officer checks.
 * Deterministic; the file already checked by seedDemoLedgers is skipped for that subject.
 */
export async function seedDemoChecks(dataSource: DataSource, now: Date | string = new Date()): Promise<void> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const checkedOn = `${Number(today.slice(0, 4)) - 2}-01-10`;
  const count = async (table: string) => {
    const rows: { id: number | string; n: number | string }[] = await dataSource.query(`SELECT enterprise_id AS id, COUNT(*) AS n FROM ${table} GROUP BY enterprise_id`);
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  };
  const [ips, quals, flags] = await Promise.all([count('ip_asset'), count('qualification'), count('credit_flag')]);
  const already: { enterprise_id: number | string; subject: string }[] = await dataSource.query('SELECT enterprise_id, subject FROM fact_check');
  const done = new Set(already.map((r) => `${Number(r.enterprise_id)}:${r.subject}`));
  const files = await dataSource.getRepository(Enterprise).find({ select: { id: true }, order: { id: 'ASC' } });
  const rows: Partial<FactCheck>[] = [];
  for (const [i, e] of files.entries()) {
    if (i % 7 === 6) continue;
    const held = { 'ip-assets': ips.get(e.id) ?? 0, qualifications: quals.get(e.id) ?? 0, credit: flags.get(e.id) ?? 0 };
    for (const subject of ['ip-assets', 'qualifications', 'credit'] as const) {
      if (done.has(`${e.id}:${subject}`)) continue;
      rows.push({ enterpriseId: e.id, subject, checkedOn, result: held[subject] > 0 ? 'records' : 'none', source: CHECK_SOURCE[subject], recordedBy: null });
    }
  }
  await dataSource.transaction(async (em) => {
    for (let i = 0; i < rows.length; i += 200) await em.insert(FactCheck, rows.slice(i, i + 200));
  });
}
