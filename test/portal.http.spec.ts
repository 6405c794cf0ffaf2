import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { EnterpriseInvitation } from '../src/portal/invitation.entity.js';
import { Api, PDF, THIS_YEAR, TIER_DOCS } from './applications.fixtures.js';
import { csrfFrom, signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * The enterprise portal: an officer invites an enterprise (one-time, expiring activation link), the
 * enterprise sets its own password and then, in the browser, drafts, attaches documents, is told
 * exactly what is missing, submits, answers a return, withdraws, follows status and comments —
 * in both languages — and sees nothing of any other enterprise.
 */
let t: TestApp;
let api: Api;
let firm: { id: number; uscc: string };
let other: Enterprise;
const PASSWORD = 'Qiye-Portal-2026';

const tokenOf = (url: string) => url.split('/activate/')[1];

beforeAll(async () => {
  t = await startTestApp();
  api = new Api(t);
  await api.login('admin', 'manager', 'officer.binhai', 'officer.nankai');
  firm = await api.createEnterprise('officer.binhai', '120116', 7001, '天津门户测试科技有限公司');
  other = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
  await api.login(other.uscc);
});
afterAll(async () => {
  await t?.close();
});

describe('invitations', () => {
  it.each([
    ['a manager', 'manager', () => ({ enterpriseId: firm.id }), 403],
    ['an officer of another district', 'officer.nankai', () => ({ enterpriseId: firm.id }), 404],
    ['an enterprise user', 'OTHER', () => ({ enterpriseId: firm.id }), 403],
    ['an officer choosing a suffix (admins only)', 'officer.binhai', () => ({ enterpriseId: firm.id, suffix: 'finance' }), 403],
    ['for an enterprise that already has its user', 'officer.binhai', () => ({ enterpriseId: other.id }), 409],
  ])('are refused to %s', async (_label, who, body, status) => {
    await api.post('/api/v1/invitations', who === 'OTHER' ? other.uscc : who, body()).expect(status);
  });

  it('issue a one-time link; a new one replaces the pending one; revoked or expired links do not work', async () => {
    const first = await api.post('/api/v1/invitations', 'officer.binhai', { enterpriseId: firm.id, email: 'it@menhu.example.cn' }).expect(201);
    expect(first.body).toMatchObject({ username: firm.uscc, emailed: false });
    // On PUBLIC_BASE_URL (http://localhost:PORT by default outside production), not the request's Host.
    expect(first.body.activationUrl).toMatch(/^http:\/\/localhost:3000\/activate\/[\w-]{43}$/);
    expect(new Date(first.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    await request(t.http).get(`/activate/${tokenOf(first.body.activationUrl)}`).expect(200);
    const second = await api.post('/api/v1/invitations', 'officer.binhai', { enterpriseId: firm.id, email: 'it@menhu.example.cn' }).expect(201);
    const gone = await request(t.http).get(`/activate/${tokenOf(first.body.activationUrl)}`).expect(404);
    expect(gone.text).toContain('激活链接无效、已使用或已过期');
    await request(t.http).get(`/activate/${tokenOf(second.body.activationUrl)}`).expect(200);
    // The admin's second user of the same enterprise, then revoked.
    const extra = await api.post('/api/v1/invitations', 'admin', { enterpriseId: firm.id, suffix: 'Finance' }).expect(201);
    expect(extra.body.username).toBe(`${firm.uscc}.finance`);
    await api.post(`/api/v1/invitations/${extra.body.id}/revoke`, 'officer.nankai').expect(404);
    await api.post(`/api/v1/invitations/${extra.body.id}/revoke`, 'officer.binhai').expect(200);
    await request(t.http).get(`/activate/${tokenOf(extra.body.activationUrl)}`).expect(404);
    await api.post(`/api/v1/invitations/${extra.body.id}/revoke`, 'officer.binhai').expect(409);
    // An expired link.
    const late = await api.post('/api/v1/invitations', 'admin', { enterpriseId: firm.id, suffix: 'late' }).expect(201);
    await t.dataSource.getRepository(EnterpriseInvitation).update({ id: late.body.id }, { expiresAt: new Date(Date.now() - 1000) });
    await request(t.http).get(`/activate/${tokenOf(late.body.activationUrl)}`).expect(404);
    const list = await api.get(`/api/v1/invitations?enterpriseId=${firm.id}`, 'officer.binhai').expect(200);
    expect(list.body.items.map((i: { username: string; state: string }) => [i.username, i.state])).toEqual([
      [`${firm.uscc}.late`, 'expired'], [`${firm.uscc}.finance`, 'revoked'], [firm.uscc, 'pending'], [firm.uscc, 'revoked'],
    ]);
    expect((await api.get('/api/v1/invitations', 'officer.nankai').expect(200)).body.items).toEqual([]);
  });

  it('the officer invites from the page; the enterprise activates its account and chooses its password', async () => {
    const officer = await signIn(t, 'officer.binhai');
    let page = await officer.get(`/portal/invitations?enterpriseId=${firm.id}`).expect(200);
    expect(page.text).toContain(firm.uscc);
    const unknown = await officer.post('/portal/invitations').type('form').send({ _csrf: csrfFrom(page.text), uscc: '91350200776049653A' }).expect(422);
    expect(unknown.text).toContain('在您的管辖范围内没有找到该统一社会信用代码对应的企业');
    await officer.post('/portal/invitations').type('form').send({ _csrf: csrfFrom(page.text), uscc: firm.uscc.toLowerCase(), email: 'it@menhu.example.cn' }).expect(303);
    page = await officer.get('/portal/invitations').expect(200);
    const link = /https?:\/\/[^\s<"]+\/activate\/[\w-]{43}/.exec(page.text)![0];

    const visitor = request.agent(t.http);
    const form = await visitor.get(new URL(link).pathname).expect(200);
    expect(form.text).toContain('天津门户测试科技有限公司');
    expect(form.text).toContain(firm.uscc);
    const weak = await visitor.post(new URL(link).pathname).type('form').send({ _csrf: csrfFrom(form.text), password: 'short', confirm: 'short' }).expect(422);
    expect(weak.text).toContain('密码至少 10 位。');
    const mismatch = await visitor.post(new URL(link).pathname).type('form').send({ _csrf: csrfFrom(form.text), password: PASSWORD, confirm: `${PASSWORD}x` }).expect(422);
    expect(mismatch.text).toContain('两次输入的密码不一致。');
    const done = await visitor.post(new URL(link).pathname).type('form').send({ _csrf: csrfFrom(form.text), password: PASSWORD, confirm: PASSWORD }).expect(303);
    expect(done.headers.location).toBe('/login');
    const login = await visitor.get('/login').expect(200);
    expect(login.text).toContain(`账号 ${firm.uscc} 已激活，请使用新密码登录。`);
    await visitor.get(new URL(link).pathname).expect(404); // one time only
    await api.post('/api/v1/auth/token', 'anonymous', { username: firm.uscc, password: 'wrong-password-1' }).expect(401);
    const token = await api.post('/api/v1/auth/token', 'anonymous', { username: firm.uscc.toLowerCase(), password: PASSWORD }).expect(200);
    expect(token.body.accessToken).toBeTruthy();
    api.tokens[firm.uscc] = token.body.accessToken;
    const settings = await api.get('/api/v1/notifications/settings', firm.uscc).expect(200);
    expect(settings.body).toMatchObject({ email: 'it@menhu.example.cn', emailEnabled: true, mailAvailable: false });
  });
});

describe('the portal in the browser', () => {
  let agent: Awaited<ReturnType<typeof signIn>>;
  let id: number;

  it('sees only its own enterprise', async () => {
    agent = await signIn(t, firm.uscc, PASSWORD);
    const mine = await api.get('/api/v1/enterprises', firm.uscc).expect(200);
    expect(mine.body.items.map((e: { id: number }) => e.id)).toEqual([firm.id]);
    await agent.get(`/enterprises/${other.id}`).expect(404);
    const othersApp = await api.post('/api/v1/applications', other.uscc, { enterpriseId: other.id, type: 'tier-recognition', tier: 'tech-sme', year: THIS_YEAR, form: { contactName: '王', contactPhone: '022-11112222', mainProducts: 'x' } }).expect(201);
    await api.uploadAll(othersApp.body.id, other.uscc, TIER_DOCS);
    await api.act(othersApp.body.id, other.uscc, 'submit');
    await agent.get(`/applications/${othersApp.body.id}`).expect(404);
    await api.get(`/api/v1/applications/${othersApp.body.id}/documents/1`, firm.uscc).expect(404);
    const list = await agent.get('/applications').expect(200);
    expect(list.text).not.toContain(other.name);
  });

  it('drafts from the new-application form (422 keeps what was typed)', async () => {
    const chooser = await agent.get('/applications/new').expect(200);
    expect(chooser.text).toContain('选择申报类型');
    const formPage = await agent.get(`/applications/new?type=tier-recognition&tier=young-eagle&year=${THIS_YEAR}`).expect(200);
    expect(formPage.text).toContain('主要产品（服务）及核心技术');
    expect(formPage.text).toContain('上一年度经审计的财务报表');
    const base = { _csrf: csrfFrom(formPage.text), type: 'tier-recognition', tier: 'young-eagle', year: String(THIS_YEAR), enterpriseId: String(firm.id), contactName: '赵经理', contactPhone: '022-66667777' };
    const invalid = await agent.post('/applications').type('form').send({ ...base, mainProducts: 'x'.repeat(2001) }).expect(422);
    expect(invalid.text).toContain('赵经理');
    expect(invalid.text).toContain('is-invalid');
    const created = await agent.post('/applications').type('form').send({ ...base, mainProducts: 'MEMS 压力传感器' }).expect(303);
    id = Number(created.headers.location.split('/').pop());
    const page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toMatch(/申报 TR-\d{4}-\d{5} 已创建为草稿/);
    expect(page.text).toContain('提交前还须上传以下必备材料');
  });

  it('attaches documents (type decided by content), is told what is missing, submits', async () => {
    let page = await agent.get(`/applications/${id}`).expect(200);
    const upload = (requirement: string, file: Buffer, name: string) =>
      agent.post(`/applications/${id}/documents?_csrf=${encodeURIComponent(csrfFrom(page.text))}`).field('requirement', requirement).attach('file', file, { filename: name, contentType: 'application/pdf' });
    expect((await upload('audited-statements', PDF, '2025年审计报告.pdf')).status).toBe(303);
    expect((await upload('ip-certificates', Buffer.from('MZ not really a pdf'), 'fake.pdf')).status).toBe(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('2025年审计报告.pdf');
    expect(page.text).toContain('材料“2025年审计报告.pdf”已上传（上一年度经审计的财务报表）。');
    expect(page.text).not.toContain('fake.pdf');
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('不能提交：还缺少 2 项必备材料——知识产权证书、信用承诺书。');
    expect((await upload('ip-certificates', PDF, '专利证书.pdf')).status).toBe(303);
    expect((await upload('credit-commitment', PDF, '信用承诺书.pdf')).status).toBe(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('必备材料已齐全，可以提交。');
    // Today's evaluation is not eligible: the submit needs the confirmation box (issue 18).
    expect(page.text).toContain('data-testid="presubmit-warning"');
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'submit', version: '1', acknowledgeUnmet: 'true' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('已提交申报，当前状态：已提交。');
    expect(page.text).toContain('data-status="submitted"');
    expect(page.text).toContain('政策评估（提交时冻结）');
    const download = await agent.get(`/applications/${id}/documents/${/documents\/(\d+)"/.exec(page.text)![1]}`).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
  });

  it('answers a return for revision in English, then withdraws', async () => {
    await api.act(id, 'officer.binhai', 'accept');
    await api.act(id, 'officer.binhai', 'return', 200, { comment: '请补充主要产品的销售合同' });
    let page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('请补充主要产品的销售合同');
    expect(page.text).toMatch(/data-testid="inbox-unread">\d+</); // the sidebar's inbox badge
    expect(page.text).toContain('退回修改');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(page.text), locale: 'en', next: `/applications/${id}` }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('Returned for revision');
    expect(page.text).toContain('Resubmit');
    const inbox = await agent.get('/notifications').expect(200);
    expect(inbox.text).toContain('District review → Returned for revision. Comment: 请补充主要产品的销售合同');
    const edit = await agent.get(`/applications/${id}/edit`).expect(200);
    expect(edit.text).toContain('MEMS 压力传感器');
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const stale = await agent.post(`/applications/${id}/form`).type('form').send({ _csrf: csrfFrom(edit.text), version, contactName: '赵经理', contactPhone: '022-66667777', mainProducts: 'x'.repeat(2001) }).expect(422);
    expect(stale.text).toContain('is-invalid');
    await agent.post(`/applications/${id}/form`).type('form').send({ _csrf: csrfFrom(edit.text), version, contactName: '赵经理', contactPhone: '022-66667777', mainProducts: 'MEMS 压力传感器；已附销售合同' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('The application was saved.');
    await agent.post(`/applications/${id}/comments`).type('form').send({ _csrf: csrfFrom(page.text), text: '销售合同已作为其他材料上传' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    // A resubmit of an application today's evaluation finds ineligible asks for the same confirmation.
    expect(page.text).toContain('I know the conditions below are not met and still want to submit');
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'resubmit', acknowledgeUnmet: 'true' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('The status is now “Resubmitted”.');
    // Officers may not be impersonated: an action the enterprise may not take is a 403 page.
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'accept' }).expect(403);
    await agent.post(`/applications/${id}/transitions`).type('form').send({ _csrf: csrfFrom(page.text), action: 'withdraw', comment: 'We will apply next year' }).expect(303);
    page = await agent.get(`/applications/${id}`).expect(200);
    expect(page.text).toContain('data-status="withdrawn"');
    expect(page.text).toContain('We will apply next year');
    const officerView = await api.get(`/api/v1/applications/${id}`, 'officer.binhai').expect(200);
    expect(officerView.body.history.filter((h: { kind: string }) => h.kind === 'comment').map((h: { comment: string }) => h.comment)).toEqual(['销售合同已作为其他材料上传']);
  });
});
