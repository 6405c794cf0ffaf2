import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Application } from '../src/applications/application.entity.js';
import { addWorkingDays } from '../src/applications/workflow/working-days.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { MailService } from '../src/notifications/mail.service.js';
import { NotificationsService } from '../src/notifications/notifications.service.js';
import { CAL, Api, CONTACT, HNTE_DOCS, PDF, SD_DOCS, THIS_YEAR, TIER_DOCS, TODAY } from './applications.fixtures.js';
import request from 'supertest';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * Applications end to end over HTTP: creation and access per role, the tier-recognition walk with
 * the missing-document guard, returns and resubmission, withdrawals, illegal (409), forbidden (403)
 * and hidden (404) actions, comments and the inbox, the HNTE and super-deduction workflows.
 */
let t: TestApp;
let api: Api;
let A: Enterprise; // Binhai (120116), user = its USCC
let N: Enterprise; // Nankai (120104), user = its USCC

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  const repo = t.dataSource.getRepository(Enterprise);
  A = await repo.findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  N = await repo.findOneOrFail({ where: { districtCode: '120104' }, order: { id: 'ASC' } });
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai', A.uscc, N.uscc);
  api.tokens.entA = api.tokens[A.uscc];
  api.tokens.entN = api.tokens[N.uscc];
});
afterAll(async () => {
  await t?.close();
});

const tierBody = (tier = 'young-eagle', form: Record<string, unknown> = {}) => ({ enterpriseId: A.id, type: 'tier-recognition', tier, year: THIS_YEAR, form: { ...CONTACT, mainProducts: '工业视觉检测设备及算法', ...form } });

