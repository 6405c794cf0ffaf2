import { describe, expect, it } from '@jest/globals';
import { conversionRate, targetFigures, type TargetInputs } from './targets-arithmetic.js';

const inputs = (x: Partial<TargetInputs>): TargetInputs => ({ target: 836, certifiedSoFar: 120, openMembers: 900, history: { closed: 1000, certified: 450 }, assumedRatePct: null, ...x });

describe('target arithmetic', () => {
  it('the worked example: 836 target, 120 certified, 900 cultivating at 45%', () => {
    const f = targetFigures(inputs({}));
    // remaining 716; expected 900 × 0.45 = 405; gap 311; 311 ÷ 0.45 = 691.1 → 692.
    expect(f).toMatchObject({ remaining: 716, expectedFromPool: 405, gap: 311, neededCandidates: 692, blockedBy: null, rateValue: 0.45 });
    expect(f.rate).toEqual({ num: 450, den: 1000, source: 'history' });
  });

  it.each([
    // [target, certified so far, open, certified/closed, needed]
    [100, 0, 0, [1, 2], 200], // 100 ÷ 50%
    [100, 0, 150, [1, 2], 50], // gap 100 − 75 = 25 → 50
    [100, 0, 200, [1, 2], 0], // 200 × 50% covers it
    [100, 100, 0, [1, 2], 0], // target met already
    [100, 130, 0, [1, 2], 0], // over the target: remaining 0
    [10, 0, 0, [1, 3], 30], // exact thirds: 10 ÷ ⅓ = 30, no float drift to 31
    [10, 0, 1, [1, 3], 29], // gap 10 − ⅓ = 9⅔ → 29
    [7, 0, 0, [2, 3], 11], // 7 ÷ ⅔ = 10.5 → 11
  ])('target %i, %i certified, %i open, rate %j → %i more', (target, certifiedSoFar, openMembers, [certified, closed], needed) => {
    expect(targetFigures(inputs({ target, certifiedSoFar, openMembers, history: { certified, closed } })).neededCandidates).toBe(needed);
  });

  it('uses the assumed rate only while no pool year has closed', () => {
    expect(conversionRate({ closed: 0, certified: 0 }, 40)).toEqual({ num: 40, den: 100, source: 'assumed' });
    expect(conversionRate({ closed: 10, certified: 3 }, 40)).toEqual({ num: 3, den: 10, source: 'history' });
    expect(conversionRate({ closed: 0, certified: 0 }, null)).toBeNull();
    expect(targetFigures(inputs({ history: { closed: 0, certified: 0 }, assumedRatePct: 40, openMembers: 100, certifiedSoFar: 0, target: 100 })))
      .toMatchObject({ expectedFromPool: 40, gap: 60, neededCandidates: 150 });
  });

  it('says why it cannot answer: no target, no rate, or a zero rate with a gap', () => {
    expect(targetFigures(inputs({ target: null }))).toMatchObject({ neededCandidates: null, blockedBy: 'no-target', remaining: null });
    expect(targetFigures(inputs({ history: { closed: 0, certified: 0 } }))).toMatchObject({ neededCandidates: null, blockedBy: 'no-rate', remaining: 716 });
    expect(targetFigures(inputs({ history: { closed: 50, certified: 0 } }))).toMatchObject({ neededCandidates: null, blockedBy: 'zero-rate', gap: 716 });
    expect(targetFigures(inputs({ history: { closed: 50, certified: 0 }, certifiedSoFar: 900 }))).toMatchObject({ neededCandidates: 0, blockedBy: null });
  });
});
