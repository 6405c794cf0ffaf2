import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Qualification } from '../src/enterprises/qualification.entity.js';
import { User } from '../src/auth/user.entity.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/** Issue 18.7: labels say the true unit, codes and internal ids appear by their names. */
let t: TestApp;
let binhai: Enterprise;

beforeAll(async () => {
  t = await startTestApp();
  binhai = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await t.dataSource.getRepository(Qualification).save({ enterpriseId: binhai.id, kind: 'hnte-certificate', obtainedOn: '2024-01-01', validUntil: new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10), certificateNumber: 'GR-SURFACE-1' });
});
afterAll(async () => {
  await t?.close();
});

/** Table cells holding a bare 6-digit district code. */
const codeCells = (html: string) => [...html.matchAll(/<td>(1201\d\d)<\/td>/g)].map((m) => m[1]);

describe('names and units on list pages', () => {
  it('/cultivation: revenue is labelled in 万元 as its cells are, districts by name', async () => {
    const page = await (await signIn(t, 'manager')).get('/cultivation').expect(200);
    expect(page.text).toContain('上年营业收入（万元）');
    expect(page.text).not.toContain('上年营业收入（元）');
    expect(codeCells(page.text)).toEqual([]);
  });

  it('/cultivation/renewals and /radar: districts by name', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const radar = await agent.get('/radar?months=12').expect(200);
    expect(radar.text).toContain('GR-SURFACE-1');
    expect(radar.text).toMatch(/<td>滨海新区<\/td>/);
    expect(codeCells(radar.text)).toEqual([]);
    const renewals = await agent.get('/cultivation/renewals').expect(200);
    expect(codeCells(renewals.text)).toEqual([]);
  });

  it('/admin/users: no internal ids, the enterprise account shows its enterprise by name', async () => {
    const owner = await t.dataSource.getRepository(User).findOneOrFail({ where: { role: 'enterprise' }, order: { id: 'ASC' } });
    const enterprise = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: owner.enterpriseId! });
    const page = await (await signIn(t, 'admin')).get(`/admin/users?q=${encodeURIComponent(owner.username)}`).expect(200);
    expect(page.text).not.toMatch(/#\d+<\/td>/);
    expect(page.text).toContain(`<a href="/enterprises/${enterprise.id}">${enterprise.name}</a>`);
    const all = await (await signIn(t, 'admin')).get('/admin/users').expect(200);
    expect(codeCells(all.text)).toEqual([]);
  });

  it('/admin/audit: actions by label, the raw key kept in the title', async () => {
    const admin = await signIn(t, 'admin');
    const list = await admin.get('/admin/users?q=officer.nankai').expect(200);
    const id = /\/admin\/users\/(\d+)\/edit/.exec(list.text)![1];
    await admin.post(`/admin/users/${id}/unlock`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    const page = await admin.get('/admin/audit').expect(200);
    expect(page.text).toContain('<td title="unlock">解锁</td>');
    const cells = [...page.text.matchAll(/<td title="([^"]+)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(cells.length).toBeGreaterThan(0);
    for (const [key, label] of cells) expect(label).not.toBe(key);
  });
});
