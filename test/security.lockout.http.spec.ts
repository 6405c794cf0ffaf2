import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { MoreThan } from 'typeorm';
import { ADDRESS_WINDOW_MS } from '../src/auth/attempt-limits.js';
import { CredentialsService } from '../src/auth/credentials.service.js';
import { LoginAttempt } from '../src/auth/login-attempt.entity.js';
import { PasswordVerifier } from '../src/auth/password-verifier.js';
import { User } from '../src/auth/user.entity.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { MailService } from '../src/notifications/mail.service.js';
import { Api } from './applications.fixtures.js';
import { csrfFrom, DEMO_PASSWORD, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { codeAt, enrolAtFirstSignIn, listenOnce, passwordStep, type Agent } from './support/security.js';

/**
 * The address limit counts failures in fixed 10-minute windows (attempt-limits.ts). A burst that
 * straddles a window's edge is split over two counts and nobody is throttled, so a burst that must
 * be throttled starts clear of the edge: the suite runs at any hour (CI failed once at 15:00:00).
 */
async function clearOfWindowEdge(marginMs = 20_000): Promise<void> {
  const left = ADDRESS_WINDOW_MS - (Date.now() % ADDRESS_WINDOW_MS);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 100));
}

/**
 * Check-then-update races in the sign-in limits, the client address behind a proxy, the bearer-only
 * JSON API whatever the path's spelling, and links on PUBLIC_BASE_URL. The parallel bursts hold the
 * password (or code) checks at a gate, so the test knows exactly how many checks started while the
 * rest of the burst arrived: at most the lockout threshold are ever checked.
 */

const THRESHOLD = 5;
const WRONG = 'Wrong-Pass-2026';
const BASE = 'https://ect.example.cn/tracker';

type Checker = { [k: string]: unknown };

/**
 * Counts the calls of a checker (PasswordVerifier.verify, CredentialsService.verify) and, unless
 * `open`, holds each until release(): the checks that really ran, and when.
 */
