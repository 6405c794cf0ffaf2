import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MoreThan } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { todayIso } from '../src/common/format.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { translate } from '../src/i18n/i18n.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/**
 * Dates of past events out of any real range (before 1900, after today in Beijing) are refused on
 * every face with the catalogue's message; visit notes, comments, recorded evaluations and batch
 * runs are audited (docs/security.md §4, §3).
 */

let t: TestApp;
let admin: string;
let binhai: Enterprise;
const today = todayIso();
const tomorrow = todayIso(new Date(Date.now() + 86400_000));

const api = (method: 'post' | 'patch' | 'put', path: string) => request(t.http)[method](path).set('Authorization', `Bearer ${admin}`);
const lastAuditId = async () => Number((await t.dataSource.query('SELECT MAX(id) AS id FROM audit_entry'))[0]?.id ?? 0);
const auditSince = (since: number) => t.dataSource.getRepository(AuditEntry).find({ where: { id: MoreThan(since) }, order: { id: 'ASC' } });

beforeAll(async () => {
  t = await startTestApp();
  admin = await tokenFor(t, 'admin');
  binhai = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
});
afterAll(async () => {
  await t?.close();
});

function uscc(n: number): string {
  const first17 = `91120116MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

// JSON details speak the caller's language (zh-CN by default): the sentence names the bound.
const EARLY = /1900-01-01/;
const FUTURE = /今天|北京时间/;

describe('dates of past events: JSON 400 with the field message', () => {
  const id = () => binhai.id;
  it.each([
    ['founding date before 1900 (create)', () => api('post', '/api/v1/enterprises').send({ uscc: uscc(9), name: '天津测试日期公司', districtCode: '120116', establishedOn: '1899-12-31' }), 'establishedOn', EARLY],
    ['founding date tomorrow (update)', () => api('patch', `/api/v1/enterprises/${id()}`).send({ version: 1, establishedOn: tomorrow }), 'establishedOn', FUTURE],
    ['IP grant date tomorrow', () => api('post', `/api/v1/enterprises/${id()}/ip-assets`).send({ kind: 'invention-patent', number: 'ZL-DATE-1', status: 'valid', grantedOn: tomorrow }), 'grantedOn', FUTURE],
    ['qualification issued in 1850', () => api('post', `/api/v1/enterprises/${id()}/qualifications`).send({ kind: 'hnte-certificate', on: '1850-01-01' }), 'on', EARLY],
    ['credit flag dated tomorrow', () => api('post', `/api/v1/enterprises/${id()}/credit-flags`).send({ kind: 'abnormal-operation', on: tomorrow }), 'on', FUTURE],
    ['visit tomorrow (date-time)', () => api('post', `/api/v1/enterprises/${id()}/activities`).send({ kind: 'visit', text: '走访', at: `${tomorrow}T10:00:00+08:00` }), 'at', FUTURE],
    ['calculator founding date tomorrow', () => api('post', '/api/v1/eligibility/evaluate').send({ enterprise: { establishedOn: tomorrow } }), 'enterprise.establishedOn', FUTURE],
  ])('%s', async (_n, send, field, message) => {
    const res = await send();
    expect(res.status).toBe(400);
    const detail = (res.body.details as { field: string; message: string }[]).find((d) => d.field === field);
    expect(detail?.message).toMatch(message);
    expect(detail?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(detail?.message).not.toMatch(/validation\.|constraint\./);
  });

  it('the same message in English with Accept-Language: en', async () => {
    const res = await api('post', `/api/v1/enterprises/${binhai.id}/qualifications`).set('Accept-Language', 'en').send({ kind: 'hnte-certificate', on: '1850-01-01' });
    expect(res.status).toBe(400);
    const detail = (res.body.details as { field: string; message: string }[]).find((d) => d.field === 'on');
    expect(detail?.message).toMatch(/1900-01-01/);
    expect(detail?.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['a visit today', () => api('post', `/api/v1/enterprises/${binhai.id}/activities`).send({ kind: 'visit', text: '今天走访', at: `${today}T09:00:00+08:00` })],
    ['a credit flag dated 1900-01-01', () => api('post', `/api/v1/enterprises/${binhai.id}/credit-flags`).send({ kind: 'abnormal-operation', on: '1900-01-01' })],
  ])('the bounds themselves are accepted: %s', async (_n, send) => {
    expect((await send()).status).toBe(201);
  });

  it('figures of a future year are refused (existing check, same face)', async () => {
    const next = Number(today.slice(0, 4)) + 1;
    const res = await api('put', `/api/v1/enterprises/${binhai.id}/financials/${next}`).send({ operatingRevenue: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('year');
  });
});

describe('dates of past events: forms re-render with the message and the typed values', () => {
  it.each([
    ['a visit tomorrow keeps the typed note', 'activities', { kind: 'visit', at: tomorrow, text: '与财务负责人座谈-保留此文字' }, '与财务负责人座谈-保留此文字'],
    ['an IP grant tomorrow', 'ip-assets', { kind: 'invention-patent', number: 'ZL-FORM-DATE-1', status: 'valid', grantedOn: tomorrow }, 'ZL-FORM-DATE-1'],
    ['a qualification issued in 1899', 'qualifications', { kind: 'hnte-certificate', on: '1899-01-01', certificateNumber: 'GR-DATE-1' }, 'GR-DATE-1'],
    ['a credit flag tomorrow', 'credit-flags', { kind: 'abnormal-operation', on: tomorrow, note: '日期测试备注' }, '日期测试备注'],
  ])('%s', async (_n, path, fields, typed) => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    const res = await agent.post(`/enterprises/${binhai.id}/${path}`).type('form').send({ _csrf: csrf, ...fields });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/日期不能晚于今天（北京时间）。|日期不能早于 1900-01-01。/);
    expect(res.text).toContain(typed);
  });

  it('the profile form: a founding date before 1900', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}/edit`);
    const current = await t.dataSource.getRepository(Enterprise).findOneByOrFail({ id: binhai.id });
    const res = await agent.post(`/enterprises/${binhai.id}`).type('form').send({ _csrf: csrf, version: String(current.version), establishedOn: '1899-05-20' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('日期不能早于 1900-01-01。');
    expect(res.text).toContain('1899-05-20');
  });

  it('the self-check: a founding date tomorrow', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, '/eligibility/check');
    const res = await agent.post('/eligibility/check').type('form').send({ _csrf: csrf, establishedOn: tomorrow, districtCode: '120116' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('日期不能晚于今天（北京时间）。');
    expect(res.text).toContain(tomorrow);
  });

  it('import rows: a founding date in the future or before 1900 is a row error', async () => {
    const rows = [['统一社会信用代码', '企业名称', '所属区', '成立日期'], [uscc(1), '天津日期导入公司', '滨海新区', tomorrow], [uscc(2), '天津日期导入二公司', '滨海新区', '1899-01-01'], [uscc(3), '天津日期导入三公司', '滨海新区', today]];
    const file = Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
    const res = await request(t.http).post('/api/v1/imports?kind=enterprises').set('Authorization', `Bearer ${admin}`).attach('file', file, { filename: 'dates.csv', contentType: 'text/csv' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('invalid');
    expect(res.body.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])).toEqual([
      [2, '成立日期', translate('en', 'validation.dateInFuture')],
      [3, '成立日期', translate('en', 'validation.dateTooEarly')],
    ]);
  });
});

