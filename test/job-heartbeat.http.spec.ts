import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Job } from '../src/jobs/job.entity.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * A running job keeps its lease by a heartbeat timer, not only by its progress calls: a long step
 * without progress (the offer matching after a first batch) must not look stale to another worker.
 */
let t: TestApp;
let jobs: JobsService;

beforeAll(async () => {
  t = await startTestApp();
  jobs = t.app.get(JobsService);
  jobs.heartbeatMs = 40;
});
afterAll(async () => {
  await t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job heartbeat', () => {
  it('renews heartbeat_at while the handler works without reporting progress', async () => {
    const seen: number[] = [];
    jobs.register('test-quiet', async () => {
      for (let i = 0; i < 6; i++) {
        await sleep(60);
        const row = await t.dataSource.getRepository(Job).findOneByOrFail({ kind: 'test-quiet' });
        seen.push(row.heartbeatAt!.getTime());
      }
      return { ok: true };
    });
    await jobs.enqueue(null, 'test-quiet', {});
    await jobs.drain();
    const row = await t.dataSource.getRepository(Job).findOneByOrFail({ kind: 'test-quiet' });
    expect(row.status).toBe('done');
    // At least three distinct heartbeats were written during the run.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
  });

  it('a job whose lease another process took stops at its next progress call and is not marked done by it', async () => {
    jobs.register('test-taken', async (ctx) => {
      await ctx.progress({ done: 1, total: 3 });
      await t.dataSource.getRepository(Job).update({ kind: 'test-taken' }, { leaseOwner: 'elsewhere:1:abcd' });
      await sleep(150);
      await ctx.progress({ done: 2, total: 3 });
      return { finished: true };
    });
    await jobs.enqueue(null, 'test-taken', {});
    await jobs.runOne();
    const row = await t.dataSource.getRepository(Job).findOneByOrFail({ kind: 'test-taken' });
    expect(row.leaseOwner).toBe('elsewhere:1:abcd');
    expect(row.status).toBe('running');
    expect(row.progressDone).toBe(1);
  });
});
