import type { DataSource } from 'typeorm';
import { todayIso } from '../../common/format.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { validUntil } from '../../ladder/recognitions.service.js';
import { Recognition } from '../../ladder/recognition.entity.js';
import { evaluate } from '../../policy/engine/evaluate.js';
import { SRDI_PROGRAMS, type Facts, type SrdiFacts, type SrdiProgram } from '../../policy/engine/facts.js';
import { DEFAULT_RULE_SETS } from '../../policy/engine/rule-sets.js';
import { loadFacts } from '../../policy/facts-loader.js';
import { SrdiFact, SrdiYear } from '../../srdi/srdi-fact.entity.js';

/**
 * Demo SRDI facts (rules.md §7): a few demo files get SRDI facts, yearly figures and recognitions so
 * that each of innovative-sme, srdi-sme and little-giant shows each outcome (eligible, ineligible,
 * incomplete) somewhere in the demo, and at least one file holds an innovative-SME recognition.
 * Profiles are tried file by file in id order with the engine itself until every outcome is covered;
 * deterministic for a given demo. Returns what was assigned (for tests and the log).
 */
type Profile = { name: string; facts: (n: number) => SrdiFacts; verifiedChain?: boolean };

const years = (n: number, equity: number, rdStaff: number) => [n - 3, n - 2, n - 1].map((year) => ({ year, equityFinancing: equity, rdStaff }));
const base = (n: number): SrdiFacts => ({
  nicheMarket: '细分领域核心部件', nicheSince: `${n - 5}-03-01`, strategicEmergingIndustry: true, srdiScore: 70, rdInstitution: 'own',
  highValueClassI: 1, makerChinaTop500Year: null, innovationTitle: false, years: years(n, 0, 30), recognitions: [],
});
const rec = (program: SrdiProgram, n: number) => ({ program, validFrom: `${n - 1}-06-30`, validUntil: validUntil(`${n - 1}-06-30`, 3) });

const PROFILES: readonly Profile[] = [
  // Every SRDI fact known, no recognition yet: innovative SME by its figures; not yet 专精特新.
  { name: 'innovative', facts: (n) => base(n) },
  // … holding a valid innovative-SME recognition.
  { name: 'specialised', facts: (n) => ({ ...base(n), recognitions: [rec('innovative-sme', n)] }) },
  // … and a 专精特新 recognition, the key link of its chain verified by the district officer.
  { name: 'giant', facts: (n) => ({ ...base(n), keyChainLink: true, recognitions: [rec('innovative-sme', n), rec('srdi-sme', n)] }), verifiedChain: true },
  // Recognised innovative SME whose 专精特新 score is not assessed yet and whose equity financing is unknown.
  {
    name: 'specialised-unscored',
    facts: (n) => {
      const { srdiScore: _s, makerChinaTop500Year: _m, ...rest } = base(n);
      return { ...rest, years: [n - 3, n - 2, n - 1].map((year) => ({ year, rdStaff: 30 })), recognitions: [rec('innovative-sme', n)] };
    },
  },
  // Both recognitions, the key link not verified yet: little giant stays open.
  { name: 'giant-unverified', facts: (n) => ({ ...base(n), recognitions: [rec('innovative-sme', n), rec('srdi-sme', n)] }) },
  // Only the niche market recorded: most SRDI questions still unknown.
  { name: 'sparse', facts: (n) => ({ nicheMarket: '细分领域配套服务', nicheSince: `${n - 1}-09-01`, recognitions: [] }) },
];

export interface DemoSrdiAssignment {
  enterpriseId: number;
  profile: string;
  outcomes: Record<SrdiProgram, string>;
}

