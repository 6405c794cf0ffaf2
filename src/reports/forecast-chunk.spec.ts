import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../policy/engine/evaluate.js';
import { TIERS, type Facts } from '../policy/engine/facts.js';
import { DEFAULT_RULE_SETS } from '../policy/engine/rule-sets.js';
import { forecastChunk, gapShortfall } from './forecast-chunk.js';
import { projectFacts } from './projection.js';

const PARAMS = { asOf: '2026-06-30', projectedAsOf: '2027-06-30', year: 2026, now: DEFAULT_RULE_SETS, next: DEFAULT_RULE_SETS };

/** A young Tianjin company growing fast, with a little IP: young eagle now, more next year. */
function grower(revenue2025: number): Facts {
  const years = [2022, 2023, 2024, 2025];
  return {
    enterprise: { uscc: '91120116MA05XXXXX1', name: 't', districtCode: '120116', establishedOn: '2021-03-01', taxMode: 'audit', industryCode: 'I6510', highTechField: 'electronic-information', flags: [], rdLedger: true },
    financials: years.map((year, i) => {
      const r = revenue2025 / Math.pow(1.4, 3 - i);
      return { year, operatingRevenue: r, salesRevenue: r, mainBusinessRevenue: r, totalIncome: r, nonTaxableIncome: 0, investmentIncome: 0, highTechRevenue: r * 0.8, rdExpense: r * 0.06, rdExpenseDomestic: r * 0.06, totalCostAndExpense: r * 0.8, totalAssets: r, totalLiabilities: r * 0.4, employees: 40 + i * 10, stStaff: 15 + i * 4, transformedAchievements: 2 };
    }),
    ipAssets: [{ kind: 'invention-patent', number: 'ZL1', status: 'valid', grantedOn: '2022-01-01', expiresOn: '2042-01-01', acquisition: 'own', relatedToMainProducts: true }],
    qualifications: [],
  };
}

describe('forecast chunk', () => {
  it('is the engine on today’s facts and on the projection a year ahead, line by line', () => {
    const entries: [number, Facts][] = [[1, grower(9_000_000)], [2, grower(40_000_000)], [3, { enterprise: { districtCode: '120104', flags: [] }, financials: [], ipAssets: [], qualifications: [] }]];
    const lines = forecastChunk(PARAMS, entries);
    expect(lines.map((l) => l.enterpriseId)).toEqual([1, 2, 3]);
    for (const [id, facts] of entries.slice(0, 2)) {
      const now = evaluate({ asOf: PARAMS.asOf, programs: TIERS, facts }, DEFAULT_RULE_SETS, { explanations: false });
      const next = evaluate({ asOf: PARAMS.projectedAsOf, programs: TIERS, facts: projectFacts(facts, 2026).facts }, DEFAULT_RULE_SETS, { explanations: false });
      const line = lines.find((l) => l.enterpriseId === id)!;
      expect(line).toEqual({
        enterpriseId: id, projected: true, eligibleTier: now.ladder.highestEligibleTier, projectedTier: next.ladder.highestEligibleTier,
        shortfallFen: gapShortfall(now) === null ? null : Math.round(gapShortfall(now)! * 100),
      });
    }
    // No figures for last year: evaluated today, nothing projected.
    expect(lines[2]).toMatchObject({ projected: false, projectedTier: null });
  });

  it('sums only money the engine says is short', () => {
    const response = evaluate({ asOf: PARAMS.asOf, programs: TIERS, facts: grower(9_000_000) }, DEFAULT_RULE_SETS, { explanations: false });
    const amounts = response.ladder.gap.map((g) => g.shortfall).filter((s) => s && s.unit === 'yuan' && typeof s.amount === 'number' && s.direction !== 'decrease' && s.amount > 0).map((s) => s!.amount!);
    expect(gapShortfall(response)).toBe(amounts.length ? amounts.reduce((a, b) => a + b, 0) : null);
    expect(gapShortfall({ ...response, ladder: { ...response.ladder, gap: [] } })).toBeNull();
  });
});

describe('forecast chunk: the ladder is a parameter', () => {
  it.each([
    ['tianjin (default)', undefined, (f: Facts) => evaluate({ asOf: PARAMS.asOf, facts: f }, DEFAULT_RULE_SETS, { explanations: false }).ladder.highestEligibleTier],
    ['a ladder of programmes the engine knows', { code: 'x', rungs: ['tech-sme', 'high-tech'] }, (f: Facts) => {
      const r = evaluate({ asOf: PARAMS.asOf, facts: f }, DEFAULT_RULE_SETS, { explanations: false, ladders: [{ code: 'x', rungs: ['tech-sme', 'high-tech'] }] });
      return r.ladders[0]!.highestEligibleRung;
    }],
    ['srdi (its programmes evaluated by the engine)', { code: 'srdi', rungs: ['innovative-sme', 'srdi-sme', 'little-giant'] }, (f: Facts) => {
      const r = evaluate({ asOf: PARAMS.asOf, facts: f }, DEFAULT_RULE_SETS, { explanations: false, ladders: [{ code: 'srdi', rungs: ['innovative-sme', 'srdi-sme', 'little-giant'] }] });
      return r.ladders[0]!.highestEligibleRung;
    }],
  ] as [string, { code: string; rungs: string[] } | undefined, (f: Facts) => string | null][])('%s', (_n, ladder, expected) => {
    const facts = grower(40_000_000);
    const [line] = forecastChunk({ ...PARAMS, ...(ladder ? { ladder } : {}) }, [[1, facts]]);
    expect(line!.eligibleTier).toBe(expected(facts));
  });
});
