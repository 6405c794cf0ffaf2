import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { pinClock, resetClock } from '../src/common/clock.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Api, CONTACT, TIER_DOCS } from './applications.fixtures.js';
import { csrfFrom, csrfOf, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * Issue 21: the working-day calendar as reference data. The clock stands at 10:00 on 28 December
 * 2026 in Beijing (02:00 UTC); 2027's holiday arrangement is not entered yet, so deadlines that
 * reach into 2027 are counted as plain weekdays and flagged everywhere they are shown, until an
 * admin enters 2027 and marks it complete, which recounts them.
 */
let t: TestApp;
let api: Api;
let A: Enterprise;
let appId: number;
let admin: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  pinClock('2026-12-28T02:00:00Z');
  t = await startTestApp();
  api = new Api(t);
  A = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await api.login('admin', 'officer.binhai', A.uscc);
  api.tokens.entA = api.tokens[A.uscc];
  admin = await signIn(t, 'admin');
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('an application submitted on 2026-12-28, with 2027 not entered', () => {
  it('submitted: due in 5 working days = Monday 4 January 2027, flagged provisional', async () => {
    const draft = await api.post('/api/v1/applications', 'entA', { enterpriseId: A.id, type: 'tier-recognition', tier: 'young-eagle', year: 2026, form: { ...CONTACT, mainProducts: '工业视觉检测设备' } });
    expect(draft.status).toBe(201);
    appId = draft.body.id;
    expect(draft.body).toMatchObject({ dueOn: null, deadlineProvisional: false });
    await api.uploadAll(appId, 'entA', TIER_DOCS);
    const submitted = await api.act(appId, 'entA', 'submit');
    expect(submitted).toMatchObject({ status: 'submitted', dueOn: '2027-01-04', deadlineProvisional: true });
  });

  it('accepted the same day: district review due in 10 working days = 11 January 2027, flagged', async () => {
    const accepted = await api.act(appId, 'officer.binhai', 'accept');
    expect(accepted).toMatchObject({ status: 'district-review', dueOn: '2027-01-11', deadlineProvisional: true });
    const list = await api.get('/api/v1/applications?status=district-review', 'officer.binhai').expect(200);
    expect(list.body.items.find((i: { id: number }) => i.id === appId)).toMatchObject({ dueOn: '2027-01-11', deadlineProvisional: true });
  });

  it.each([
    ['the application page', () => `/applications/${appId}`],
    ['the application list', () => '/applications?status=district-review'],
  ])('%s shows the flag "假日安排未录入"', async (_label, path) => {
    const officer = await signIn(t, 'officer.binhai');
    const page = await officer.get(path()).expect(200);
    expect(page.text).toContain('data-testid="deadline-provisional"');
    expect(page.text).toContain('假日安排未录入');
  });

  it.each([
    ['the admin home', '/'],
    ['the radar page', '/radar'],
  ])('%s warns that 2027 is not entered (from 1 November)', async (_label, path) => {
    const page = await admin.get(path).expect(200);
    expect(page.text).toContain('2027 年法定节假日安排尚未录入');
  });

  it('/health reports it as a warning and stays 200 with the api.md fields', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up', checks: { holidayCalendar: { status: 'warn', years: [2025, 2026], missing: [2027] } } });
  });
});

