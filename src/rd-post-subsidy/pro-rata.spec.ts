import { describe, expect, it } from '@jest/globals';
import { proRata, ratio, toFen } from './pro-rata.js';

const y = (n: number) => BigInt(n) * 100n; // yuan → fen

describe('pro-rata scaling (rules.md §8)', () => {
  it.each<[string, bigint, bigint[], bigint[], boolean, string]>([
    ['budget above the claims: unscaled', y(1000), [y(300), y(200)], [y(300), y(200)], false, '1'],
    ['budget equal to the claims (boundary): unscaled', y(500), [y(300), y(200)], [y(300), y(200)], false, '1'],
    ['one fen short of the claims: scaled, rounded down to the yuan', y(500) - 1n, [y(300), y(200)], [y(299), y(199)], true, '0.999980'],
    ['exact half: exact amounts', y(250), [y(300), y(200)], [y(150), y(100)], true, '0.500000'],
    ['thirds: each rounded down', y(100), [y(100), y(100), y(100)], [y(33), y(33), y(33)], true, '0.333333'],
    ['fen in a claim: the yuan below', y(1), [150n, 50n], [y(0), y(0)], true, '0.500000'],
    ['budget 0: nothing granted', 0n, [y(10)], [0n], true, '0.000000'],
    ['no claims', y(10), [], [], false, '1'],
  ])('%s', (_n, budget, requested, granted, scaled, factor) => {
    const r = proRata(budget, requested);
    expect(r.granted).toEqual(granted);
    expect(r.scaled).toBe(scaled);
    expect(r.factor).toBe(factor);
    expect(r.totalGranted <= (scaled ? budget : r.totalRequested)).toBe(true);
  });

  it.each<[string, bigint, bigint[]]>([
    ['negative budget', -1n, []],
    ['negative claim', 0n, [-1n]],
  ])('%s is refused', (_n, budget, requested) => {
    expect(() => proRata(budget, requested)).toThrow(RangeError);
  });

  it.each<[number, bigint]>([
    [20_000, 2_000_000n],
    [0.1 + 0.2, 30n],
    [1_000_000, 100_000_000n],
  ])('toFen(%s) = %s', (yuan, fen) => {
    expect(toFen(yuan)).toBe(fen);
  });

  it.each<[bigint, bigint, number, string]>([
    [1n, 3n, 6, '0.333333'],
    [2n, 3n, 4, '0.6666'],
  ])('ratio(%s, %s, %s) = %s', (a, b, places, s) => {
    expect(ratio(a, b, places)).toBe(s);
  });
});
