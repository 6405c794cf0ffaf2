import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Application } from '../src/applications/application.entity.js';
import { ApplicationBatch } from '../src/applications/batch.entity.js';
import { User } from '../src/auth/user.entity.js';
import { todayIso } from '../src/common/format.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { RuleSetRecord } from '../src/policy/rule-sets/rule-set.entity.js';
import { signIn, startTestApp, type TestApp } from './support/app.js';

/** Issue 18.5: each role's home lists what waits for it, counted in SQL under its scope. */
let t: TestApp;
let binhai: Enterprise;
let nankai: Enterprise;

const plusDays = (n: number) => new Date(Date.parse(`${todayIso()}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

/** The count shown on the home page for one line of the worklist. */
async function shown(who: string, kind: string): Promise<number> {
  const page = await (await signIn(t, who)).get('/').expect(200);
  const m = new RegExp(`data-work="${kind}"[^>]*>.*?data-count="(\\d+)"`).exec(page.text);
  if (!m) throw new Error(`no ${kind} line on ${who}'s home`);
  return Number(m[1]);
}

/** Moves a copy of an existing application row into `status` for `enterprise`. */
async function applicationIn(enterprise: Enterprise, status: string): Promise<void> {
  const repo = t.dataSource.getRepository(Application);
  const template = await repo.findOneOrFail({ where: {}, order: { id: 'ASC' } });
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rest } = template;
  await repo.save(repo.create({ ...rest, enterpriseId: enterprise.id, status, batchId: null, statusSince: new Date() }));
}

const count = (status: string, districtCode?: string) =>
  t.dataSource.getRepository(Application).createQueryBuilder('a').innerJoin('enterprise', 'e', 'e.id = a.enterprise_id AND e.deleted_at IS NULL')
    .where('a.status = :status', { status }).andWhere(districtCode ? 'e.district_code = :d' : '1 = 1', { d: districtCode }).getCount();

beforeAll(async () => {
  t = await startTestApp();
  const repo = t.dataSource.getRepository(Enterprise);
  binhai = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  nankai = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
});
afterAll(async () => {
  await t?.close();
});

describe('what waits on each role’s home', () => {
  it('officer: applications in district review of their district only, with a link', async () => {
    await applicationIn(binhai, 'district-review');
    await applicationIn(nankai, 'district-review');
    const expected = await count('district-review', '120116');
    expect(expected).toBeGreaterThan(0);
    expect(await shown('officer.binhai', 'districtReview')).toBe(expected);
    const page = await (await signIn(t, 'officer.binhai')).get('/').expect(200);
    expect(page.text).toContain('href="/applications?status&#x3D;district-review"');
    expect(page.text).toContain('待区级审核的申报');
  });

  it('manager: an application waiting in city review is listed (no more "nothing to do")', async () => {
    await applicationIn(nankai, 'municipal-review');
    const expected = await count('municipal-review');
    expect(expected).toBeGreaterThan(0);
    expect(await shown('manager', 'municipalReview')).toBe(expected);
  });

  it('manager: notices ending this week and batches past their notice', async () => {
    const repo = t.dataSource.getRepository(ApplicationBatch);
    const template = await repo.findOne({ where: {}, order: { id: 'ASC' } });
    const before = { ending: await shown('manager', 'noticesEnding'), publish: await shown('manager', 'batchesToPublish') };
    const base = { programme: template?.programme ?? 'young-eagle', year: 2099, name: '测试批次', noticeStartsOn: plusDays(-10), noticeWorkingDays: 5, announcedOn: null, announcedBy: null, createdBy: null };
    await repo.save(repo.create({ ...base, status: 'notice', noticeEndsOn: plusDays(3) } as never));
    await repo.save(repo.create({ ...base, year: 2098, status: 'notice', noticeEndsOn: plusDays(-1) } as never));
    expect(await shown('manager', 'noticesEnding')).toBe(before.ending + 1);
    expect(await shown('manager', 'batchesToPublish')).toBe(before.publish + 1);
  });

  it('enterprise: its drafts, returned applications and certificates about to expire', async () => {
    const owner = await t.dataSource.getRepository(User).findOneOrFail({ where: { role: 'enterprise' }, order: { id: 'ASC' } });
    const own = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: owner.enterpriseId! });
    const before = await shown(owner.username, 'returned');
    await applicationIn(own, 'returned');
    await applicationIn(own.id === binhai.id ? nankai : binhai, 'returned'); // someone else's: not counted
    expect(await shown(owner.username, 'returned')).toBe(before + 1);
    const certs = await shown(owner.username, 'expiringCertificates');
    await t.dataSource.getRepository(Qualification).save({ enterpriseId: own.id, kind: 'hnte-certificate', obtainedOn: '2023-01-01', validUntil: plusDays(30), certificateNumber: 'GR-HOME-1' });
    expect(await shown(owner.username, 'expiringCertificates')).toBe(certs + 1);
    const page = await (await signIn(t, owner.username)).get('/').expect(200);
    expect(page.text).toContain(`href="/enterprises/${own.id}#qualifications"`);
  });

  it('admin: locked users and rule-set drafts', async () => {
    const users = t.dataSource.getRepository(User);
    const before = await shown('admin', 'lockedUsers');
    const victim = await users.findOneByOrFail({ username: 'officer.nankai' });
    await users.update(victim.id, { lockedUntil: new Date(Date.now() + 3600_000) });
    expect(await shown('admin', 'lockedUsers')).toBe(before + 1);
    await users.update(victim.id, { lockedUntil: null });
    const drafts = await t.dataSource.getRepository(RuleSetRecord).countBy({ status: 'draft' });
    expect(await shown('admin', 'ruleSetDrafts')).toBe(drafts);
  });
});
