import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LADDERS, currentRung, type LadderSpec } from '../../ladder/ladders.js';
import type { CriterionResult, ProgramResult } from './criteria.js';
import { evaluate } from './evaluate.js';
import type { ProgramOutcome } from './facts.js';
import { computeLadders, ladderStanding } from './ladder.js';
import { DEFAULT_RULE_SETS } from './rule-sets.js';
import { API_EXAMPLE, apiExampleFacts } from './testing/api-example.js';

/** A programme result with one unmet criterion `<programme>-X` unless eligible. */
const result = (program: string, outcome: ProgramOutcome): ProgramResult => ({
  program: program as ProgramResult['program'],
  ruleSet: { version: 't', provisional: false },
  outcome,
  criteria: outcome === 'eligible' ? [] : [{ code: `${program}-X`, outcome: outcome === 'incomplete' ? 'missing' : 'unmet', actual: null, required: '', explanation: '' } as unknown as CriterionResult],
});

const TIANJIN = DEFAULT_LADDERS[0]!;
const SRDI = DEFAULT_LADDERS[1]!;
const E = 'eligible', I = 'ineligible', C = 'incomplete', N = null;

type Row = [string, LadderSpec, (ProgramOutcome | null)[], string | null, string | null, string | null, string | null, string[]];

/** ladder, each rung's outcome (null = the engine does not know the programme), current rung → highest, next, gap codes. */
const CASES: Row[] = [
  ['tianjin: nothing eligible, no recognition', TIANJIN, [I, I, I, I, I], null, null, 'tech-sme', null, ['tech-sme-X']],
  ['tianjin: tech-sme eligible', TIANJIN, [E, I, I, I, I], null, 'tech-sme', 'young-eagle', null, ['young-eagle-X']],
  ['tianjin: rungs independent, gazelle eligible over an ineligible young eagle', TIANJIN, [E, I, E, I, I], null, 'gazelle', 'leader-candidate', null, ['leader-candidate-X']],
  ['tianjin: top rung eligible', TIANJIN, [E, E, E, E, E], null, 'leader', null, null, []],
  ['tianjin: recognised gazelle, only tech-sme eligible', TIANJIN, [E, I, I, I, I], 'gazelle', 'tech-sme', 'leader-candidate', 'gazelle', ['leader-candidate-X']],
  ['tianjin: recognised below the eligible rung', TIANJIN, [E, E, I, I, I], 'tech-sme', 'young-eagle', 'gazelle', 'tech-sme', ['gazelle-X']],
  ['tianjin: incomplete next rung lists the missing criterion', TIANJIN, [E, C, I, I, I], null, 'tech-sme', 'young-eagle', null, ['young-eagle-X']],
  ['srdi: no programme known yet', SRDI, [N, N, N], null, null, 'innovative-sme', null, []],
  ['srdi: not known, recognised srdi-sme', SRDI, [N, N, N], 'srdi-sme', null, 'little-giant', 'srdi-sme', []],
  ['srdi: innovative-sme eligible', SRDI, [E, I, I], null, 'innovative-sme', 'srdi-sme', null, ['srdi-sme-X']],
  ['srdi: recognised little giant is at the top', SRDI, [E, E, I], 'little-giant', 'srdi-sme', null, 'little-giant', []],
  ['srdi: a recognition of another ladder is no current rung', SRDI, [I, I, I], 'gazelle', null, 'innovative-sme', null, ['innovative-sme-X']],
];

describe('ladderStanding: per ladder', () => {
  it.each(CASES)('%s', (_name, ladder, outcomes, current, highest, next, expectedCurrent, gap) => {
    const byProgramme = new Map(ladder.rungs.map((p, i) => [p, outcomes[i] ? result(p, outcomes[i]!) : null]));
    const s = ladderStanding(ladder, (p) => byProgramme.get(p) ?? null, current);
    expect(s.code).toBe(ladder.code);
    expect(s.currentRung).toBe(expectedCurrent);
    expect(s.highestEligibleRung).toBe(highest);
    expect(s.nextRung).toBe(next);
    expect(s.gap.map((g) => g.code)).toEqual(gap);
    expect(s.rungs.map((r) => r.outcome)).toEqual(outcomes.map((o) => o ?? 'not-evaluated'));
  });
});

describe('currentRung: from the recognitions in force', () => {
  it.each([
    [TIANJIN, [], null],
    [TIANJIN, ['tech-sme', 'gazelle', 'young-eagle'], 'gazelle'],
    [TIANJIN, ['high-tech', 'unicorn'], null],
    [SRDI, ['gazelle', 'innovative-sme'], 'innovative-sme'],
    [SRDI, ['little-giant', 'srdi-sme'], 'little-giant'],
  ].map(([l, f, e]) => [(l as LadderSpec).code, l, f, e]) as [string, LadderSpec, string[], string | null][])('%s %#', (_code, ladder, inForce, expected) => {
    expect(currentRung(ladder, inForce)).toBe(expected);
  });
});

describe('evaluate: the ladders field', () => {
  const facts = apiExampleFacts();
  it('reports every default ladder; its Tianjin entry agrees with `ladder`', () => {
    const res = evaluate({ asOf: API_EXAMPLE.asOf, facts }, DEFAULT_RULE_SETS);
    expect(res.ladders.map((l) => l.code)).toEqual(['tianjin', 'srdi']);
    expect(Object.keys(res.ladders[0]!)).toEqual(['code', 'highestEligibleRung', 'nextRung', 'gap', 'rungs']);
    expect(res.ladders[0]!.highestEligibleRung).toBe(res.ladder.highestEligibleTier);
    expect(res.ladders[0]!.nextRung).toBe(res.ladder.nextTier);
    expect(res.ladders[0]!.gap).toEqual(res.ladder.gap);
  });

  it('does not depend on which programmes were requested', () => {
    const all = evaluate({ asOf: API_EXAMPLE.asOf, facts }, DEFAULT_RULE_SETS);
    const one = evaluate({ asOf: API_EXAMPLE.asOf, programs: ['high-tech'], facts }, DEFAULT_RULE_SETS);
    expect(one.ladders).toEqual(all.ladders);
  });

  it('takes the ladders as a parameter: a third ladder, with a programme the engine does not know', () => {
    const third: LadderSpec = { code: 'third', rungs: ['high-tech', 'not-a-programme-yet'] };
    const res = evaluate({ asOf: API_EXAMPLE.asOf, facts }, DEFAULT_RULE_SETS, { ladders: [third] });
    expect(res.ladders).toHaveLength(1);
    expect(res.ladders[0]!.rungs[1]).toEqual({ programme: 'not-a-programme-yet', outcome: 'not-evaluated' });
    expect(res.ladders[0]!.rungs[0]!.outcome).toBe(res.results.find((r) => r.program === 'high-tech')!.outcome);
  });

  it('computeLadders never reports a current rung (the calculator has no recognitions)', () => {
    const out = computeLadders([SRDI], () => null);
    expect(out[0]).toEqual({ code: 'srdi', highestEligibleRung: null, nextRung: 'innovative-sme', gap: [], rungs: SRDI.rungs.map((programme) => ({ programme, outcome: 'not-evaluated' })) });
  });
});
