import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduledRun } from '../src/jobs/scheduled-run.entity.js';
import { ScheduleLeaseService } from '../src/jobs/schedule-lease.service.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Scheduled tasks once per period across processes (SQLite and, with TEST_DATABASE_URL, PostgreSQL):
 * each ScheduleLeaseService instance stands for one process (cluster worker or host).
 */
let t: TestApp;
let a: ScheduleLeaseService;
let b: ScheduleLeaseService;
beforeAll(async () => {
  t = await startTestApp();
  a = t.app.get(ScheduleLeaseService);
  b = new ScheduleLeaseService(t.dataSource);
});
afterAll(async () => {
  await t?.close();
});

describe('ScheduleLeaseService.once', () => {
  it.each<[string, 'a' | 'b', string, string, boolean]>([
    ['the first claim of a period runs', 'a', 'radar', '2026-12-06', true],
    ['another process, same period: skipped', 'b', 'radar', '2026-12-06', false],
    ['the same process again, same period (catch-up, then the daily run): skipped', 'a', 'radar', '2026-12-06', false],
    ['the next period runs, in whichever process comes first', 'b', 'radar', '2026-12-07', true],
    ['another task, same period: runs', 'a', 'pool-reconcile', '2026-12-06', true],
  ])('%s', async (_name, who, task, slot, expected) => {
    let ran = 0;
    expect(await (who === 'a' ? a : b).once(task, slot, async () => void ran++)).toBe(expected);
    expect(ran).toBe(expected ? 1 : 0);
  });

  it('two processes racing for one period: exactly one runs', async () => {
    let ran = 0;
    const results = await Promise.all([a, b, a, b].map((s) => s.once('reminder-sweep', '2026-12-06T08', async () => void ran++)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(ran).toBe(1);
    const [row] = await t.dataSource.getRepository(ScheduledRun).findBy({ name: 'reminder-sweep', slot: '2026-12-06T08' });
    expect(row!.finishedAt).not.toBeNull();
  });

  it('a task that throws leaves its period claimed (no retry storm) and the error to the caller', async () => {
    await expect(a.once('radar', '2026-12-08', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await b.once('radar', '2026-12-08', async () => undefined)).toBe(false);
  });
});
