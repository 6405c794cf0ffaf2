import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { csrfFrom, csrfOf, DEMO_PASSWORD, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOCKOUT_THRESHOLD: '3' });
});
afterAll(async () => {
  await t?.close();
});

describe('health and docs', () => {
  it('GET /health answers ok with the database up, without auth', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up' });
    // The holiday calendar check warns (never fails) when a year is not entered (issue 21).
    expect(res.body.checks.holidayCalendar).toMatchObject({ status: expect.stringMatching(/^(ok|warn)$/), years: expect.arrayContaining([2025, 2026]) });
  });

  it('serves the OpenAPI document and the browsable docs', async () => {
    const doc = await request(t.http).get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/auth/token');
    await request(t.http).get('/api/docs').expect(200);
  });
});

describe('login page', () => {
  it('is served in Chinese by default with a CSRF field', async () => {
    const res = await request(t.http).get('/login').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('科技企业梯度培育管理系统');
    expect(res.text).toContain('登录');
    expect(csrfFrom(res.text)).toMatch(/^[0-9a-f]{32,}$/);
  });

  it('carries security headers: CSP without inline script, no sniffing, no framing', async () => {
    const res = await request(t.http).get('/login').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it.each([
    ['a signed-in page', '/enterprises', 'officer.binhai'],
    ['an API list', '/api/v1/enterprises', 'officer.binhai'],
    ['the sign-in page', '/login', null],
  ])('%s is never cached: private, no-store and no ETag', async (_name, path, user) => {
    const res = path.startsWith('/api/')
      ? await request(t.http).get(path).set('Authorization', `Bearer ${await tokenFor(t, user!)}`).expect(200)
      : await (user ? await signIn(t, user) : request(t.http)).get(path).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.etag).toBeUndefined();
  });

  it('static assets stay cacheable, with their own validators', async () => {
    const res = await request(t.http).get('/static/js/app.js').expect(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=/);
    expect(res.headers.etag).toBeTruthy();
  });

  it('signs in with a demo login and sets an HttpOnly session cookie with a new id', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/login');
    const before = /ect\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'officer.binhai', password: DEMO_PASSWORD, next: '/' }).expect(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const after = /ect\.sid=([^;]+)/.exec(cookie)?.[1];
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('李明（滨海新区）');
  });

  it('rejects a wrong password with 422 and the form re-rendered, username kept', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'manager', password: 'wrong-password-1' }).expect(422);
    expect(res.text).toContain('用户名或密码错误');
    expect(res.text).toContain('value="manager"');
  });

  it('never redirects off-site after sign-in', async () => {
    const agent = request.agent(t.http);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'manager', password: DEMO_PASSWORD, next: '//evil.example/x' }).expect(303);
    expect(res.headers.location).toBe('/');
  });

  it('rejects a form post without a CSRF token (403) and does not sign in', async () => {
    const agent = request.agent(t.http);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username: 'manager', password: DEMO_PASSWORD }).expect(403);
    expect(res.text).toContain('页面已过期');
    await agent.get('/').expect(303);
  });

  it('sends a signed-out visitor of a private page to the login page', async () => {
    const res = await request(t.http).get('/admin/users').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
  });

  it('signs out: the session ends', async () => {
    const agent = await signIn(t, 'manager');
    const csrf = await csrfOf(agent, '/');
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/').expect(303);
  });
});