describe('the admin enters 2027 on /admin/reference/calendar', () => {
  const base = '/admin/reference/calendar';
  const yearVersion = async () => Number(/name="version" value="(\d+)"/.exec((await admin.get(`${base}/2027`).expect(200)).text)![1]);

  it('lists the seeded years, published', async () => {
    const page = await admin.get(base).expect(200);
    expect(page.text).toContain('国办发明电〔2025〕7号');
    expect(page.text).toMatch(/data-year="2026"[\s\S]*?已完成/);
  });

  it.each([
    ['a year out of range', { year: '1999' }, 422, '年份应为 2000 至 2100 的整数'],
    ['an existing year', { year: '2026' }, 422, '该年度已存在'],
    ['2027', { year: '2027', source: '国办发明电〔2026〕X号' }, 303, null],
  ])('creating %s %j → %d', async (_label, body, status, message) => {
    const res = await admin.post(base).type('form').send({ _csrf: await csrfOf(admin, base), ...body });
    expect(res.status).toBe(status);
    if (message) expect(res.text).toContain(message);
  });

  it.each([
    ['a make-up day on a weekday', { date: '2027-02-08', kind: 'makeup-workday', name: '春节' }, 422, '调休上班日应为周六或周日'],
    ['a date of another year', { date: '2026-12-31', kind: 'holiday', name: '元旦' }, 422, '日期不在该年度内'],
    ['no name', { date: '2027-01-01', kind: 'holiday', name: '' }, 422, '请填写名称'],
    ['New Year\'s Day', { date: '2027-01-01', kind: 'holiday', name: '元旦' }, 303, null],
    ['the same date again', { date: '2027-01-01', kind: 'holiday', name: '元旦' }, 422, '该日期已录入'],
  ])('adding %s %j → %d', async (_label, body, status, message) => {
    const version = await yearVersion();
    const res = await admin.post(`${base}/2027/days`).type('form').send({ _csrf: await csrfOf(admin, `${base}/2027`), version, ...body });
    expect(res.status).toBe(status);
    if (message) expect(res.text).toContain(message);
  });

  it('a stale version re-renders with 409 and changes nothing', async () => {
    const version = await yearVersion();
    const res = await admin.post(`${base}/2027/days`).type('form').send({ _csrf: await csrfOf(admin, `${base}/2027`), version: version - 1, date: '2027-01-02', kind: 'holiday', name: '元旦' });
    expect(res.status).toBe(409);
    expect(await yearVersion()).toBe(version);
  });

  it('a draft year is not used: the deadline is still provisional', async () => {
    expect((await api.get(`/api/v1/applications/${appId}`, 'officer.binhai')).body).toMatchObject({ dueOn: '2027-01-11', deadlineProvisional: true });
  });

  it('imports the rest from a CSV: dry run first, then commit', async () => {
    const csv = '日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,放假,春节\n2027-02-07,班,春节\n2027-02-08,调休上班,春节\n';
    const page = await admin.get(`${base}/2027`).expect(200);
    const bad = await admin.post(`${base}/2027/import?_csrf=${encodeURIComponent(csrfFrom(page.text))}`).attach('file', Buffer.from(csv), { filename: '2027.csv', contentType: 'text/csv' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('调休上班日应为周六或周日');
    expect(bad.text).not.toContain('确认导入');
    const good = await admin.post(`${base}/2027/import?_csrf=${encodeURIComponent(csrfFrom(page.text))}`)
      .attach('file', Buffer.from(csv.split('\n').slice(0, 4).join('\n') + '\n'), { filename: '2027.csv', contentType: 'text/csv' }).expect(200);
    expect(good.text).toContain('新增 2 条，修改 0 条，不变 1 条，错误 0 条。');
    const rows = /name="rows" value="([^"]*)"/.exec(good.text)![1].replace(/&quot;/g, '"').replace(/&#x3D;/g, '=');
    const version = Number(/name="version" value="(\d+)"/.exec(good.text)![1]);
    await admin.post(`${base}/2027/import/commit`).type('form').send({ _csrf: csrfFrom(good.text), version, rows }).expect(303);
    const year = await admin.get(`${base}/2027`).expect(200);
    expect(year.text).toContain('data-date="2027-02-06"');
    expect(year.text).toContain('data-date="2027-02-07"');
  });

  it('marking 2027 complete recounts the provisional deadline: 1 January is a holiday, due 12 January, no flag', async () => {
    const version = await yearVersion();
    await admin.post(`${base}/2027/publish`).type('form').send({ _csrf: await csrfOf(admin, `${base}/2027`), version, published: 'true' }).expect(303);
    const view = (await api.get(`/api/v1/applications/${appId}`, 'officer.binhai')).body;
    expect(view).toMatchObject({ status: 'district-review', dueOn: '2027-01-12', deadlineProvisional: false });
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.checks.holidayCalendar).toEqual({ status: 'ok', years: [2025, 2026, 2027], missing: [] });
    const home = await admin.get('/').expect(200);
    expect(home.text).not.toContain('data-testid="calendar-warning"');
  });

  it('imports an XLSX too (date cells as Excel dates), into a published year', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2027');
    ws.addRow(['日期', '类型', '名称']);
    ws.addRow([new Date(Date.UTC(2027, 1, 9)), '放假', '春节']);
    ws.addRow(['2027-02-10', 'holiday', '春节']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const page = await admin.get(`${base}/2027`).expect(200);
    const dry = await admin.post(`${base}/2027/import?_csrf=${encodeURIComponent(csrfFrom(page.text))}`).attach('file', buf, { filename: '2027.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }).expect(200);
    expect(dry.text).toContain('新增 2 条，修改 0 条，不变 0 条，错误 0 条。');
    const rows = /name="rows" value="([^"]*)"/.exec(dry.text)![1].replace(/&quot;/g, '"').replace(/&#x3D;/g, '=');
    expect(JSON.parse(rows)).toEqual([{ date: '2027-02-09', kind: 'holiday', name: '春节' }, { date: '2027-02-10', kind: 'holiday', name: '春节' }]);
    const version = Number(/name="version" value="(\d+)"/.exec(dry.text)![1]);
    await admin.post(`${base}/2027/import/commit`).type('form').send({ _csrf: csrfFrom(dry.text), version, rows }).expect(303);
    // The same dry run committed twice: the year moved on, so the second is stale.
    await admin.post(`${base}/2027/import/commit`).type('form').send({ _csrf: csrfFrom(dry.text), version, rows }).expect(409);
  });

  it.each([
    ['a PDF (back to the year page with the message, as upload forms do)', Buffer.from('%PDF-1.4\n%%EOF\n'), 'x.pdf', 303],
    ['a CSV without the kind column', Buffer.from('日期,名称\n2027-03-01,x\n'), 'x.csv', 422],
  ])('a dry run of %s → %d', async (_label, body, filename, status) => {
    const page = await admin.get(`${base}/2027`).expect(200);
    const res = await admin.post(`${base}/2027/import?_csrf=${encodeURIComponent(csrfFrom(page.text))}`).attach('file', body, { filename });
    expect(res.status).toBe(status);
    if (status === 303) expect((await admin.get(res.headers.location!).expect(200)).text).toContain('导入只接受 CSV 或 XLSX 文件');
  });

  it('a tampered commit (rows not a list) is a 400, not a 500', async () => {
    const page = await admin.get(`${base}/2027`).expect(200);
    const res = await admin.post(`${base}/2027/import/commit`).type('form').set('Accept', 'application/json').send({ _csrf: csrfFrom(page.text), version: '1', rows: '{"x":1}' });
    expect(res.status).toBe(400);
  });

  it('every change is audited', async () => {
    const actions = (await t.dataSource.getRepository(AuditEntry).find({ where: [{ entity: 'holiday_calendar_year', entityId: '2027' }, { entity: 'application', entityId: String(appId), action: 'application.deadline-recount' }] })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['calendar.year.create', 'calendar.day.add', 'calendar.import', 'calendar.year.publish', 'application.deadline-recount']));
  });

  it.each([
    ['an unknown year', `${base}/2031`, 404],
    ['a year that is no number', `${base}/next`, 400],
  ])('%s %s → %d', async (_label, path, status) => {
    await admin.get(path).expect(status);
  });

  it('is for admins only', async () => {
    const officer = await signIn(t, 'officer.binhai');
    await officer.get(base).expect(403);
    await officer.get('/admin/reference/stage-deadlines').expect(403);
  });
});