describe('creating applications', () => {
  it('the enterprise drafts for itself: form prefilled from the file, checklist per type', async () => {
    const res = await api.post('/api/v1/applications', 'entA', tierBody('tech-sme'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'tier-recognition', tier: 'tech-sme', year: THIS_YEAR, status: 'draft', version: 1, enterprise: { id: A.id, uscc: A.uscc } });
    expect(res.body.reference).toMatch(new RegExp(`^TR-${THIS_YEAR}-\\d{5}$`));
    expect(res.body.form).toMatchObject({ contactName: '刘经理', mainProducts: '工业视觉检测设备及算法' });
    expect(res.body.form.contactEmail).toMatch(/@example\.cn$/); // prefilled from the file's contact
    expect(res.body.checklist.map((c: { code: string; required: boolean }) => [c.code, c.required])).toEqual([
      ['audited-statements', true], ['ip-certificates', true], ['credit-commitment', true], ['development-plan', false], ['other', false],
    ]);
    expect(res.body.missingDocuments).toEqual(TIER_DOCS);
    expect(res.body.actions.map((a: { action: string }) => a.action)).toEqual(['submit', 'withdraw']);
    expect(res.body.history).toEqual([expect.objectContaining({ kind: 'transition', action: 'create', from: null, to: 'draft' })]);
  });

  it('replacing a document adds a revision and keeps one upload for the requirement', async () => {
    const draft = (await api.get('/api/v1/applications?status=draft&tier=tech-sme', 'entA')).body.items[0];
    const first = await api.upload(draft.id, 'entA', 'credit-commitment');
    const second = await api.call('post', `/api/v1/applications/${draft.id}/documents`, 'entA').field('requirement', 'credit-commitment').field('replacesId', String(first.documentId))
      .attach('file', Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n% revised\n'), { filename: '信用承诺书（盖章版）.pdf', contentType: 'application/pdf' }).expect(201);
    expect(second.body).toMatchObject({ requirement: 'credit-commitment', name: '信用承诺书（盖章版）.pdf', revision: 2 });
    const view = (await api.get(`/api/v1/applications/${draft.id}`, 'entA')).body;
    expect(view.checklist.find((c: { code: string }) => c.code === 'credit-commitment')).toMatchObject({ count: 1, documents: [expect.objectContaining({ documentId: second.body.documentId })] });
    await api.get(`/api/v1/applications/${draft.id}/documents/${second.body.documentId}`, 'entA').expect(200);
    await api.get(`/api/v1/applications/${draft.id}/documents/${first.documentId}`, 'entA').expect(404); // replaced: not this application's current document
    await api.call('post', `/api/v1/applications/${draft.id}/documents`, 'entA').field('requirement', 'bank-statement').attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(400);
    await api.call('post', `/api/v1/applications/${draft.id}/documents`, 'manager').field('requirement', 'other').attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(404); // a draft: hidden from staff
  });

  it('GET prefill gives the type\'s form from the file', async () => {
    const sd = await api.get(`/api/v1/applications/prefill?enterpriseId=${A.id}&type=super-deduction-precheck`, 'entA').expect(200);
    expect(sd.body.rdExpenseDetail).toMatchObject({ year: THIS_YEAR - 1, projects: [] });
    const loan = await api.get(`/api/v1/applications/prefill?enterpriseId=${A.id}&type=ip-pledge-loan`, 'entA').expect(200);
    expect(Array.isArray(loan.body.availableAssets)).toBe(true);
    await api.get(`/api/v1/applications/prefill?enterpriseId=${N.id}&type=ip-pledge-loan`, 'entA').expect(404);
  });

  it.each([
    ['for another enterprise (hidden)', 'entA', () => ({ ...tierBody(), enterpriseId: N.id }), 404, null],
    ['by a manager', 'manager', () => tierBody(), 403, null],
    ['without the tier', 'entA', () => ({ ...tierBody(), tier: undefined }), 400, 'tier'],
    ['with a tier on another type', 'entA', () => ({ enterpriseId: A.id, type: 'high-tech-certification', tier: 'gazelle', year: THIS_YEAR, form: {} }), 400, 'tier'],
    ['for a year out of range', 'entA', () => ({ ...tierBody(), year: THIS_YEAR + 5 }), 400, 'year'],
    ['of an unknown type', 'entA', () => ({ ...tierBody(), type: 'subsidy' }), 400, 'type'],
    ['with an unknown property', 'entA', () => ({ ...tierBody(), colour: 'red' }), 400, 'colour'],
    ['with a form field too long', 'entA', () => tierBody('gazelle', { mainProducts: 'x'.repeat(2001) }), 400, 'form.mainProducts'],
    ['with an unknown form field', 'entA', () => tierBody('gazelle', { rating: 5 }), 400, 'form.rating'],
  ])('refuses an application %s', async (_label, who, body, status, field) => {
    const res = await api.post('/api/v1/applications', who, body());
    expect(res.status).toBe(status);
    if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('a draft may be empty; submitting it names each missing field, in Chinese and in English', async () => {
    // Loans: several may be open at once, so this draft does not block the other cases. Contact and term are prefilled.
    const draft = await api.post('/api/v1/applications', 'entA', { enterpriseId: A.id, type: 'ip-pledge-loan', year: THIS_YEAR, form: {} }).expect(201);
    const zh = await api.post(`/api/v1/applications/${draft.body.id}/transitions`, 'entA', { action: 'submit' }).expect(400);
    const fields = zh.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['form.requestedAmount', 'form.purpose', 'form.assets']));
    for (const d of zh.body.details) expect(d.message).toMatch(/^请填写“[^”]*[\u4e00-\u9fff][^”]*”。$/);
    const en = await request(t.http).post(`/api/v1/applications/${draft.body.id}/transitions`).set('Authorization', `Bearer ${api.tokens.entA}`).set('Accept-Language', 'en').send({ action: 'submit' }).expect(400);
    for (const d of en.body.details) expect(d.message).toMatch(/^Please fill in "[A-Z]/);
  });

  it('one open application per enterprise, programme and year (409)', async () => {
    const res = await api.post('/api/v1/applications', 'officer.binhai', tierBody('tech-sme'));
    expect(res.status).toBe(409);
    expect(res.body.details[0].message).toMatch(/already open: TR-/);
  });
});

describe('tier recognition (young eagle), end to end', () => {
  let id: number;

  it('drafts are the applicant\'s: staff do not see them until submitted', async () => {
    id = (await api.post('/api/v1/applications', 'entA', tierBody()).expect(201)).body.id;
    await api.get(`/api/v1/applications/${id}`, 'entA').expect(200);
    for (const who of ['officer.binhai', 'manager', 'officer.nankai', 'entN']) await api.get(`/api/v1/applications/${id}`, who).expect(404);
    await api.get(`/api/v1/applications/${id}`, 'admin').expect(200);
  });

  it('submit is vetoed while required documents are missing, naming exactly what is missing', async () => {
    const res = await api.post(`/api/v1/applications/${id}/transitions`, 'entA', { action: 'submit' });
    expect(res.status).toBe(409);
    // api.md "Messages": the caller's language (no Accept-Language, default setting → Chinese); English on request.
    expect(res.body.message).toBe('不能提交：还缺少 3 项必备材料——上一年度经审计的财务报表、知识产权证书、信用承诺书。');
    const en = await request(t.http).post(`/api/v1/applications/${id}/transitions`).set('Authorization', `Bearer ${api.tokens.entA}`).set('Accept-Language', 'en').send({ action: 'submit' }).expect(409);
    expect(en.body.message).toMatch(/^Cannot submit: 3 required/);
    expect(Object.keys(en.body).sort()).toEqual(['details', 'error', 'message', 'statusCode']);
    expect(res.body.details).toEqual(TIER_DOCS.map((c) => ({ field: `documents.${c}`, message: 'required document missing' })));
    await api.upload(id, 'entA', 'audited-statements');
    await api.upload(id, 'entA', 'ip-certificates');
    const again = await api.post(`/api/v1/applications/${id}/transitions`, 'entA', { action: 'submit' });
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual([{ field: 'documents.credit-commitment', message: 'required document missing' }]);
  });

  it('the portal page says the same in Chinese and in English', async () => {
    const agent = await signIn(t, A.uscc);
    const page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('提交前还须上传以下必备材料');
    expect(page.text).toContain('信用承诺书');
    const posted = await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit' }).expect(303);
    expect(posted.headers.location).toBe(`/applications/${id}`);
    const after = await agent.get(`/applications/${id}`).expect(200);
    expect(after.text).toContain('不能提交：还缺少 1 项必备材料——信用承诺书。');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(after.text), locale: 'en', next: `/applications/${id}` }).expect(303);
    const en = await agent.get(`/applications/${id}`).expect(200);
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(en.text), action: 'submit' }).expect(303);
    const enAfter = await agent.get(`/applications/${id}`).expect(200);
    expect(enAfter.text).toContain('Cannot submit: 1 required document(s) missing — Credit commitment letter.');
    expect(enAfter.text).toContain('Before you can submit, upload:');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(enAfter.text), locale: 'zh-CN', next: '/' }).expect(303);
  });

  it('with every document the enterprise submits: 200, evaluation frozen, district due in 5 working days', async () => {
    await api.upload(id, 'entA', 'credit-commitment');
    const body = await api.act(id, 'entA', 'submit');
    expect(body.status).toBe('submitted');
    expect(body.submittedAt).toBeTruthy();
    expect(body.dueOn).toBe(addWorkingDays(TODAY, 5, CAL));
    expect(body.evaluation).toMatchObject({ trigger: 'submit', asOf: TODAY, ruleSets: { 'young-eagle': expect.any(String) } });
    expect(body.evaluation.input.enterprise.uscc).toBe(A.uscc);
    expect(body.evaluation.result.criteria.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['YE-REG', 'YE-CREDIT', 'YE-AGE', 'YE-REVENUE', 'YE-PATH']));
    expect(body.history.at(-1)).toMatchObject({ kind: 'transition', action: 'submit', from: 'draft', to: 'submitted', actor: { role: 'enterprise' } });
  });

  it('two officers acting at once: one wins, the other gets 409, one history entry', async () => {
    const other = await api.post('/api/v1/applications', 'officer.binhai', tierBody('gazelle')).expect(201);
    await api.uploadAll(other.body.id, 'officer.binhai', TIER_DOCS);
    await api.act(other.body.id, 'officer.binhai', 'submit');
    const results = await Promise.all([
      api.post(`/api/v1/applications/${other.body.id}/transitions`, 'officer.binhai', { action: 'accept' }),
      api.post(`/api/v1/applications/${other.body.id}/transitions`, 'admin', { action: 'accept' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const body = (await api.get(`/api/v1/applications/${other.body.id}`, 'admin')).body;
    expect(body.history.filter((h: { kind: string; from: string }) => h.kind === 'transition' && h.from === 'submitted')).toHaveLength(1);
    expect(body.status).toBe('district-review');
    await api.act(other.body.id, 'officer.binhai', 'reject', 200, { comment: '测试结束' });
  });

  it('staff of the district now see it; other districts still do not', async () => {
    await api.get(`/api/v1/applications/${id}`, 'officer.binhai').expect(200);
    await api.get(`/api/v1/applications/${id}`, 'manager').expect(200);
    await api.get(`/api/v1/applications/${id}`, 'officer.nankai').expect(404);
    await api.post(`/api/v1/applications/${id}/transitions`, 'officer.nankai', { action: 'accept' }).expect(404);
  });

  it.each([
    ['the enterprise accepting', 'entA', 'accept', 403],
    ['a manager accepting at the district stage', 'manager', 'accept', 403],
    ['anyone approving before the notice', 'manager', 'approve', 409],
    ['an unknown action', 'officer.binhai', 'teleport', 400],
    ['the enterprise submitting twice', 'entA', 'submit', 409],
  ])('refuses %s', async (_label, who, action, status) => {
    await api.post(`/api/v1/applications/${id}/transitions`, who, { action }).expect(status);
  });

  it('the district accepts (10 working days) and returns with a reason; the enterprise is told', async () => {
    const accepted = await api.act(id, 'officer.binhai', 'accept');
    expect(accepted).toMatchObject({ status: 'district-review', dueOn: addWorkingDays(TODAY, 10, CAL) });
    const noReason = await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'return' });
    expect(noReason.status).toBe(409);
    expect(noReason.body.details).toEqual([{ field: 'comment', message: 'a reason for the applicant is required' }]);
    const returned = await api.act(id, 'officer.binhai', 'return', 200, { comment: '请补充2025年度审计报告附注' });
    expect(returned.status).toBe('returned');
    const seen = await api.get(`/api/v1/applications/${id}`, 'entA').expect(200);
    expect(seen.body.history.at(-1)).toMatchObject({ action: 'return', from: 'district-review', to: 'returned', comment: '请补充2025年度审计报告附注' });
    expect(seen.body.actions.map((a: { action: string }) => a.action).sort()).toEqual(['resubmit', 'withdraw']);
    const inbox = await api.get('/api/v1/notifications?unread=true', 'entA').expect(200);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'status', applicationId: id, read: false });
    expect(inbox.body.items[0].text).toContain('区级审核 → 退回修改');
    expect(inbox.body.items[0].text).toContain('请补充2025年度审计报告附注');
  });

  it('the enterprise answers the return: edits the form (stale version 409), adds a document, resubmits', async () => {
    const current = (await api.get(`/api/v1/applications/${id}`, 'entA')).body;
    await api.call('patch', `/api/v1/applications/${id}`, 'entA').send({ form: { ...current.form, highlights: '已补充审计报告附注' }, version: current.version - 1 }).expect(409);
    const patched = await api.call('patch', `/api/v1/applications/${id}`, 'entA').send({ form: { ...current.form, highlights: '已补充审计报告附注' }, version: current.version }).expect(200);
    expect(patched.body.form.highlights).toBe('已补充审计报告附注');
    await api.call('patch', `/api/v1/applications/${id}`, 'officer.nankai').send({ form: current.form, version: patched.body.version }).expect(404);
    await api.upload(id, 'entA', 'other');
    const resubmitted = await api.act(id, 'entA', 'resubmit');
    expect(resubmitted.status).toBe('resubmitted');
    expect(resubmitted.evaluation.trigger).toBe('resubmit');
    // Once resubmitted the pen is back with the district: no more edits or uploads by the enterprise.
    await api.call('patch', `/api/v1/applications/${id}`, 'entA').send({ form: current.form, version: resubmitted.version }).expect(409);
    await api.upload(id, 'entA', 'other', 409);
  });

  it('district passes, then only the city acts; the on-site check is not for a young eagle', async () => {
    await api.act(id, 'officer.binhai', 'accept');
    const recommended = await api.act(id, 'officer.binhai', 'recommend');
    expect(recommended).toMatchObject({ status: 'municipal-review', dueOn: addWorkingDays(TODAY, 15, CAL) });
    expect(recommended.actions).toEqual([]); // the officer has nothing more to do here
    await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'reject', comment: 'x' }).expect(403);
    await api.post(`/api/v1/applications/${id}/transitions`, 'manager', { action: 'site-check' }).expect(409);
    const direct = await api.post(`/api/v1/applications/${id}/transitions`, 'manager', { action: 'publish-notice' });
    expect(direct.status).toBe(409);
    expect(direct.body.details[0].field).toBe('batchId');
  });

  it('comments: internal notes stay with staff, comments addressed to the enterprise reach it', async () => {
    await api.post(`/api/v1/applications/${id}/comments`, 'manager', { text: '内部：与区里确认营收口径' }).expect(201);
    await api.post(`/api/v1/applications/${id}/comments`, 'manager', { text: '请关注市级审核进度', public: true }).expect(201);
    await api.post(`/api/v1/applications/${id}/comments`, 'entA', { text: '收到，谢谢', public: false }).expect(201);
    const forEnterprise = (await api.get(`/api/v1/applications/${id}`, 'entA')).body.history.filter((h: { kind: string }) => h.kind === 'comment');
    expect(forEnterprise.map((h: { comment: string }) => h.comment)).toEqual(['请关注市级审核进度', '收到，谢谢']);
    const forStaff = (await api.get(`/api/v1/applications/${id}`, 'officer.binhai')).body.history.filter((h: { kind: string }) => h.kind === 'comment');
    expect(forStaff.map((h: { comment: string; public: boolean }) => [h.comment, h.public])).toEqual([['内部：与区里确认营收口径', false], ['请关注市级审核进度', true], ['收到，谢谢', true]]);
    await api.post(`/api/v1/applications/${id}/comments`, 'officer.nankai', { text: 'x' }).expect(404);
    const inbox = await api.get('/api/v1/notifications', 'entA').expect(200);
    expect(inbox.body.items.some((n: { kind: string; text: string }) => n.kind === 'comment' && n.text.includes('请关注市级审核进度'))).toBe(true);
    expect(inbox.body.items.some((n: { text: string }) => n.text.includes('内部'))).toBe(false);
  });

  it('the enterprise withdraws before the decision; after that nothing moves (409)', async () => {
    const withdrawn = await api.act(id, 'entA', 'withdraw', 200, { comment: '今年暂不申报' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.decidedAt).toBeTruthy();
    expect(withdrawn.dueOn).toBeNull();
    for (const [who, action] of [['manager', 'reject'], ['entA', 'resubmit'], ['entA', 'withdraw']]) {
      await api.post(`/api/v1/applications/${id}/transitions`, who, { action, comment: 'x' }).expect(409);
    }
    await api.upload(id, 'officer.binhai', 'other', 409);
  });

  it('keeps the time spent in each status and one history entry per transition', async () => {
    const body = (await api.get(`/api/v1/applications/${id}`, 'officer.binhai')).body;
    const transitions = body.history.filter((h: { kind: string }) => h.kind === 'transition').map((h: { action: string; from: string; to: string }) => `${h.from ?? '∅'}>${h.action}>${h.to}`);
    expect(transitions).toEqual([
      '∅>create>draft', 'draft>submit>submitted', 'submitted>accept>district-review', 'district-review>return>returned', 'returned>resubmit>resubmitted',
      'resubmitted>accept>district-review', 'district-review>recommend>municipal-review', 'municipal-review>withdraw>withdrawn',
    ]);
    const spans = Object.fromEntries(body.timeInStatus.map((s: { status: string; visits: number }) => [s.status, s.visits]));
    expect(spans).toEqual({ draft: 1, submitted: 1, 'district-review': 2, returned: 1, resubmitted: 1, 'municipal-review': 1, withdrawn: 1 });
    const page = await (await signIn(t, 'officer.binhai')).get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('各环节用时');
    expect(page.text).toContain('今年暂不申报');
  });
});

