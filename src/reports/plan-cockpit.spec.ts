import { describe, expect, it } from '@jest/globals';
import { cockpitPoints } from './plan-cockpit.js';

describe('plan cockpit points: gap = target − actual, trend = change from the year before', () => {
  const years = [2020, 2021, 2022];
  it.each<[string, (y: number) => number | null, (y: number) => number | null, boolean, { gap: (number | null)[]; trend: (number | null)[] }]>([
    ['counts towards a rising target', (y) => 7420 + (y - 2020) * 800, (y) => 7000 + (y - 2020) * 1000, false, { gap: [420, 220, 20], trend: [null, 1000, 1000] }],
    ['no target → no gap', () => null, (y) => y - 2000, false, { gap: [null, null, null], trend: [null, 1, 1] }],
    ['a missing actual breaks the trend', () => 10, (y) => (y === 2021 ? null : 5), false, { gap: [5, null, 5], trend: [null, null, null] }],
    ['a cut target: the gap is the cut still needed', () => -15, (y) => -(y - 2020) * 5, true, { gap: [15, 10, 5], trend: [null, -5, -5] }],
  ])('%s', (_name, target, actual, lowerIsBetter, want) => {
    const points = cockpitPoints(years, (y) => ({ target: target(y), targetKind: target(y) === null ? null : 'set' }), actual, { lowerIsBetter, digits: 0 });
    expect(points.map((p) => p.gap)).toEqual(want.gap);
    expect(points.map((p) => p.trend)).toEqual(want.trend);
  });
});