function watch(target: object, method: string, open = false) {
  const host = target as Checker;
  const original = (host[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let release!: () => void;
  const gate = open ? Promise.resolve() : new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const spy = jest.spyOn(host as Record<string, (...args: unknown[]) => Promise<unknown>>, method).mockImplementation(async (...args: unknown[]) => {
    calls++;
    await gate;
    return original(...args);
  });
  return {
    get calls() {
      return calls;
    },
    release: () => release?.(),
    restore: () => {
      release?.();
      spy.mockRestore();
    },
    /** Waits until n checks are running (held at the gate). */
    async reached(n: number) {
      for (let i = 0; i < 1500 && calls < n; i++) await new Promise((r) => setTimeout(r, 20));
      if (calls < n) throw new Error(`only ${calls} of ${n} checks started`);
    },
  };
}

/** Fires a supertest request now and returns its promise (supertest starts on then()). */
const fire = (test: PromiseLike<request.Response>) => Promise.resolve(test).then((r) => r);

describe('configuration: TRUST_PROXY and PUBLIC_BASE_URL', () => {
  const SECRET = 'x'.repeat(40);
  it.each([
    [{}, false],
    [{ TRUST_PROXY: 'false' }, false],
    [{ TRUST_PROXY: 'off' }, false],
    [{ TRUST_PROXY: '0' }, false],
    [{ TRUST_PROXY: '1' }, 1],
    [{ TRUST_PROXY: 'loopback' }, ['loopback']],
    [{ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,Uniquelocal' }, ['10.0.0.1', '192.168.0.0/16', '::1', 'uniquelocal']],
  ])('TRUST_PROXY %j → %j', (env, expected) => {
    expect(loadConfig(env).trustProxy).toEqual(expected);
  });

  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '8080' }, 'http://localhost:8080'],
    [{ PUBLIC_BASE_URL: 'https://ect.example.cn/' }, 'https://ect.example.cn'],
    [{ PUBLIC_BASE_URL: ' https://ect.example.cn/tracker/ ' }, 'https://ect.example.cn/tracker'],
    [{ PUBLIC_BASE_URL: 'http://10.1.2.3:8080' }, 'http://10.1.2.3:8080'],
  ])('PUBLIC_BASE_URL %j → %s', (env, expected) => {
    expect(loadConfig(env).publicBaseUrl).toBe(expected);
  });

  it.each([
    ['TRUST_PROXY=true (any client could pick its address)', { TRUST_PROXY: 'true' }, /TRUST_PROXY=true/],
    ['a host name in TRUST_PROXY', { TRUST_PROXY: 'proxy.local' }, /TRUST_PROXY entries/],
    ['a CIDR prefix out of range', { TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY entries/],
    ['a hop count of 11', { TRUST_PROXY: '11' }, /hop count/],
    ['a relative PUBLIC_BASE_URL', { PUBLIC_BASE_URL: '/tracker' }, /PUBLIC_BASE_URL must be/],
    ['an ftp PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://ect.example.cn' }, /PUBLIC_BASE_URL must be/],
    ['a javascript: PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'javascript:alert(1)' }, /PUBLIC_BASE_URL must be/],
    ['credentials in PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://u:p@ect.example.cn' }, /PUBLIC_BASE_URL must be/],
    ['a query in PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://ect.example.cn/?next=x' }, /PUBLIC_BASE_URL must be/],
    ['a fragment in PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://ect.example.cn/#x' }, /PUBLIC_BASE_URL must be/],
    ['production without PUBLIC_BASE_URL', { NODE_ENV: 'production', SESSION_SECRET: SECRET, TRUST_PROXY: 'loopback' }, /PUBLIC_BASE_URL is required/],
    ['production with Secure cookies but no TRUST_PROXY', { NODE_ENV: 'production', SESSION_SECRET: SECRET, PUBLIC_BASE_URL: BASE }, /TRUST_PROXY is off/],
  ])('refuses %s', (_name, env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
  });

  it('production starts with both set (or with Secure cookies off and no proxy)', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, PUBLIC_BASE_URL: BASE, TRUST_PROXY: 'loopback' })).toMatchObject({ publicBaseUrl: BASE, trustProxy: ['loopback'] });
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, PUBLIC_BASE_URL: BASE, SECURE_COOKIES: 'false' }).trustProxy).toBe(false);
  });
});