describe('leader tiers add the on-site check', () => {
  it('municipal review → on-site check → (notice needs a batch); the development plan is required', async () => {
    const created = await api.post('/api/v1/applications', 'officer.binhai', tierBody('leader')).expect(201);
    const id = created.body.id;
    expect(created.body.missingDocuments).toEqual([...TIER_DOCS, 'development-plan']);
    await api.uploadAll(id, 'officer.binhai', [...TIER_DOCS, 'development-plan']);
    await api.act(id, 'officer.binhai', 'submit'); // an officer may file on the enterprise's behalf
    await api.act(id, 'officer.binhai', 'accept');
    await api.act(id, 'officer.binhai', 'recommend');
    const municipal = (await api.get(`/api/v1/applications/${id}`, 'manager')).body;
    expect(municipal.actions.map((a: { action: string }) => a.action).sort()).toEqual(['reject', 'return', 'site-check']);
    const checked = await api.act(id, 'manager', 'site-check');
    expect(checked).toMatchObject({ status: 'on-site-check', dueOn: addWorkingDays(TODAY, 10, CAL) });
    const rejected = await api.act(id, 'manager', 'reject', 200, { comment: '现场核查发现研发机构未实际运行' });
    expect(rejected.status).toBe('rejected');
  });
});

describe('HNTE certification up to the expert review', () => {
  it('district and bureau recommend; the expert review may reject', async () => {
    const res = await api.post('/api/v1/applications', 'entA', { enterpriseId: A.id, type: 'high-tech-certification', year: THIS_YEAR, form: { ...CONTACT, highTechField: 'electronic-information', coreTechnology: '机器视觉', expertScores: { techAdvancement: 6, talent: 3 } } }).expect(201);
    const id = res.body.id;
    expect(res.body.missingDocuments).toEqual(HNTE_DOCS);
    await api.uploadAll(id, 'entA', HNTE_DOCS);
    const submitted = await api.act(id, 'entA', 'submit');
    expect(submitted.evaluation.ruleSets).toEqual({ 'high-tech': expect.any(String) });
    expect(submitted.evaluation.input.expertScores).toEqual({ techAdvancement: 6, talent: 3 });
    expect(submitted.evaluation.result.criteria.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['HT-AGE', 'HT-IP', 'HT-SCORE']));
    await api.act(id, 'officer.binhai', 'accept');
    await api.act(id, 'officer.binhai', 'recommend');
    await api.post(`/api/v1/applications/${id}/transitions`, 'officer.binhai', { action: 'recommend' }).expect(403);
    expect((await api.act(id, 'manager', 'recommend')).status).toBe('expert-review');
    await api.post(`/api/v1/applications/${id}/transitions`, 'manager', { action: 'issue-certificate', data: { certificateNumber: 'GR1', issuedOn: TODAY } }).expect(409);
    expect((await api.act(id, 'manager', 'reject', 200, { comment: '专家评审得分 68 分' })).status).toBe('rejected');
  });
});

