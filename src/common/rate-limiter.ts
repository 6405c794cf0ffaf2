/**
 * A fixed-window request counter per key (a client address), in the memory of one process.
 *
 * Why not @nestjs/throttler: its latest release (6.7.1) is CommonJS and `require`s the ESM-only
 * @nestjs/common 12 — Node 20.19+ runs that, Jest's ESM runtime cannot load it, so the suite could
 * not test the route. This is the part we need. Bounded: at most `maxKeys` addresses are tracked;
 * when full, windows that have ended are dropped first, then the oldest entries.
 */
export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller's window ends (for Retry-After). */
  retryAfterSeconds: number;
  remaining: number;
}

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one request of `key` at `now` and says whether it is within the limit. */
  hit(key: string, now = Date.now()): RateLimitVerdict {
    const start = now - (now % this.windowMs);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      if (!w && this.windows.size >= this.maxKeys) this.evict(start);
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    return { allowed: w.count <= this.limit, retryAfterSeconds, remaining: Math.max(0, this.limit - w.count) };
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(currentStart: number): void {
    for (const [k, w] of this.windows) if (w.start !== currentStart) this.windows.delete(k);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    const excess = this.windows.size - this.maxKeys + 1;
    if (excess > 0) for (const k of [...this.windows.keys()].slice(0, excess)) this.windows.delete(k);
  }
}
