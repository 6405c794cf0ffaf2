import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { noticeEndsOn } from '../src/applications/batches.service.js';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { Api, CONTACT, daysFrom, THIS_YEAR, TIER_DOCS, TODAY } from './applications.fixtures.js';
import { signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * Issue 13 (capabilities): the pages offer only what can succeed. An action the workflow gives the
 * actor's role but the record does not allow yet is shown disabled with its reason (from the
 * catalogue), never as a button that fails after the click; the JSON views carry the same answer
 * as `allowedActions`.
 */
let t: TestApp;
/** When a notice of n working days that starts today ends, by the app's own holiday calendar. */
const noticeEnd = async (n: number) => noticeEndsOn(TODAY, n, await t.app.get(CalendarService).calendar());
let api: Api;
const apps: number[] = [];

async function toMunicipal(enterpriseId: number): Promise<number> {
  const res = await api.post('/api/v1/applications', 'officer.binhai', { enterpriseId, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: '智能传感器' } }).expect(201);
  const id = res.body.id as number;
  await api.uploadAll(id, 'officer.binhai', TIER_DOCS);
  for (const action of ['submit', 'accept', 'recommend']) await api.act(id, 'officer.binhai', action);
  return id;
}

/** The actions of the application page: `action` for a form, `action!reasonKey` for a disabled one. */
const offeredOn = (html: string) =>
  [...html.matchAll(/<(form|div) [^>]*data-action="([^"]+)"(?: data-disabled-reason="([^"]+)")?/g)].map((m) => (m[3] ? `${m[2]}!${m[3]}` : m[2]));

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  await api.login('manager', 'officer.binhai');
  for (const i of [0, 1, 2]) {
    const e = await api.createEnterprise('officer.binhai', '120116', 9300 + i, `天津能力${'甲乙丙'[i]}科技有限公司`);
    apps.push(await toMunicipal(e.id));
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the application page of a manager', () => {
  it('outside a batch: 进入公示 is not offered as a button; the reason is shown instead', async () => {
    const manager = await signIn(t, 'manager');
    const page = await manager.get(`/applications/${apps[0]}`).expect(200);
    expect(offeredOn(page.text)).toEqual(['return', 'reject', 'publish-notice!application.veto.noNoticeBatch']);
    expect(page.text).toContain('暂不能办理：进入公示须通过认定批次统一办理。');
    expect(page.text).not.toMatch(/<form[^>]*data-action="publish-notice"/);
    const json = (await api.get(`/api/v1/applications/${apps[0]}`, 'manager').expect(200)).body;
    expect(json.allowedActions).toEqual(expect.arrayContaining([
      { action: 'return', allowed: true, reasonKey: null, reason: null },
      expect.objectContaining({ action: 'publish-notice', allowed: false, reasonKey: 'application.veto.noNoticeBatch' }),
    ]));
    expect(json.actions.find((a: { action: string }) => a.action === 'publish-notice')).toMatchObject({ allowed: false, reasonKey: 'application.veto.noNoticeBatch' });
  });

  it('the district officer is offered nothing on it (the city acts): no buttons, no reasons', async () => {
    const officer = await signIn(t, 'officer.binhai');
    const page = await officer.get(`/applications/${apps[0]}`).expect(200);
    expect(offeredOn(page.text)).toEqual([]);
    expect(page.text).toContain('当前没有需要您办理的操作。');
  });
});

describe('a batch on public notice', () => {
  let running: number;
  let ended: number;

  beforeAll(async () => {
    running = (await api.post('/api/v1/batches', 'manager', { programme: 'young-eagle', year: THIS_YEAR, name: `${THIS_YEAR}年能力一批` }).expect(201)).body.id;
    await api.post(`/api/v1/batches/${running}/applications`, 'manager', { applicationIds: [apps[1]] }).expect(200);
    await api.post(`/api/v1/batches/${running}/notice`, 'manager', { startsOn: TODAY }).expect(200);
    ended = (await api.post('/api/v1/batches', 'manager', { programme: 'young-eagle', year: THIS_YEAR, name: `${THIS_YEAR}年能力二批` }).expect(201)).body.id;
    await api.post(`/api/v1/batches/${ended}/applications`, 'manager', { applicationIds: [apps[2]] }).expect(200);
    await api.post(`/api/v1/batches/${ended}/notice`, 'manager', { startsOn: daysFrom(TODAY, -40) }).expect(200);
  });

  it('while the notice runs: no batch approval and no 公布名单 button, each reason shown; rejecting stays possible', async () => {
    const manager = await signIn(t, 'manager');
    const page = await manager.get(`/batches/${running}`).expect(200);
    const endsOn = await noticeEnd(10);
    expect(page.text).not.toContain('value="approve"');
    expect(page.text).not.toContain(`action="/batches/${running}/announce"`);
    expect(page.text).toContain('value="reject"');
    expect(page.text).toContain(`暂不能办理：公示期至 ${endsOn} 结束，结束后才能作出决定。`);
    expect(page.text).toContain('data-disabled-reason="batch.noticeRunning"');
    expect(page.text).toContain('暂不能办理：公示期尚未结束。');
    const json = (await api.get(`/api/v1/batches/${running}`, 'manager').expect(200)).body;
    expect(json.allowedActions.map((a: { action: string; allowed: boolean; reasonKey: string | null }) => [a.action, a.allowed, a.reasonKey])).toEqual([
      ['approve', false, 'application.veto.noticeRunning'], ['reject', true, null], ['announce', false, 'batch.noticeRunning'],
    ]);
  });

  it('the application page says the same: approve shows the notice end, reject is a form', async () => {
    const manager = await signIn(t, 'manager');
    const page = await manager.get(`/applications/${apps[1]}`).expect(200);
    expect(offeredOn(page.text)).toEqual(['approve!application.veto.noticeRunning', 'reject']);
    expect(page.text).toContain(`暂不能办理：公示期至 ${await noticeEnd(10)} 结束，结束后才能作出决定。`);
  });

  it('the refusal the API still gives (a stale page, a script) is one sentence in one language', async () => {
    const refused = await api.post(`/api/v1/batches/${running}/decisions`, 'manager', { action: 'approve' }).expect(409);
    expect(refused.body.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(refused.body.details).toEqual([{ field: 'batch.noticeEndsOn', message: `the public notice runs until ${await noticeEnd(10)}` }]);
  });

  it('after the notice: approval is a button; 公布名单 waits for the decisions and says so', async () => {
    const manager = await signIn(t, 'manager');
    const page = await manager.get(`/batches/${ended}`).expect(200);
    expect(page.text).toContain('value="approve"');
    expect(page.text).toContain('暂不能办理：还有申报未作决定。');
    expect(page.text).not.toContain(`action="/batches/${ended}/announce"`);
    await api.post(`/api/v1/batches/${ended}/decisions`, 'manager', { action: 'approve' }).expect(200);
    const after = await manager.get(`/batches/${ended}`).expect(200);
    expect(after.text).toContain(`action="/batches/${ended}/announce"`);
    expect(after.text).not.toContain('value="approve"');
  });

  it('an officer reads the batch: no decision or announcement controls, no reasons', async () => {
    const officer = await signIn(t, 'officer.binhai');
    const page = await officer.get(`/batches/${running}`).expect(200);
    expect(page.text).not.toContain('value="reject"');
    expect(page.text).not.toContain('data-disabled-reason');
  });
});