describe('R&D super-deduction pre-check', () => {
  it('is reviewed with the amount the engine computed at submission', async () => {
    // An enterprise of Binhai without an HNTE certificate (EIT 25%), with its own portal user.
    const rows: { id: number; uscc: string }[] = await t.dataSource.query(
      "SELECT e.id, e.uscc FROM enterprise e WHERE e.district_code = '120116' AND e.tax_mode = 'audit' AND e.industry_code NOT LIKE 'F%' AND NOT EXISTS (SELECT 1 FROM qualification q WHERE q.enterprise_id = e.id AND q.kind = 'hnte-certificate') ORDER BY e.id DESC LIMIT 1",
    );
    const e = rows[0];
    await api.login(e.uscc);
    const rdExpenseDetail = {
      year: THIS_YEAR - 1, personnel: 500000, directInputs: 200000, depreciation: 50000, amortization: 20000, design: 30000, other: 150000,
      contractedDomestic: 100000, contractedOverseas: 0, byProductIncome: 0, manufacturing: true, projects: [{ name: '高精度视觉算法', activityType: 'new-technology' }],
    };
    const created = await api.post('/api/v1/applications', e.uscc, { enterpriseId: Number(e.id), type: 'super-deduction-precheck', year: THIS_YEAR - 1, form: { ...CONTACT, rdExpenseDetail } }).expect(201);
    const id = created.body.id;
    await api.uploadAll(id, e.uscc, SD_DOCS);
    const submitted = await api.act(id, e.uscc, 'submit');
    expect(submitted.dueOn).toBe(addWorkingDays(TODAY, 5, CAL));
    // otherCap = 800,000 × 10% / 90% = 88,888.89; base = 800,000 + 88,888.89 + 80% × 100,000 = 968,888.89
    expect(submitted.evaluation.result.amount).toMatchObject({ year: THIS_YEAR - 1, base: 968888.89, rate: 1, extraDeduction: 968888.89, eitRate: 0.25, taxSaving: 242222.22, otherCap: 88888.89, allowedOther: 88888.89, contractedDomesticAllowed: 80000 });
    await api.act(id, 'officer.binhai', 'return', 200, { comment: '请附项目立项决议' });
    await api.upload(id, e.uscc, 'other');
    await api.act(id, e.uscc, 'resubmit');
    await api.post(`/api/v1/applications/${id}/transitions`, 'manager', { action: 'review' }).expect(403);
    const reviewed = await api.act(id, 'officer.binhai', 'review');
    expect(reviewed.status).toBe('reviewed');
    expect(reviewed.decision).toMatchObject({ outcome: submitted.evaluation.outcome, amount: { extraDeduction: 968888.89, taxSaving: 242222.22 } });
    const seen = await api.get(`/api/v1/applications/${id}`, e.uscc).expect(200);
    expect(seen.body.decision.amount.taxSaving).toBe(242222.22);
    const page = await (await signIn(t, 'officer.binhai')).get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('可加计扣除的研发费用 968,888.89 元 × 加计比例 100% &#x3D; 加计扣除额 968,888.89 元；按 25% 税率预计少缴企业所得税 242,222.22 元');
    await api.post(`/api/v1/applications/${id}/transitions`, e.uscc, { action: 'withdraw' }).expect(409);
  });
});