describe('sign-in races and the client address (TRUST_PROXY off)', () => {
  let t: TestApp;
  let verifier: PasswordVerifier;
  let credentials: CredentialsService;
  let managerSecret = '';
  let since = 0;

  beforeAll(async () => {
    t = await startTestApp({ TOTP_REQUIRED: 'true', LOCKOUT_THRESHOLD: String(THRESHOLD), PUBLIC_BASE_URL: BASE });
    await listenOnce(t);
    verifier = t.app.get(PasswordVerifier);
    credentials = t.app.get(CredentialsService);
    managerSecret = (await enrolAtFirstSignIn(t, 'manager')).secret;
  });
  afterAll(async () => {
    await t?.close();
  });
  // Every test starts with unlocked accounts and a fresh address window (all requests come from 127.0.0.1).
  const reset = async () => {
    await t.dataSource.query('DELETE FROM login_throttle');
    await t.dataSource.createQueryBuilder().update(User).set({ failedAttempts: 0, lockedUntil: null }).execute();
    since = (await t.dataSource.getRepository(LoginAttempt).maximum('id')) ?? 0;
  };
  beforeEach(reset);

  const lockedUntil = async (username: string) => (await t.dataSource.getRepository(User).findOneByOrFail({ username })).lockedUntil;
  const reasons = async (username: string) => {
    const rows = await t.dataSource.getRepository(LoginAttempt).find({ where: { username, id: MoreThan(since) } });
    const out: Record<string, number> = {};
    for (const r of rows) out[r.success ? 'success' : r.reason!] = (out[r.success ? 'success' : r.reason!] ?? 0) + 1;
    return out;
  };
  const expectLocked = async (username: string) => {
    const until = await lockedUntil(username);
    expect(until?.getTime() ?? 0).toBeGreaterThan(Date.now() + (15 - 1) * 60_000);
  };

  /** n browsers on the sign-in page, each with its session and CSRF token. */
  const loginForms = async (n: number) => {
    const forms: { agent: Agent; csrf: string }[] = [];
    for (let i = 0; i < n; i++) {
      const agent = request.agent(t.http);
      const page = await agent.get('/login').expect(200);
      forms.push({ agent, csrf: csrfFrom(page.text) });
    }
    return forms;
  };

  it(`HTML /login: ${2 * THRESHOLD} wrong passwords in parallel with the right one in the middle → ${THRESHOLD} checked, locked, the right one refused`, async () => {
    const user = 'officer.binhai';
    const forms = await loginForms(2 * THRESHOLD + 1);
    const post = (f: { agent: Agent; csrf: string }, password: string) => fire(f.agent.post('/login').type('form').send({ _csrf: f.csrf, username: user, password, next: '/' }));
    const checks = watch(verifier, 'verify');
    try {
      // The first half is being checked (held at the gate) when the rest arrives, the right password first.
      const first = forms.slice(0, THRESHOLD).map((f) => post(f, WRONG));
      await checks.reached(THRESHOLD);
      const rest = await Promise.all(forms.slice(THRESHOLD).map((f, i) => post(f, i === 0 ? DEMO_PASSWORD : WRONG)));
      expect(rest.map((r) => r.status)).toEqual(Array(THRESHOLD + 1).fill(422));
      for (const r of rest) expect(r.text).toContain('已被锁定');
      expect(checks.calls).toBe(THRESHOLD);
      checks.release();
      const checked = await Promise.all(first);
      expect(checked.map((r) => r.status)).toEqual(Array(THRESHOLD).fill(422));
    } finally {
      checks.restore();
    }
    expect(checks.calls).toBe(THRESHOLD);
    await expectLocked(user);

    // While locked, the right password is refused without being checked.
    const later = watch(verifier, 'verify', true);
    try {
      const [again] = await loginForms(1);
      const res = await again!.agent.post('/login').type('form').send({ _csrf: again!.csrf, username: user, password: DEMO_PASSWORD, next: '/' }).expect(422);
      expect(res.text).toContain('已被锁定');
      expect(later.calls).toBe(0);
    } finally {
      later.restore();
    }
    expect(await reasons(user)).toEqual({ 'bad-credentials': THRESHOLD, locked: THRESHOLD + 2 });
  });

  it(`token API: the same burst → ${THRESHOLD} checked, no token, locked, the right password refused`, async () => {
    const user = 'officer.nankai';
    const token = (password: string) => fire(request(t.http).post('/api/v1/auth/token').send({ username: user, password }));
    const checks = watch(verifier, 'verify');
    try {
      const first = Array.from({ length: THRESHOLD }, () => token(WRONG));
      await checks.reached(THRESHOLD);
      const rest = await Promise.all(Array.from({ length: THRESHOLD + 1 }, (_, i) => token(i === 0 ? DEMO_PASSWORD : WRONG)));
      expect(rest.map((r) => r.status)).toEqual(Array(THRESHOLD + 1).fill(401));
      for (const r of rest) expect(r.body.message).toMatch(/locked/i);
      expect(checks.calls).toBe(THRESHOLD);
      checks.release();
      expect((await Promise.all(first)).map((r) => r.status)).toEqual(Array(THRESHOLD).fill(401));
    } finally {
      checks.restore();
    }
    expect(checks.calls).toBe(THRESHOLD);
    await expectLocked(user);
    const later = watch(verifier, 'verify', true);
    try {
      const res = await request(t.http).post('/api/v1/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(401);
      expect(res.body.message).toMatch(/locked/i);
      expect(later.calls).toBe(0);
    } finally {
      later.restore();
    }
    expect(await reasons(user)).toEqual({ 'bad-credentials': THRESHOLD, locked: THRESHOLD + 2 });
  });

  it(`token API, no gate: ${2 * THRESHOLD} wrong passwords at once → at most ${THRESHOLD} checked, locked, the right password refused`, async () => {
    const user = 'officer.binhai';
    const checks = watch(verifier, 'verify', true);
    try {
      const all = await Promise.all(Array.from({ length: 2 * THRESHOLD }, () => fire(request(t.http).post('/api/v1/auth/token').send({ username: user, password: WRONG }))));
      expect(all.every((r) => r.status === 401)).toBe(true);
      expect(checks.calls).toBeLessThanOrEqual(THRESHOLD);
      await expectLocked(user);
      const calls = checks.calls;
      await request(t.http).post('/api/v1/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(401);
      expect(checks.calls).toBe(calls);
    } finally {
      checks.restore();
    }
  });

  it(`HTML TOTP step: ${2 * THRESHOLD} wrong codes in parallel with the right one in the middle → ${THRESHOLD} checked, locked`, async () => {
    const steps: { agent: Agent; csrf: string }[] = [];
    for (let i = 0; i < 2 * THRESHOLD + 1; i++) {
      const { agent, location } = await passwordStep(t, 'manager');
      expect(location).toBe('/login/totp');
      const page = await agent.get('/login/totp').expect(200);
      steps.push({ agent, csrf: csrfFrom(page.text) });
    }
    const post = (s: { agent: Agent; csrf: string }, code: string) => fire(s.agent.post('/login/totp').type('form').send({ _csrf: s.csrf, code }));
    const checks = watch(credentials, 'verify');
    try {
      const first = steps.slice(0, THRESHOLD).map((s, i) => post(s, String(100000 + i)));
      await checks.reached(THRESHOLD);
      const rest = await Promise.all(steps.slice(THRESHOLD).map((s, i) => post(s, i === 0 ? codeAt(managerSecret, 1) : String(200000 + i))));
      expect(rest.map((r) => r.status)).toEqual(Array(THRESHOLD + 1).fill(422));
      for (const r of rest) expect(r.text).toContain('已被锁定');
      expect(checks.calls).toBe(THRESHOLD);
      checks.release();
      expect((await Promise.all(first)).map((r) => r.status)).toEqual(Array(THRESHOLD).fill(422));
    } finally {
      checks.restore();
    }
    expect(checks.calls).toBe(THRESHOLD);
    await expectLocked('manager');
    // Locked: the right password and the right code are refused on the API, the password not even checked.
    const later = watch(verifier, 'verify', true);
    try {
      const res = await request(t.http).post('/api/v1/auth/token').send({ username: 'manager', password: DEMO_PASSWORD, totp: codeAt(managerSecret, 2) }).expect(401);
      expect(res.body.message).toMatch(/locked/i);
      expect(later.calls).toBe(0);
    } finally {
      later.restore();
    }
    const log = await reasons('manager');
    expect(log['totp-invalid']).toBe(THRESHOLD);
    expect(log.success).toBeUndefined();
  });

  it(`token API with TOTP: ${2 * THRESHOLD} wrong codes at once (right password) → at most ${THRESHOLD} codes checked, locked`, async () => {
    const codes = watch(credentials, 'verify', true);
    try {
      const all = await Promise.all(Array.from({ length: 2 * THRESHOLD }, (_, i) => fire(request(t.http).post('/api/v1/auth/token').send({ username: 'manager', password: DEMO_PASSWORD, totp: String(300000 + i) }))));
      expect(all.every((r) => r.status === 401)).toBe(true);
      expect(codes.calls).toBeLessThanOrEqual(THRESHOLD);
    } finally {
      codes.restore();
    }
    await expectLocked('manager');
    await request(t.http).post('/api/v1/auth/token').send({ username: 'manager', password: DEMO_PASSWORD, totp: codeAt(managerSecret, 3) }).expect(401);
  });

  it('a right password after a few failures still signs in and clears them (the sequential behaviour is unchanged)', async () => {
    for (let i = 0; i < THRESHOLD - 1; i++) await request(t.http).post('/api/v1/auth/token').send({ username: 'officer.nankai', password: WRONG }).expect(401);
    await tokenFor(t, 'officer.nankai');
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ username: 'officer.nankai' })).failedAttempts).toBe(0);
    for (let i = 0; i < THRESHOLD - 1; i++) await request(t.http).post('/api/v1/auth/token').send({ username: 'officer.nankai', password: WRONG }).expect(401);
    await tokenFor(t, 'officer.nankai');
  });

  it('an expired lock starts a fresh count', async () => {
    await t.dataSource.createQueryBuilder().update(User).set({ failedAttempts: 0, lockedUntil: new Date(Date.now() - 1000) }).where('username = :u', { u: 'officer.nankai' }).execute();
    await request(t.http).post('/api/v1/auth/token').send({ username: 'officer.nankai', password: WRONG }).expect(401);
    const user = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'officer.nankai' });
    expect([user.failedAttempts, user.lockedUntil]).toEqual([1, null]);
    await tokenFor(t, 'officer.nankai');
  });

  it('32 failures from one address with 32 spoofed X-Forwarded-For headers are throttled as one address (30 checked, 2 refused); the log has the real address', async () => {
    await clearOfWindowEdge();
    const checks = watch(verifier, 'verify', true);
    let all: request.Response[];
    try {
      all = await Promise.all(Array.from({ length: 32 }, (_, i) => fire(request(t.http).post('/api/v1/auth/token').set('X-Forwarded-For', `198.51.100.${i + 1}`).send({ username: `nobody-${i}`, password: WRONG }))));
    } finally {
      checks.restore();
    }
    expect(all.map((r) => r.status).sort()).toEqual([...Array(30).fill(401), 429, 429]);
    expect(checks.calls).toBe(30);
    const rows = await t.dataSource.getRepository(LoginAttempt).find({ where: { id: MoreThan(since) } });
    expect(rows).toHaveLength(32);
    expect([...new Set(rows.map((r) => r.ip))]).toEqual(['127.0.0.1']);
    expect(rows.filter((r) => r.reason === 'throttled')).toHaveLength(2);
    // The address stays throttled, on the web too, whatever the header says.
    const [form] = await loginForms(1);
    const web = await form!.agent.post('/login').set('X-Forwarded-For', '203.0.113.50').type('form').send({ _csrf: form!.csrf, username: 'officer.binhai', password: DEMO_PASSWORD, next: '/' }).expect(422);
    expect(web.text).toContain('登录尝试过于频繁');
  }, 60_000);

  describe('the JSON API is bearer-only whatever the path looks like', () => {
    let browser: Agent;
    let token = '';
    beforeAll(async () => {
      await reset();
      browser = await signIn(t, 'officer.binhai');
      token = await tokenFor(t, 'officer.binhai');
    });

    it.each([
      ['/api/v1/auth/me'],
      ['/API/v1/auth/me'],
      ['/Api/v1/auth/me'],
      ['/aPi/V1/Auth/Me'],
      ['/API/v1/enterprises?pageSize=1'],
      ['/API/v1/enterprises/export'],
      ['/API/v1/radar'],
      ['/Api/v1/account/logins'],
    ])('GET %s: a session cookie → 401, a bearer token → 200', async (path) => {
      const res = await browser.get(path).expect(401);
      expect(res.headers['content-type']).toMatch(/json/);
      await request(t.http).get(path).set('Authorization', `Bearer ${token}`).expect(200);
    });

    it.each([
      ['/%41PI/v1/auth/me'],
      ['/%61pi/v1/auth/me'],
      ['//api/v1/auth/me'],
      ['//API/v1/auth/me'],
      ['/api//v1/auth/me'],
      ['/API/v1//auth/me'],
      ['/API/v1/auth/me/'],
      ['/API/v1/auth/%6De'],
    ])('GET %s with a session cookie never answers with data (401, or 404 when the router does not match)', async (path) => {
      const res = await browser.get(path);
      expect([401, 404]).toContain(res.status);
      expect(JSON.stringify(res.body ?? {})).not.toContain('officer.binhai');
    });

    it('a POST to /API/… with the session cookie and its CSRF token is not authenticated', async () => {
      const page = await browser.get('/portal/invitations').expect(200);
      await browser.post('/API/v1/invitations').set('X-CSRF-Token', csrfFrom(page.text)).send({ enterpriseId: 1 }).expect(401);
      await browser.post('/Api/v1/auth/token').send({ username: 'officer.binhai', password: WRONG }).expect(401);
    });
  });

  it('invitation links (and their e-mail) use PUBLIC_BASE_URL, not a hostile Host or X-Forwarded-Host header', async () => {
    const api = new Api(t);
    await api.login('officer.binhai');
    const firm = await api.createEnterprise('officer.binhai', '120116', 8101, '天津链接测试科技有限公司');
    const sent: { to: string; text: string }[] = [];
    const mail = t.app.get(MailService);
    mail.useTransport({ sendMail: async (m: { to: string; text: string }) => void sent.push(m) } as never);
    try {
      const viaApi = await api.post('/api/v1/invitations', 'officer.binhai', { enterpriseId: firm.id, email: 'it@lianjie.example.cn' })
        .set('Host', 'evil.example.com').set('X-Forwarded-Host', 'evil.example.com').set('X-Forwarded-Proto', 'http').expect(201);
      expect(viaApi.body.activationUrl).toMatch(new RegExp(`^${BASE.replace(/[.]/g, '\\.')}/activate/[\\w-]{43}$`));
      const officer = await signIn(t, 'officer.binhai');
      const page = await officer.get('/portal/invitations').expect(200);
      await officer.post('/portal/invitations').set('Host', 'evil.example.com').set('X-Forwarded-Host', 'evil.example.com').type('form')
        .send({ _csrf: csrfFrom(page.text), uscc: firm.uscc, email: 'it@lianjie.example.cn' }).expect(303);
      const after = await officer.get('/portal/invitations').expect(200);
      expect(after.text).toContain(`${BASE}/activate/`);
      expect(after.text).not.toContain('evil.example.com');
    } finally {
      mail.useTransport(null);
    }
    expect(sent).toHaveLength(2);
    for (const m of sent) {
      expect(m.text).toContain(`${BASE}/activate/`);
      expect(m.text).not.toContain('evil.example.com');
    }
  });
});

