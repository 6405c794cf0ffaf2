import { In, type DataSource } from 'typeorm';
import { todayIso } from '../../common/format.js';
import { AnnualFinancials } from '../../enterprises/annual-financials.entity.js';
import { Qualification } from '../../enterprises/qualification.entity.js';
import { RdLedger } from '../../enterprises/rd-ledger.entity.js';
import { Recognition } from '../../ladder/recognition.entity.js';
import { evaluate } from '../../policy/engine/evaluate.js';
import { DEFAULT_RULE_SETS } from '../../policy/engine/rule-sets.js';
import { loadFacts } from '../../policy/facts-loader.js';
import { RdPostSubsidyRound } from '../../rd-post-subsidy/rd-post-subsidy.entities.js';

/**
 * Demo data of the R&D post-subsidy (rules.md §8): the demo files with last year's R&D ledger get
 * their missing R&D figures (growing 25%), a tech-SME listing for last year where they hold no HNTE
 * certificate, and one open round for last year whose budget
 * is below the claims, so calculating it shows the pro-rata scaling. Deterministic; returns the
 * outcomes reached by enterprise id.
 */
export async function seedDemoPostSubsidy(dataSource: DataSource, now: Date | string): Promise<Map<number, string>> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const n1 = Number(today.slice(0, 4)) - 1;
  const ledgers = await dataSource.getRepository(RdLedger).find({ where: { year: n1 }, select: { enterpriseId: true }, order: { enterpriseId: 'ASC' } });
  const ids = [...new Set(ledgers.map((l) => l.enterpriseId))];
  const fin = dataSource.getRepository(AnnualFinancials);
  const hnte = new Set(
    (ids.length === 0 ? [] : await dataSource.getRepository(Qualification).find({ where: { enterpriseId: In(ids), kind: 'hnte-certificate' }, select: { enterpriseId: true } })).map((q) => q.enterpriseId),
  );
  for (const id of ids) {
    // Figures already on file are kept (other demo outcomes depend on them); only missing R&D is filled in, growing 25%.
    const current = await fin.findOneBy({ enterpriseId: id, year: n1 });
    const prev = await fin.findOneBy({ enterpriseId: id, year: n1 - 1 });
    const prior = prev?.rdExpense ?? (current?.rdExpense ? Math.round(current.rdExpense / 1.25) : 800_000);
    const rd = current?.rdExpense ?? Math.round(prior * 1.25);
    if (!prev) await fin.insert({ enterpriseId: id, year: n1 - 1, rdExpense: prior } as never);
    else if (prev.rdExpense === null) await fin.update({ id: prev.id }, { rdExpense: prior });
    if (!current) await fin.insert({ enterpriseId: id, year: n1, rdExpense: rd } as never);
    else if (current.rdExpense === null) await fin.update({ id: current.id }, { rdExpense: rd });
    // RP-STATUS: a tech-SME listing of last year where the file holds no HNTE certificate.
    if (!hnte.has(id))
      await dataSource.getRepository(Recognition).insert({ enterpriseId: id, tier: 'tech-sme', year: n1, batch: `${n1}-第1批`, certificateNumber: null, validFrom: `${n1}-04-30`, validUntil: `${n1}-12-31`, source: 'import' });
  }
  const facts = ids.length ? await loadFacts(dataSource, ids, n1 + 1, today) : new Map();
  const outcomes = new Map<number, string>();
  let total = 0;
  for (const [id, f] of facts) {
    const r = evaluate({ asOf: today, programs: ['rd-post-subsidy'], facts: f }, DEFAULT_RULE_SETS, { explanations: false }).results[0];
    if (!r) continue;
    outcomes.set(id, r.outcome);
    const a = r.amount as { subsidy?: number } | undefined;
    if (r.outcome === 'eligible' && a?.subsidy) total += a.subsidy;
  }
  // A budget of about 80% of the claims (whole 1,000 yuan), so the round is oversubscribed.
  const budget = Math.max(10_000, Math.floor((total * 0.8) / 1000) * 1000);
  await dataSource.getRepository(RdPostSubsidyRound).insert({
    year: n1, budget: budget * 100, status: 'open', totalRequested: null, totalGranted: null, factor: null, asOf: null, calculatedAt: null, publishedAt: null, createdBy: null,
  });
  return outcomes;
}