describe('the list: scoped, filtered, paginated', () => {
  it('each role lists only what it may see', async () => {
    await api.post('/api/v1/applications', 'entN', { enterpriseId: N.id, type: 'tier-recognition', tier: 'young-eagle', year: THIS_YEAR, form: { ...CONTACT, mainProducts: '新材料' } }).expect(201);
    const mine = await api.get('/api/v1/applications?pageSize=200', 'entA').expect(200);
    expect(new Set(mine.body.items.map((a: { enterpriseId: number }) => a.enterpriseId))).toEqual(new Set([A.id]));
    const nankai = await api.get('/api/v1/applications?pageSize=200', 'officer.nankai').expect(200);
    expect(nankai.body.items.every((a: { enterprise: { districtCode: string } }) => a.enterprise.districtCode === '120104')).toBe(true);
    expect(nankai.body.items.some((a: { status: string }) => a.status === 'draft')).toBe(false); // N's draft is N's
    const binhai = await api.get('/api/v1/applications?pageSize=200', 'officer.binhai').expect(200);
    expect(binhai.body.items.every((a: { enterprise: { districtCode: string } }) => a.enterprise.districtCode === '120116')).toBe(true);
  });

  it('filters by status, type and district, pages and sorts', async () => {
    const rejected = await api.get('/api/v1/applications?status=rejected&type=tier-recognition', 'manager').expect(200);
    expect(rejected.body.items.length).toBeGreaterThan(0);
    expect(rejected.body.items.every((a: { status: string; type: string }) => a.status === 'rejected' && a.type === 'tier-recognition')).toBe(true);
    const district = await api.get('/api/v1/applications?districtCode=120104', 'manager').expect(200);
    expect(district.body.items.every((a: { enterprise: { districtCode: string } }) => a.enterprise.districtCode === '120104')).toBe(true);
    const page = await api.get('/api/v1/applications?pageSize=1&page=1&sort=-createdAt', 'admin').expect(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(1);
    await api.get('/api/v1/applications?status=lost', 'admin').expect(400);
    await api.get('/api/v1/applications?sort=password', 'admin').expect(400);
    const byRef = await api.get(`/api/v1/applications?q=${page.body.items[0].reference}`, 'admin').expect(200);
    expect(byRef.body.items.map((a: { id: number }) => a.id)).toEqual([page.body.items[0].id]);
  });

  it('"waiting for me" lists the work of the caller\'s role', async () => {
    const waiting = await api.get('/api/v1/applications?waiting=me&pageSize=200', 'entA').expect(200);
    expect(waiting.body.items.every((a: { status: string }) => ['draft', 'returned'].includes(a.status))).toBe(true);
  });

  it('the HTML list shows the applications with their status in both languages', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const zh = await agent.get('/applications?type=tier-recognition').expect(200);
    expect(zh.text).toContain('梯度企业认定');
    expect(zh.text).toContain('已撤回');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(zh.text), locale: 'en', next: '/applications' }).expect(303);
    const en = await agent.get('/applications?type=tier-recognition').expect(200);
    expect(en.text).toContain('Tier recognition');
    expect(en.text).toContain('Withdrawn');
  });
});

