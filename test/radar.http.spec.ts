import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Task } from '../src/activities/task.entity.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { RadarService } from '../src/radar/radar.service.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
let radar: RadarService;
let enterprise: Enterprise;
const TODAY = '2026-11-22';

beforeAll(async () => {
  t = await startTestApp();
  radar = t.app.get(RadarService);
  // A Binhai file with an assigned officer, with nothing on the radar yet.
  enterprise = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await t.dataSource.getRepository(Qualification).delete({ enterpriseId: enterprise.id, kind: 'hnte-certificate' });
  await t.dataSource.getRepository(Recognition).delete({ enterpriseId: enterprise.id });
});
afterAll(async () => {
  await t?.close();
});

describe('expiry radar', () => {
  it('raises one task per expiring certificate and recognition, once however often it runs', async () => {
    const q = await t.dataSource.getRepository(Qualification).save({ enterpriseId: enterprise.id, kind: 'hnte-certificate', obtainedOn: '2023-12-01', validUntil: '2027-03-01', certificateNumber: 'GR202312000999' });
    const r = await t.dataSource.getRepository(Recognition).save({ enterpriseId: enterprise.id, tier: 'gazelle', year: 2025, batch: '2025-第1批', certificateNumber: null, validFrom: '2025-12-01', validUntil: '2026-12-31', source: 'manual', applicationId: null });
    // Outside the windows: a certificate expiring in a year, a recognition lapsing in six months.
    await t.dataSource.getRepository(Qualification).save({ enterpriseId: enterprise.id, kind: 'hnte-certificate', obtainedOn: '2024-12-01', validUntil: '2027-12-01' });
    const first = await radar.run(TODAY);
    const tasks = await t.dataSource.getRepository(Task).find({ where: { enterpriseId: enterprise.id } });
    const raised = tasks.filter((x) => x.dedupeKey?.startsWith('radar:'));
    expect(raised.map((x) => x.dedupeKey).sort()).toEqual([`radar:hnte:${q.id}:2027-03-01`, `radar:recognition:${r.id}:2026-12-31`]);
    expect(raised.every((x) => x.assigneeId === enterprise.assignedOfficerId)).toBe(true);
    expect(raised.find((x) => x.dedupeKey!.startsWith('radar:hnte'))!.title).toContain('2027-03-01');
    expect(first.tasksCreated).toBeGreaterThanOrEqual(2);
    const second = await radar.run(TODAY);
    expect(second.tasksCreated).toBe(0);
    expect(await t.dataSource.getRepository(Task).count({ where: { enterpriseId: enterprise.id } })).toBe(tasks.length);
  });

  it('six runs at once all finish (one at a time on PostgreSQL, where they deadlocked) and raise each task once', async () => {
    // Every file's current tier to re-derive, so each run rewrites many rows.
    await t.dataSource.query('UPDATE enterprise SET current_tier = NULL');
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => radar.run(TODAY)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const keys = (await t.dataSource.getRepository(Task).find({ where: { enterpriseId: enterprise.id } })).map((x) => x.dedupeKey).filter((k) => k?.startsWith('radar:'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('derives the current tier from the recognitions in force', async () => {
    await radar.run(TODAY);
    const now = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: enterprise.id });
    expect(now.currentTier).toBe('gazelle');
    await radar.run('2027-01-05');
    const later = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: enterprise.id });
    expect(later.currentTier).toBeNull();
    await radar.run(TODAY);
  });

  it('is scoped: an officer sees their district only; the page renders', async () => {
    const binhai = await tokenFor(t, 'officer.binhai');
    const nankai = await tokenFor(t, 'officer.nankai');
    const mine = await request(t.http).get('/api/v1/radar?months=12').set('Authorization', `Bearer ${binhai}`).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { districtCode: string }) => i.districtCode === '120116')).toBe(true);
    const theirs = await request(t.http).get('/api/v1/radar?months=12').set('Authorization', `Bearer ${nankai}`).expect(200);
    expect(theirs.body.items.every((i: { districtCode: string }) => i.districtCode === '120104')).toBe(true);
    await request(t.http).get('/api/v1/radar?months=99').set('Authorization', `Bearer ${binhai}`).expect(400);
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get('/radar').expect(200);
    expect(page.text).toContain('GR202312000999');
  });
});
