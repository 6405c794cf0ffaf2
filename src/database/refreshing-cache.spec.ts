import { describe, expect, it } from '@jest/globals';
import { RefreshingCache } from './refreshing-cache.js';

/** A load whose answers the test releases one by one, and a clock the test moves. */
function harness(ttlMs = 1000) {
  let time = 0;
  const calls: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const cache = new RefreshingCache<string>(() => new Promise((resolve, reject) => calls.push({ resolve, reject })), ttlMs, () => time);
  const tick = () => new Promise((r) => setImmediate(r));
  return { cache, calls, tick, advance: (ms: number) => (time += ms) };
}

/** A harness whose cache already holds 'v1' (one load made). */
async function primed(ttlMs = 1000) {
  const h = harness(ttlMs);
  const first = h.cache.get();
  h.calls[0].resolve('v1');
  await first;
  return h;
}

describe('RefreshingCache', () => {
  it('the first get waits for the load; later gets within the interval do not load again', async () => {
    const h = harness();
    const first = h.cache.get();
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve('v1');
    await expect(first).resolves.toBe('v1');
    h.advance(999);
    await expect(h.cache.get()).resolves.toBe('v1');
    expect(h.calls).toHaveLength(1);
  });

  it('concurrent first gets share one load', async () => {
    const h = harness();
    const both = Promise.all([h.cache.get(), h.cache.get()]);
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve('v1');
    await expect(both).resolves.toEqual(['v1', 'v1']);
  });

  it('after the interval: the old value at once, one reload in the background, then the new value', async () => {
    const h = await primed();
    h.advance(1000);
    await expect(h.cache.get()).resolves.toBe('v1');
    await expect(h.cache.get()).resolves.toBe('v1');
    expect(h.calls).toHaveLength(2);
    h.calls[1].resolve('v2');
    await h.tick();
    await expect(h.cache.get()).resolves.toBe('v2');
    expect(h.calls).toHaveLength(2);
  });

  it('after invalidate the next get waits for a fresh load', async () => {
    const h = await primed();
    h.cache.invalidate();
    const next = h.cache.get();
    expect(h.calls).toHaveLength(2);
    h.calls[1].resolve('v2');
    await expect(next).resolves.toBe('v2');
  });

  it('a load that began before invalidate does not store its older value', async () => {
    const h = harness();
    const early = h.cache.get();
    h.cache.invalidate();
    const late = h.cache.get();
    expect(h.calls).toHaveLength(2);
    h.calls[1].resolve('after-write');
    h.calls[0].resolve('before-write');
    await expect(early).resolves.toBe('before-write');
    await expect(late).resolves.toBe('after-write');
    await expect(h.cache.get()).resolves.toBe('after-write');
  });

  it('refresh after a write: readers keep the previous value until the new one is in, and nobody waits', async () => {
    const h = await primed();
    const refreshing = h.cache.refresh();
    expect(h.calls).toHaveLength(2);
    await expect(h.cache.get()).resolves.toBe('v1');
    h.calls[1].resolve('v2');
    await refreshing;
    await expect(h.cache.get()).resolves.toBe('v2');
    expect(h.calls).toHaveLength(2);
  });

  it('refresh wins over a background reload that began before it', async () => {
    const h = await primed();
    h.advance(1000);
    await h.cache.get();
    const refreshing = h.cache.refresh();
    expect(h.calls).toHaveLength(3);
    h.calls[2].resolve('after-write');
    await refreshing;
    h.calls[1].resolve('before-write');
    await h.tick();
    await expect(h.cache.get()).resolves.toBe('after-write');
  });

  it('a failed refresh does not fail the writer; the value is dropped and the next reader loads', async () => {
    const h = await primed();
    const refreshing = h.cache.refresh();
    h.calls[1].reject(new Error('blip'));
    await expect(refreshing).resolves.toBeUndefined();
    const next = h.cache.get();
    expect(h.calls).toHaveLength(3);
    h.calls[2].resolve('v2');
    await expect(next).resolves.toBe('v2');
  });

  it('warm at start: a failure does not stop the start, and the first use loads again', async () => {
    const h = harness();
    const warming = h.cache.warm();
    h.calls[0].reject(new Error('database not ready'));
    await expect(warming).resolves.toBeUndefined();
    const first = h.cache.get();
    expect(h.calls).toHaveLength(2);
    h.calls[1].resolve('v1');
    await expect(first).resolves.toBe('v1');
  });

  it('a failed first load is not kept: the next get loads again', async () => {
    const h = harness();
    const first = h.cache.get();
    h.calls[0].reject(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    const second = h.cache.get();
    expect(h.calls).toHaveLength(2);
    h.calls[1].resolve('v1');
    await expect(second).resolves.toBe('v1');
  });

  it('a failed background reload keeps the old value and is tried again by the next get', async () => {
    const h = await primed();
    h.advance(1000);
    await expect(h.cache.get()).resolves.toBe('v1');
    h.calls[1].reject(new Error('blip'));
    await h.tick();
    await expect(h.cache.get()).resolves.toBe('v1');
    expect(h.calls).toHaveLength(3);
  });
});
