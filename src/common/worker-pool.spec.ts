import { describe, expect, it } from '@jest/globals';
import { WorkerPool } from './worker-pool.js';

// Under the test runner the pool runs inline (TypeScript cannot be loaded by a worker thread):
// one call of the job on the whole input, the same results the threads would merge to.
describe('WorkerPool (inline mode)', () => {
  const sum = (p: { items: number[]; factor: number }): number => p.items.reduce((a, n) => a + n * p.factor, 0);

  it.each([
    [[], 2, [0]],
    [[1, 2, 3], 1, [6]],
    [[1, 2, 3, 4], 10, [100]],
  ] as const)('map(%j, ×%d) → %j', async (items, factor, expected) => {
    const pool = new WorkerPool(new URL('./never-loaded.worker.js', import.meta.url), sum, 4);
    expect(pool.parallel).toBe(1);
    expect(await pool.map([...items], (slice) => ({ items: slice, factor }))).toEqual(expected);
    await pool.close();
  });

  it('passes a job error to the caller', async () => {
    const pool = new WorkerPool(new URL('./never-loaded.worker.js', import.meta.url), (): number => { throw new Error('boom'); }, 1);
    await expect(pool.map([1], (items) => items)).rejects.toThrow('boom');
  });
});