export async function seedDemoSrdi(dataSource: DataSource, now: Date | string = new Date()): Promise<DemoSrdiAssignment[]> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const n = Number(today.slice(0, 4));
  const files = await dataSource.getRepository(Enterprise).find({ select: { id: true, assignedOfficerId: true }, order: { id: 'ASC' } });
  if (!files.length) return [];
  const facts = await loadFacts(dataSource, files.map((f) => f.id), n, today);
  const wanted = new Set(SRDI_PROGRAMS.flatMap((p) => ['eligible', 'ineligible', 'incomplete'].map((o) => `${p}:${o}`)));
  const chosen: (DemoSrdiAssignment & { facts: SrdiFacts; verifiedChain: boolean; officer: number | null })[] = [];
  const outcomesOf = (f: Facts, srdi: SrdiFacts) =>
    Object.fromEntries(evaluate({ asOf: today, programs: SRDI_PROGRAMS, facts: { ...f, srdi } }, DEFAULT_RULE_SETS, { explanations: false }).results.map((r) => [r.program, r.outcome])) as Record<SrdiProgram, string>;
  for (const file of files) {
    if (!wanted.size) break;
    const f = facts.get(file.id);
    if (!f) continue;
    // The profile that covers the most outcomes still wanted, if any.
    let best: { profile: Profile; srdi: SrdiFacts; outcomes: Record<SrdiProgram, string>; gain: number } | null = null;
    for (const profile of PROFILES) {
      const srdi = profile.facts(n);
      const outcomes = outcomesOf(f, srdi);
      const gain = SRDI_PROGRAMS.filter((p) => wanted.has(`${p}:${outcomes[p]}`)).length;
      if (gain > (best?.gain ?? 0)) best = { profile, srdi, outcomes, gain };
    }
    if (!best) continue;
    for (const p of SRDI_PROGRAMS) wanted.delete(`${p}:${best.outcomes[p]}`);
    chosen.push({ enterpriseId: file.id, profile: best.profile.name, outcomes: best.outcomes, facts: best.srdi, verifiedChain: !!best.profile.verifiedChain, officer: file.assignedOfficerId ?? null });
  }
  await dataSource.transaction(async (em) => {
    for (const c of chosen) {
      const s = c.facts;
      const row = (fact: string, value: string, verified = false) => ({
        enterpriseId: c.enterpriseId, fact, value, note: fact === 'srdiScore' ? '区工信部门初评' : null, source: 'officer', sourceAsOf: `${n - 1}-12-31`,
        recordedBy: c.officer, verifiedBy: verified ? c.officer : null, verifiedAt: verified ? new Date(`${today}T00:00:00Z`) : null,
      });
      const rows = [
        s.nicheMarket !== undefined && row('nicheMarket', s.nicheMarket),
        s.nicheSince !== undefined && row('nicheSince', s.nicheSince),
        s.strategicEmergingIndustry !== undefined && row('strategicEmergingIndustry', String(s.strategicEmergingIndustry)),
        s.keyChainLink !== undefined && row('keyChainLink', String(s.keyChainLink), c.verifiedChain && c.officer !== null),
        s.srdiScore !== undefined && row('srdiScore', String(s.srdiScore)),
        s.rdInstitution !== undefined && row('rdInstitution', s.rdInstitution),
        s.highValueClassI !== undefined && row('highValueClassI', String(s.highValueClassI)),
        s.makerChinaTop500Year !== undefined && row('makerChinaTop500Year', s.makerChinaTop500Year === null ? 'never' : String(s.makerChinaTop500Year)),
        s.innovationTitle !== undefined && row('innovationTitle', String(s.innovationTitle)),
      ].filter((r): r is ReturnType<typeof row> => !!r);
      if (rows.length) await em.insert(SrdiFact, rows);
      for (const y of s.years ?? []) await em.insert(SrdiYear, { enterpriseId: c.enterpriseId, year: y.year, equityFinancing: y.equityFinancing ?? null, rdStaff: y.rdStaff ?? null, source: 'officer', sourceAsOf: `${n - 1}-12-31`, recordedBy: c.officer });
      for (const r of s.recognitions ?? []) {
        await em.insert(Recognition, { enterpriseId: c.enterpriseId, tier: r.program, year: Number(r.validFrom!.slice(0, 4)), batch: `${r.validFrom!.slice(0, 4)}-第1批`, certificateNumber: null, validFrom: r.validFrom!, validUntil: r.validUntil!, source: 'import' });
      }
    }
  });
  return chosen.map(({ enterpriseId, profile, outcomes }) => ({ enterpriseId, profile, outcomes }));
}