describe('lockout', () => {
  it('locks an account after repeated failures, refuses even the right password, and an admin can unlock', async () => {
    const attempt = (password: string) => request(t.http).post('/api/v1/auth/token').send({ username: 'officer.nankai', password });
    for (let i = 0; i < 3; i++) await attempt('not-the-password-9').expect(401);
    const locked = await attempt(DEMO_PASSWORD).expect(401);
    expect(locked.body.message).toMatch(/locked/i);

    const admin = await signIn(t, 'admin');
    const list = await admin.get('/admin/users?q=officer.nankai').expect(200);
    expect(list.text).toContain('已锁定');
    const id = /\/admin\/users\/(\d+)\/unlock/.exec(list.text)?.[1];
    expect(id).toBeTruthy();
    await admin.post(`/admin/users/${id}/unlock`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    await attempt(DEMO_PASSWORD).expect(200);

    const audit = await admin.get('/admin/audit?entity=user').expect(200);
    expect(audit.text).toContain('unlock');
  });
});

describe('API tokens', () => {
  it('issues a bearer token and answers 401 without one', async () => {
    await request(t.http).get('/api/v1/auth/me').expect(401);
    const res = await request(t.http).post('/api/v1/auth/token').send({ username: 'manager', password: DEMO_PASSWORD }).expect(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 12 * 3600 });
    const me = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'manager', role: 'manager' });
  });

  it('answers 401 with the api.md error shape for a bad token', async () => {
    const res = await request(t.http).get('/api/v1/auth/me').set('Authorization', 'Bearer nonsense').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
  });

  it('revokes a token', async () => {
    const token = await tokenFor(t, 'manager');
    await request(t.http).delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`).expect(204);
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('does not accept the session cookie on the JSON API (no CSRF surface)', async () => {
    const agent = await signIn(t, 'manager');
    await agent.get('/api/v1/auth/me').expect(401);
  });
});

describe('validation errors', () => {
  it.each([
    ['missing password', { username: 'manager' }, 'password'],
    ['unknown property', { username: 'manager', password: 'x', admin: true }, 'admin'],
    ['wrong type', { username: 42, password: 'x' }, 'username'],
  ])('%s → 400 with details naming the field', async (_name, body, field) => {
    const res = await request(t.http).post('/api/v1/auth/token').send(body).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('malformed JSON → 400, never 5xx, no stack trace', async () => {
    const res = await request(t.http).post('/api/v1/auth/token').set('Content-Type', 'application/json').send('{"username": ').expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('role-based navigation', () => {
  it.each([
    ['admin', ['/admin/users', '/admin/audit', '/enterprises'], []],
    ['manager', ['/enterprises'], ['/admin/users', '/admin/audit']],
    ['officer.binhai', ['/enterprises', '/tasks'], ['/admin/users', '/admin/audit']],
  ])('%s sees its menu', async (username, shown, hidden) => {
    const agent = await signIn(t, username);
    const home = await agent.get('/').expect(200);
    for (const href of shown) expect(home.text).toContain(`href="${href}"`);
    for (const href of hidden) expect(home.text).not.toContain(`href="${href}"`);
  });

  it('an enterprise user sees only its own file link and no admin', async () => {
    const uscc = t.demo.find((l) => l.role === 'enterprise')!.username;
    const agent = await signIn(t, uscc);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('href="/my-enterprise"');
    expect(home.text).not.toContain('href="/admin/users"');
    expect(home.text).not.toContain('href="/enterprises"');
    expect(home.text).toMatch(/data-testid="enterprise-count">1</);
  });
});

describe('error pages in both languages', () => {
  it('404 in Chinese, then in English after the switch', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const zh = await agent.get('/no-such-page').expect(404);
    expect(zh.text).toContain('页面不存在');
    const csrf = await csrfOf(agent, '/');
    await agent.post('/locale').type('form').send({ _csrf: csrf, locale: 'en', next: '/' }).expect(303);
    const en = await agent.get('/no-such-page').expect(404);
    expect(en.text).toContain('This page does not exist');
    expect(en.text).toContain('<html lang="en">');
    // Remembered per user: a new session of the same user is in English too.
    const again = await signIn(t, 'officer.binhai');
    expect((await again.get('/').expect(200)).text).toContain('<html lang="en">');
    const back = await csrfOf(again, '/');
    await again.post('/locale').type('form').send({ _csrf: back, locale: 'zh-CN', next: '/' }).expect(303);
  });

  it('403 for a role that may not open a page, in both languages', async () => {
    const agent = await signIn(t, 'manager');
    const zh = await agent.get('/admin/users').expect(403);
    expect(zh.text).toContain('您没有权限访问此页面');
    const csrf = await csrfOf(agent, '/');
    await agent.post('/locale').type('form').send({ _csrf: csrf, locale: 'en', next: '/' }).expect(303);
    const en = await agent.get('/admin/users').expect(403);
    expect(en.text).toContain('You are not allowed to open this page');
  });

  it('the login page follows the language cookie before sign-in', async () => {
    const res = await request(t.http).get('/login').set('Cookie', 'lang=en').expect(200);
    expect(res.text).toContain('Sign in');
  });
});

describe('admin user management', () => {
  it('creates an officer with a district scope, refuses a weak password with 422, and audits', async () => {
    const admin = await signIn(t, 'admin');
    const form = await admin.get('/admin/users/new').expect(200);
    const csrf = csrfFrom(form.text);
    const weak = await admin.post('/admin/users').type('form').send({ _csrf: csrf, username: 'officer.xiqing2', displayName: '赵敏', role: 'officer', districtCode: '120111', password: 'short' }).expect(422);
    expect(weak.text).toContain('密码至少 10 位');
    expect(weak.text).toContain('value="赵敏"');
    const noScope = await admin.post('/admin/users').type('form').send({ _csrf: csrf, username: 'officer.xiqing2', displayName: '赵敏', role: 'officer', password: 'Strong-pass-2026' }).expect(422);
    expect(noScope.text).toContain('须指定所属区或功能区');
    await admin.post('/admin/users').type('form').send({ _csrf: csrf, username: 'officer.xiqing2', displayName: '赵敏', role: 'officer', districtCode: '120111', password: 'Strong-pass-2026' }).expect(303);
    await tokenFor(t, 'officer.xiqing2', 'Strong-pass-2026');
    const audit = await admin.get('/admin/audit?entity=user&actor=admin').expect(200);
    expect(audit.text).toContain('create');
    expect(audit.text).not.toContain('passwordHash');
  });

  it('a stale edit answers 409 and keeps what was typed', async () => {
    const admin = await signIn(t, 'admin');
    const list = await admin.get('/admin/users?q=manager').expect(200);
    const id = /\/admin\/users\/(\d+)\/edit/.exec(list.text)![1];
    const form = await admin.get(`/admin/users/${id}/edit`).expect(200);
    const csrf = csrfFrom(form.text);
    const version = Number(/name="version" value="(\d+)"/.exec(form.text)![1]);
    await admin.post(`/admin/users/${id}`).type('form').send({ _csrf: csrf, displayName: '王处长（城市）', role: 'manager', version }).expect(303);
    const stale = await admin.post(`/admin/users/${id}`).type('form').send({ _csrf: csrf, displayName: '另一个名字', role: 'manager', version }).expect(409);
    expect(stale.text).toContain('另一个名字');
    expect(stale.text).toContain('王处长（城市）');
  });

  it('a deactivated user cannot sign in and loses open sessions', async () => {
    const admin = await signIn(t, 'admin');
    const victim = await signIn(t, 'officer.xiqing2', 'Strong-pass-2026');
    const list = await admin.get('/admin/users?q=officer.xiqing2').expect(200);
    const id = /\/admin\/users\/(\d+)\/deactivate/.exec(list.text)![1];
    await admin.post(`/admin/users/${id}/deactivate`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    await victim.get('/').expect(303);
    await request(t.http).post('/api/v1/auth/token').send({ username: 'officer.xiqing2', password: 'Strong-pass-2026' }).expect(401);
  });
});