describe('visit notes, comments, recorded evaluations and batch runs are audited', () => {
  it('a visit note (JSON and form)', async () => {
    const since = await lastAuditId();
    await api('post', `/api/v1/enterprises/${binhai.id}/activities`).send({ kind: 'note', text: '审计测试记录' }).expect(201);
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}`);
    await agent.post(`/enterprises/${binhai.id}/activities`).type('form').send({ _csrf: csrf, kind: 'visit', at: today, text: '表单走访记录' }).expect(303);
    const entries = (await auditSince(since)).filter((e) => e.entity === 'activity');
    expect(entries.map((e) => [e.action, e.actorUsername, e.enterpriseId, e.after?.text])).toEqual([
      ['create', 'admin', binhai.id, '审计测试记录'],
      ['create', 'officer.binhai', binhai.id, '表单走访记录'],
    ]);
    // The timeline shows the visit once (the audit entry is not a second "change").
    const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text.split('表单走访记录').length - 1).toBe(1);
  });

  it('an application comment (JSON and form), internal notes stay off the file timeline', async () => {
    const list = await request(t.http).get('/api/v1/applications?pageSize=1').set('Authorization', `Bearer ${admin}`).expect(200);
    const appId = list.body.items[0].id as number;
    const since = await lastAuditId();
    await api('post', `/api/v1/applications/${appId}/comments`).send({ text: '内部审核意见-审计', public: false }).expect(201);
    const agent = await signIn(t, 'admin');
    const csrf = await csrfOf(agent, `/applications/${appId}`);
    await agent.post(`/applications/${appId}/comments`).type('form').send({ _csrf: csrf, text: '表单评论-审计' }).expect(303);
    const entries = (await auditSince(since)).filter((e) => e.action === 'comment');
    expect(entries.map((e) => [e.entity, e.entityId, e.after?.text, e.enterpriseId])).toEqual([
      ['application', String(appId), '内部审核意见-审计', null],
      ['application', String(appId), '表单评论-审计', null],
    ]);
  });

  it('a recorded evaluation (JSON and form)', async () => {
    const since = await lastAuditId();
    const res = await api('post', `/api/v1/enterprises/${binhai.id}/evaluations`).send({}).expect(201);
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${binhai.id}/evaluations`);
    await agent.post(`/enterprises/${binhai.id}/evaluations`).type('form').send({ _csrf: csrf }).expect(303);
    const entries = (await auditSince(since)).filter((e) => e.entity === 'evaluation');
    expect(entries.map((e) => [e.action, e.actorUsername, e.enterpriseId, e.after?.source])).toEqual([
      ['evaluate', 'admin', binhai.id, 'manual'],
      ['evaluate', 'officer.binhai', binhai.id, 'manual'],
    ]);
    expect(entries[0]!.entityId).toBe(String(res.body.evaluationId));
  });

  it.each([
    ['portfolio re-evaluation (JSON)', 'batch-evaluation', async () => api('post', '/api/v1/evaluations/batch').send({}).expect(202)],
    ['portfolio re-evaluation (form)', 'batch-evaluation', async () => {
      const agent = await signIn(t, 'admin');
      const csrf = await csrfOf(agent, '/admin/rule-sets');
      await agent.post('/admin/evaluations/batch').type('form').send({ _csrf: csrf }).expect(303);
    }],
    ['cultivation screening (JSON)', null, async () => api('post', '/api/v1/cultivation/screenings').send({}).expect(202)],
    ['rule-set impact preview (JSON)', 'impact-preview', async () => {
      const list = await request(t.http).get('/api/v1/rule-sets').set('Authorization', `Bearer ${admin}`).expect(200);
      const ye = list.body.items.find((r: { program: string; status: string }) => r.program === 'young-eagle' && r.status === 'active');
      const draft = await api('post', `/api/v1/rule-sets/${ye.id}/drafts`).send({}).expect(201);
      await api('post', `/api/v1/rule-sets/${draft.body.id}/impact`).send({}).expect(202);
    }],
  ])('a batch run: %s', async (_n, kind, start) => {
    const since = await lastAuditId();
    await start();
    const entries = (await auditSince(since)).filter((e) => e.entity === 'job');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.action).toBe('start');
    if (kind) expect(entries[0]!.after?.kind).toBe(kind);
    await t.app.get(JobsService).drain();
  });
});
