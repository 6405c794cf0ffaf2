import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { SelectQueryBuilder } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { ApiToken } from '../src/auth/api-token.entity.js';
import { AUTH_CACHE_MS } from '../src/auth/auth-cache.js';
import { HttpSession } from '../src/auth/session.entity.js';
import { TypeormSessionStore } from '../src/auth/session-store.js';
import { User } from '../src/auth/user.entity.js';
import { UsersService } from '../src/users/users.service.js';
import { csrfFrom, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/** Issue 19, "a lighter request": no session machinery where none can be used; the user behind a session or token cached for a second. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Calls of the session store (reads, writes, touches) while `run` runs. */
async function storeCalls(run: () => Promise<unknown>): Promise<number> {
  const spies = (['get', 'set', 'touch', 'destroy'] as const).map((m) => jest.spyOn(TypeormSessionStore.prototype, m));
  await run();
  const n = spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
  for (const s of spies) s.mockRestore();
  return n;
}

const setCookie = (res: request.Response) => res.headers['set-cookie'] ?? [];
const userId = async (username: string) => (await t.dataSource.getRepository(User).findOneByOrFail({ username })).id;

describe('no session where none can be used', () => {
  it('GET /health: no session store call and no cookie, with or without a session cookie', async () => {
    const browser = await signIn(t, 'manager');
    for (const call of [() => request(t.http).get('/health'), () => browser.get('/health'), () => browser.get('/HEALTH')]) {
      let res!: request.Response;
      expect(await storeCalls(async () => (res = await call().expect(200)))).toBe(0);
      expect(setCookie(res)).toEqual([]);
    }
  });

  it('a bearer API request: no session store call and never a Set-Cookie, even with a session cookie beside it', async () => {
    const token = await tokenFor(t, 'officer.binhai');
    const browser = await signIn(t, 'manager');
    for (const call of [
      () => request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`),
      () => browser.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`),
      () => browser.get('/API/v1/auth/me').set('Authorization', `bearer ${token}`),
    ]) {
      let res!: request.Response;
      expect(await storeCalls(async () => (res = await call().expect(200)))).toBe(0);
      expect(res.body.username).toBe('officer.binhai');
      expect(setCookie(res)).toEqual([]);
    }
  });

  it('a bad bearer token with a session cookie is still refused: the cookie never authenticates the API', async () => {
    const browser = await signIn(t, 'manager');
    const res = await browser.get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
    expect(setCookie(res)).toEqual([]);
  });

  it('a browser API call without a bearer keeps the session middleware and is refused as before', async () => {
    const browser = await signIn(t, 'manager');
    expect(await storeCalls(() => browser.get('/api/v1/auth/me').expect(401))).toBeGreaterThan(0);
  });

  it('the session row and the unread count are read by SQL built once, not per request', async () => {
    const browser = await signIn(t, 'manager');
    await browser.get('/').expect(200);
    const getQuery = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    await browser.get('/').expect(200);
    await browser.get('/enterprises').expect(200);
    const built = getQuery.mock.results.map((r) => String(r.value));
    expect(built.length).toBeGreaterThan(0);
    expect(built.filter((sql) => /"http_session"|"notification"/.test(sql))).toEqual([]);
  });

  it('a session row past its expiry is not a session (compared in SQL)', async () => {
    const browser = await signIn(t, 'manager');
    await browser.get('/').expect(200);
    await t.dataSource.getRepository(HttpSession).createQueryBuilder().update().set({ expiresAt: new Date(Date.now() - 1000) }).execute();
    await browser.get('/').expect(303);
  });

  it('pages still read the session and keep their CSRF rules', async () => {
    const browser = await signIn(t, 'manager');
    expect(await storeCalls(() => browser.get('/').expect(200))).toBeGreaterThan(0);
    const token = await tokenFor(t, 'manager');
    // A page write with a bearer header but no CSRF token is refused: the bearer means nothing to a page.
    await browser.post('/logout').set('Authorization', `Bearer ${token}`).type('form').send({}).expect(403);
  });
});

