import { describe, expect, it } from '@jest/globals';
import { FixedWindowRateLimiter } from './rate-limiter.js';

describe('FixedWindowRateLimiter', () => {
  it.each([
    // limit, hits in one window, allowed of the last hit
    [3, 1, true],
    [3, 3, true],
    [3, 4, false],
    [1, 2, false],
  ])('limit %i, %i hits → last allowed %s', (limit, hits, allowed) => {
    const l = new FixedWindowRateLimiter(limit, 60_000);
    let last = l.hit('a', 1_000);
    for (let i = 1; i < hits; i++) last = l.hit('a', 1_000 + i);
    expect(last.allowed).toBe(allowed);
  });

  it('counts each key apart', () => {
    const l = new FixedWindowRateLimiter(1, 60_000);
    expect(l.hit('a', 0).allowed).toBe(true);
    expect(l.hit('b', 0).allowed).toBe(true);
    expect(l.hit('a', 1).allowed).toBe(false);
  });

  it('starts afresh in the next window and says when', () => {
    const l = new FixedWindowRateLimiter(1, 60_000);
    l.hit('a', 10_000);
    expect(l.hit('a', 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40, remaining: 0 });
    expect(l.hit('a', 60_000).allowed).toBe(true);
  });

  it('tracks at most maxKeys addresses (ended windows go first)', () => {
    const l = new FixedWindowRateLimiter(5, 60_000, 3);
    for (const k of ['a', 'b', 'c']) l.hit(k, 0);
    l.hit('d', 60_000);
    expect(l.size).toBe(1);
    for (const k of ['e', 'f', 'g']) l.hit(k, 60_000);
    expect(l.size).toBe(3);
  });
});
