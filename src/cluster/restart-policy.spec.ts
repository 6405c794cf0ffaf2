import { describe, expect, it } from '@jest/globals';
import { onWorkerDeath, type Decision } from './restart-policy.js';

describe('onWorkerDeath', () => {
  it.each<[string, number, number | null, number, Decision]>([
    ['a long-lived worker is replaced at once', 60_000, 1, 0, { action: 'restart', delayMs: 0, quickDeaths: 0 }],
    ['a long-lived worker resets the quick-death count', 30_000, null, 5, { action: 'restart', delayMs: 0, quickDeaths: 0 }],
    ['first quick death waits 0.5 s', 1_000, 1, 0, { action: 'restart', delayMs: 500, quickDeaths: 1 }],
    ['second quick death waits 1 s', 1_000, 1, 1, { action: 'restart', delayMs: 1_000, quickDeaths: 2 }],
    ['fourth quick death waits 4 s', 1_000, null, 3, { action: 'restart', delayMs: 4_000, quickDeaths: 4 }],
    ['seventh quick death waits 32 s capped to 30 s', 1_000, 1, 6, { action: 'restart', delayMs: 30_000, quickDeaths: 7 }],
    ['eighth quick death gives up', 1_000, 1, 7, { action: 'stop', exitCode: 1, reason: expect.stringContaining('8 workers died') as unknown as string }],
    ['exit 78 stops at once, however long it ran', 90_000, 78, 0, { action: 'stop', exitCode: 78, reason: expect.stringContaining('exit 78') as unknown as string }],
  ])('%s', (_name, livedMs, exitCode, quickDeathsBefore, expected) => {
    expect(onWorkerDeath({ livedMs, exitCode, quickDeathsBefore })).toEqual(expected);
  });
});