describe('the client address behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    await listenOnce(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const attempt = (forwarded: string, username: string) => fire(request(t.http).post('/api/v1/auth/token').set('X-Forwarded-For', forwarded).send({ username, password: WRONG }));
  const ips = async (prefix: string) => {
    const rows: { ip: string }[] = await t.dataSource.getRepository(LoginAttempt).createQueryBuilder('a').select('a.ip', 'ip').where('a.username LIKE :p', { p: `${prefix}%` }).getRawMany();
    return rows.map((r) => r.ip);
  };

  it('32 failures from 32 forwarded addresses are 32 addresses: none throttled, each logged with its own address', async () => {
    const all = await Promise.all(Array.from({ length: 32 }, (_, i) => attempt(`198.51.100.${i + 1}`, `spread-${i}`)));
    expect(all.map((r) => r.status)).toEqual(Array(32).fill(401));
    expect((await ips('spread-')).sort()).toEqual(Array.from({ length: 32 }, (_, i) => `198.51.100.${i + 1}`).sort());
  });

  it('32 failures forwarded for one address are throttled after 30, logged with that address; a client cannot choose it by prepending to the header', async () => {
    await clearOfWindowEdge();
    const all = await Promise.all(Array.from({ length: 32 }, (_, i) => attempt(i % 2 ? '203.0.113.7' : `10.${i}.0.1, 203.0.113.7`, `same-${i}`)));
    expect(all.map((r) => r.status).sort()).toEqual([...Array(30).fill(401), 429, 429]);
    expect([...new Set(await ips('same-'))]).toEqual(['203.0.113.7']);
  }, 60_000);
});
