import { describe, expect, it } from '@jest/globals';
import type { Actor } from './actor.js';
import { AuthCache } from './auth-cache.js';

const actor = (userId: number): Actor => ({ userId, username: `u${userId}`, displayName: 'U', role: 'officer', districtCode: '120116', zoneCode: null, enterpriseId: null, locale: 'zh-CN' });

describe('AuthCache', () => {
  it.each([
    ['within the time to live', 999, true],
    ['at the end of it', 1000, false],
    ['after it', 5000, false],
  ])('an actor asked %s → cached %s', (_name, later, cached) => {
    const c = new AuthCache(1000, 10);
    c.keepActor(actor(1), c.generation, 0);
    expect(c.actor(1, later) !== undefined).toBe(cached);
  });

  it('clear() empties both maps and a read begun before it is not stored', () => {
    const c = new AuthCache(1000, 10);
    c.keepActor(actor(1), c.generation, 0);
    c.keepToken('h', { userId: 1, expiresAt: 10_000 }, c.generation, 0);
    const readAt = c.generation;
    c.clear();
    expect([c.actor(1, 1), c.token('h', 1)]).toEqual([undefined, undefined]);
    c.keepActor(actor(2), readAt, 2);
    c.keepToken('g', { userId: 2, expiresAt: 10_000 }, readAt, 2);
    expect(c.size).toEqual({ actors: 0, tokens: 0 });
  });

  it('is bounded: the oldest entry goes first', () => {
    const c = new AuthCache(1000, 3);
    for (const id of [1, 2, 3, 4]) c.keepActor(actor(id), c.generation, 0);
    expect([1, 2, 3, 4].map((id) => c.actor(id, 1)?.userId ?? null)).toEqual([null, 2, 3, 4]);
  });

  it('hands out copies: a caller changing its actor changes nobody else’s', () => {
    const c = new AuthCache(1000, 3);
    c.keepActor(actor(1), c.generation, 0);
    c.actor(1, 1)!.role = 'admin';
    expect(c.actor(1, 1)!.role).toBe('officer');
  });
});