describe('stage deadlines on /admin/reference/stage-deadlines', () => {
  const path = '/admin/reference/stage-deadlines';
  it('shows each stage counted in working days with its default', async () => {
    const page = await admin.get(path).expect(200);
    expect(page.text).toContain('name="days.district-review"');
    expect(page.text).toContain('name="days.contracts-signed"');
  });

  it.each([
    ['zero', '0', 422, '工作日应为 1 至 250 的整数'],
    ['not a number', 'ten', 422, '工作日应为 1 至 250 的整数'],
    ['six', '6', 303, null],
  ])('submitted stage: %s (%s) → %d', async (_label, value, status, message) => {
    const page = await admin.get(path).expect(200);
    const version = /name="version.submitted" value="(\d+)"/.exec(page.text)![1];
    const res = await admin.post(path).type('form').send({ _csrf: csrfFrom(page.text), 'days.submitted': value, 'version.submitted': version });
    expect(res.status).toBe(status);
    if (message) expect(res.text).toContain(message);
  });

  it('a new submission counts the edited 6 working days (from 28 December, 2027 now entered: 6 January)', async () => {
    const draft = await api.post('/api/v1/applications', 'entA', { enterpriseId: A.id, type: 'tier-recognition', tier: 'tech-sme', year: 2026, form: { ...CONTACT, mainProducts: '工业视觉检测设备' } });
    expect(draft.status).toBe(201);
    await api.uploadAll(draft.body.id, 'entA', TIER_DOCS);
    expect(await api.act(draft.body.id, 'entA', 'submit')).toMatchObject({ status: 'submitted', dueOn: '2027-01-06', deadlineProvisional: false });
  });
});
