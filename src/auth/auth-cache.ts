import type { Actor } from './actor.js';

/**
 * How long the user behind a session or a token is taken from memory instead of the database.
 * Every change to users or tokens in this process empties the cache at once (auth-cache.service.ts);
 * another process (a cluster worker) sees it at most this late — docs/security.md.
 */
export const AUTH_CACHE_MS = 1000;
/** Entries per map; the oldest goes first. A request costs one entry at most. */
export const AUTH_CACHE_MAX = 5000;

/** A token row as the guard needs it: whose it is and until when. */
export interface CachedToken {
  userId: number;
  expiresAt: number;
}

class TtlMap<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: K, now: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: K, value: V, now: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Active users (as actors) by id and live tokens by their hash, each for AUTH_CACHE_MS. Only positive
 * answers are kept: an unknown token or an inactive user is asked again every time. A read that
 * started before a clear() does not store its (possibly older) answer: the generation tells.
 */
export class AuthCache {
  private readonly actors: TtlMap<number, Actor>;
  private readonly tokens: TtlMap<string, CachedToken>;
  private gen = 0;

  constructor(ttlMs = AUTH_CACHE_MS, max = AUTH_CACHE_MAX) {
    this.actors = new TtlMap(ttlMs, max);
    this.tokens = new TtlMap(ttlMs, max);
  }

  get generation(): number {
    return this.gen;
  }

  /** A copy: callers may change what they get. */
  actor(userId: number, now: number): Actor | undefined {
    const a = this.actors.get(userId, now);
    return a && { ...a };
  }

  keepActor(actor: Actor, readAt: number, now: number): void {
    if (readAt === this.gen) this.actors.set(actor.userId, { ...actor }, now);
  }

  token(hash: string, now: number): CachedToken | undefined {
    return this.tokens.get(hash, now);
  }

  keepToken(hash: string, token: CachedToken, readAt: number, now: number): void {
    if (readAt === this.gen) this.tokens.set(hash, { ...token }, now);
  }

  get size(): { actors: number; tokens: number } {
    return { actors: this.actors.size, tokens: this.tokens.size };
  }

  clear(): void {
    this.gen++;
    this.actors.clear();
    this.tokens.clear();
  }
}