describe('the user behind a session or token, cached for a second', () => {
  it('a repeated bearer request within the second reads neither the token nor the user again', async () => {
    const token = await tokenFor(t, 'officer.nankai');
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    const tokens = jest.spyOn(t.dataSource.getRepository(ApiToken), 'findOneBy');
    const users = jest.spyOn(t.dataSource.getRepository(User), 'findOneBy');
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect([tokens.mock.calls.length, users.mock.calls.length]).toEqual([0, 0]);
  });

  it('a revoked token is refused at once in this process', async () => {
    const token = await tokenFor(t, 'officer.nankai');
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.http).delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`).expect(204);
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('a deactivated user is refused at once, by token and by session', async () => {
    const admin = await signIn(t, 'admin');
    const id = (await t.app.get(UsersService).create(SYSTEM_ACTOR, { username: 'officer.cache', displayName: 'Cache', role: 'officer', districtCode: '120104', password: 'Strong-pass-2026' } as never));
    expect(id.ok).toBe(true);
    const token = await tokenFor(t, 'officer.cache', 'Strong-pass-2026');
    const victim = await signIn(t, 'officer.cache', 'Strong-pass-2026');
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await victim.get('/').expect(200);
    const list = await admin.get('/admin/users?q=officer.cache').expect(200);
    await admin.post(`/admin/users/${await userId('officer.cache')}/deactivate`).type('form').send({ _csrf: csrfFrom(list.text) }).expect(303);
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await victim.get('/').expect(303);
  });

  it('a changed role or scope applies at once', async () => {
    const token = await tokenFor(t, 'officer.binhai');
    const before = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    const id = await userId('officer.binhai');
    const { version } = await t.dataSource.getRepository(User).findOneByOrFail({ id });
    const result = await t.app.get(UsersService).update(SYSTEM_ACTOR, id, { displayName: before.body.displayName, role: 'officer', districtCode: '120104', version } as never);
    expect(result.ok).toBe(true);
    const after = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect([before.body.districtCode, after.body.districtCode]).toEqual(['120116', '120104']);
    const { version: v2 } = await t.dataSource.getRepository(User).findOneByOrFail({ id });
    await t.app.get(UsersService).update(SYSTEM_ACTOR, id, { displayName: before.body.displayName, role: 'officer', districtCode: '120116', version: v2 } as never);
  });

  it(`a change made outside this process (raw SQL here) is seen within ${AUTH_CACHE_MS} ms`, async () => {
    const token = await tokenFor(t, 'officer.nankai');
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.dataSource.query('UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE revoked_at IS NULL AND user_id = ' + (await userId('officer.nankai')));
    await new Promise((r) => setTimeout(r, AUTH_CACHE_MS + 50));
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('the language switch shows at once on the next page, even where the user row is cached and older (another worker)', async () => {
    const browser = await signIn(t, 'manager');
    await browser.get('/account').expect(200);
    const account = await browser.get('/account').expect(200);
    const stale = jest.spyOn(t.dataSource.getRepository(User), 'update');
    // The other worker's view: its cached user still says Chinese. Simulated by a write this process does not see.
    stale.mockResolvedValue({ affected: 1, raw: [], generatedMaps: [] } as never);
    await browser.post('/locale').type('form').send({ locale: 'en', next: '/account', _csrf: csrfFrom(account.text) }).expect(303);
    expect((await browser.get('/account').expect(200)).text).toContain('Account security');
    stale.mockRestore();
    const back = await browser.get('/account').expect(200);
    await browser.post('/locale').type('form').send({ locale: 'zh-CN', next: '/account', _csrf: csrfFrom(back.text) }).expect(303);
    expect((await browser.get('/account').expect(200)).text).toContain('账号安全');
  });
});