describe('notifications', () => {
  it('staff hear when work arrives, mark messages read, never see another user\'s', async () => {
    const inbox = await api.get('/api/v1/notifications', 'officer.binhai').expect(200);
    expect(inbox.body.unread).toBeGreaterThan(0);
    const first = inbox.body.items.find((n: { kind: string }) => n.kind === 'status');
    expect(first.text).toMatch(/(TR|HT|SD|IP)-\d{4}-\d{5}/);
    await api.post(`/api/v1/notifications/${first.id}/read`, 'entA').expect(404);
    await api.post(`/api/v1/notifications/${first.id}/read`, 'officer.binhai').expect(200);
    const after = await api.get('/api/v1/notifications?unread=true&pageSize=200', 'officer.binhai').expect(200);
    expect(after.body.items.some((n: { id: number }) => n.id === first.id)).toBe(false);
    await api.post('/api/v1/notifications/read-all', 'officer.binhai').expect(200);
    expect((await api.get('/api/v1/notifications', 'officer.binhai')).body.unread).toBe(0);
    // Nankai's officer heard nothing of Binhai's applications.
    const nankai = await api.get('/api/v1/notifications?pageSize=200', 'officer.nankai').expect(200);
    expect(nankai.body.items.every((n: { text: string }) => !n.text.includes(A.name))).toBe(true);
  });

  it('raises due and overdue reminders once per stage and due date', async () => {
    const created = await api.post('/api/v1/applications', 'officer.binhai', { ...tierBody('gazelle'), enterpriseId: A.id }).expect(201);
    const id = created.body.id;
    await api.uploadAll(id, 'officer.binhai', TIER_DOCS);
    await api.act(id, 'officer.binhai', 'submit');
    await t.dataSource.getRepository(Application).update({ id }, { dueOn: '2020-01-02' });
    const sweeper = t.app.get(NotificationsService);
    const raised = await sweeper.sweep(TODAY);
    expect(raised).toBeGreaterThan(0);
    expect(await sweeper.sweep(TODAY)).toBe(0);
    const inbox = await api.get('/api/v1/notifications?unread=true&pageSize=200', 'officer.binhai').expect(200);
    const overdue = inbox.body.items.filter((n: { kind: string; applicationId: number }) => n.kind === 'overdue' && n.applicationId === id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0].text).toContain('2020-01-02');
    const list = await api.get('/api/v1/applications?overdue=true&pageSize=200', 'officer.binhai').expect(200);
    expect(list.body.items.find((a: { id: number }) => a.id === id)).toMatchObject({ overdue: true, dueOn: '2020-01-02' });
  });

  it('sends e-mail copies to users who asked for them, when SMTP is configured', async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const mail = t.app.get(MailService);
    mail.useTransport({ sendMail: async (m: { to: string; subject: string; text: string }) => { sent.push(m); } } as never);
    await api.call('put', '/api/v1/notifications/settings', 'officer.binhai').send({ email: 'not-an-address', emailEnabled: true }).expect(400);
    await api.call('put', '/api/v1/notifications/settings', 'officer.binhai').send({ emailEnabled: true }).expect(400);
    const saved = await api.call('put', '/api/v1/notifications/settings', 'officer.binhai').send({ email: 'li.ming@binhai.example.cn', emailEnabled: true }).expect(200);
    expect(saved.body).toMatchObject({ email: 'li.ming@binhai.example.cn', emailEnabled: true, mailAvailable: true });
    const created = await api.post('/api/v1/applications', 'entA', tierBody('leader-candidate')).expect(201);
    await api.uploadAll(created.body.id, 'entA', [...TIER_DOCS, 'development-plan']);
    await api.act(created.body.id, 'entA', 'submit');
    for (let i = 0; i < 50 && !sent.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe('li.ming@binhai.example.cn');
    // In the recipient's language (this officer switched to English above).
    expect(sent[0].subject).toBe('Cultivation · Status change');
    expect(sent[0].text).toContain(`${created.body.reference} (${A.name}): Draft → Submitted`);
    expect(sent[0].text).toContain(`/applications/${created.body.id}`);
    mail.useTransport(null);
  });

  it('the inbox page lists the messages and opens one (marking it read)', async () => {
    const agent = await signIn(t, A.uscc);
    const page = await agent.get('/notifications').expect(200);
    expect(page.text).toContain('消息');
    const m = /action="\/notifications\/(\d+)\/open"/.exec(page.text);
    expect(m).not.toBeNull();
    const opened = await agent.post(`/notifications/${m![1]}/open`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    expect(opened.headers.location).toMatch(/^\/applications\/\d+$/);
  });
});
