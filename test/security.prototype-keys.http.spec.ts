import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { User } from '../src/auth/user.entity.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { operations, PROTOTYPE_NAMES, prototypeNameRequests, type Schema } from './support/fuzz.js';
import { crawl, csrfFromAny, listenOnce, parseForms, SKIP_LINK, urlPattern, type Agent } from './support/security.js';

/**
 * User text used as an object key (docs/security.md §4, "prototype names"): the names every
 * JavaScript object inherits (`__proto__`, `constructor`, `toString`…) sent as sort keys, filter
 * values, actions, enumeration values, body keys and path segments, through every JSON route of
 * the OpenAPI document (bearer token) and every link, GET form and POST form the crawler finds on
 * the HTML face (session + CSRF), as an enterprise user, an officer, a manager and an admin.
 * Asserts: no 5xx ever; a sort by such a name is refused (400); afterwards ordinary requests
 * still answer 200 and Object.prototype is untouched. `sort=__proto__` once polluted
 * Object.prototype through TypeORM and turned every later database request into a 500.
 */

const NAMES = PROTOTYPE_NAMES;
/** Routes that would end the caller's own credentials (the token) or that only take files. */
const SKIP_JSON = new Set(['delete /api/v1/auth/token']);
/** Forms whose successful submission would sign the crawler out or lock accounts: only broken variants go there. */
const RISKY_FORM = /logout|password|totp|enrol|deactivate|recovery|unlock|reset|revoke|token/;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.app.set('view cache', true);
  await listenOnce(t);
});
afterAll(async () => {
  await t?.close();
});

const stats = { json: 0, html: 0, sorts: 0 };
const failures: string[] = [];

function check(where: string, status: number, body: string): void {
  if (status >= 500) failures.push(`${where} → ${status} ${body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
}

/** The app still serves database-backed requests and no prototype was polluted. */
async function stillHealthy(token: string): Promise<void> {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_OBJECT_KEYS.has(k))).toEqual([]);
  await request(t.http).get('/api/v1/enterprises?pageSize=5').set('Authorization', `Bearer ${token}`).expect(200);
  await request(t.http).get('/api/v1/applications?pageSize=5').set('Authorization', `Bearer ${token}`).expect(200);
  const health = await request(t.http).get('/health').expect(200);
  expect(health.body).toMatchObject({ status: 'ok', db: 'up' });
}
/** The token route's variants are failed sign-ins by design: forget them, or the address is throttled for the rest of the file. */
async function forgetFailedSignIns(): Promise<void> {
  await t.dataSource.query('DELETE FROM login_attempt WHERE success = $1'.replace('$1', t.dataSource.options.type === 'postgres' ? 'false' : '0'));
  await t.dataSource.query('UPDATE app_user SET failed_attempts = 0, locked_until = NULL');
  // The per-address throttle counts failures in its own table (src/auth/attempt-limits.ts).
  await t.dataSource.query('DELETE FROM login_throttle');
}

const BUILTIN_OBJECT_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

const usernames = () => ({ enterprise: t.demo.find((d) => d.role === 'enterprise')!.username, officer: 'officer.binhai', manager: 'manager', admin: 'admin' });

describe('prototype names as keys and values', () => {
  it.each([
    ['/api/v1/applications?sort=__proto__'],
    ['/api/v1/applications?sort=-__proto__'],
    ['/api/v1/applications?sort=constructor'],
    ['/api/v1/applications?sort=toString'],
    ['/api/v1/applications?sort=valueOf'],
    ['/api/v1/applications?sort=hasOwnProperty'],
    ['/api/v1/enterprises?sort=__proto__'],
    ['/api/v1/enterprises?sort=-constructor'],
    ['/api/v1/audit/entries?sort=__proto__'],
    ['/api/v1/audit/logins?sort=constructor'],
    ['/api/v1/account/logins?sort=__proto__'],
  ])('%s is refused (400 with details) and the app stays well', async (url) => {
    const { enterprise, admin } = usernames();
    for (const who of [enterprise, admin]) {
      const token = await tokenFor(t, who);
      const res = await request(t.http).get(url).set('Authorization', `Bearer ${token}`);
      stats.sorts++;
      // 403 for a role the route is not for; otherwise the sort key is refused.
      expect([url, who, res.status === 400 || res.status === 403]).toEqual([url, who, true]);
      if (res.status === 400) expect(JSON.stringify(res.body.details ?? res.body)).toMatch(/sort/);
    }
    await stillHealthy(await tokenFor(t, admin));
  });

  it('every JSON route, every parameter and body field, four roles: no 5xx, no pollution', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
    const ops = operations(doc).filter((op) => op.path.startsWith('/api/') && !SKIP_JSON.has(`${op.method} ${op.path}`) && !op.multipart);
    expect(ops.length).toBeGreaterThanOrEqual(15);
    const names = usernames();
    const tokens: Record<string, string> = {};
    for (const [role, u] of Object.entries(names)) tokens[role] = await tokenFor(t, u);
    const list = await request(t.http).get('/api/v1/enterprises?pageSize=1').set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    const someId = String(list.body.items[0].id);
    const validPath = (name: string) => (/year/i.test(name) ? '2024' : /program/i.test(name) ? 'hnte' : someId);

    for (const op of ops) {
      for (const [role, username] of Object.entries(names)) {
        for (const v of prototypeNameRequests(op, schemas, validPath)) {
          let token = tokens[role]!;
          const send = () => {
            const req = request(t.http)[op.method as 'get'](`${v.path}${v.query ? `?${v.query}` : ''}`).set('Authorization', `Bearer ${token}`);
            return v.body === undefined ? req : req.set('Content-Type', v.contentType ?? 'application/json').send(v.body);
          };
          let res = await send();
          // A variant may have ended the token (a password change): take a new one and go on.
          if (res.status === 401) {
            tokens[role] = token = await tokenFor(t, username);
            res = await send();
          }
          stats.json++;
          check(`${role} ${op.method.toUpperCase()} ${v.path}?${v.query} [${v.label}] ${v.body?.slice(0, 120) ?? ''}`, res.status, res.text);
          if (v.sortLike && res.status < 300) failures.push(`${role} GET ${v.path}?${v.query} accepted a prototype name as sort key (${res.status})`);
        }
      }
      if (op.path === '/api/v1/auth/token') await forgetFailedSignIns();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (failures.length > 30) break;
    }
    expect(failures).toEqual([]);
    await stillHealthy(tokens.admin!);
  }, 1_800_000);

  it('every HTML link, GET form, POST form and path segment, four roles: no 5xx, no pollution', async () => {
    const names = usernames();
    for (const [role, username] of Object.entries(names)) {
      // The previous role's hostile sign-in forms count as failures from this address.
      await forgetFailedSignIns();
      let agent: Agent = await signIn(t, username);
      const pages = await crawl(agent, 120, 1);
      const getTargets = new Map<string, { path: string; params: string[] }>();
      const postForms = new Map<string, { action: string; fields: { name: string; value: string }[] }>();
      for (const [url, html] of pages) {
        const links = [url, ...[...html.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))];
        for (const link of links) {
          if (SKIP_LINK.test(link)) continue;
          const [path, qs = ''] = link.split('?') as [string, string?];
          const key = urlPattern(path);
          const entry = getTargets.get(key) ?? { path, params: [] };
          for (const k of new URLSearchParams(qs).keys()) if (!entry.params.includes(k)) entry.params.push(k);
          getTargets.set(key, entry);
        }
        for (const form of parseForms(html, url)) {
          if (SKIP_LINK.test(form.action) || form.enctype.includes('multipart')) continue;
          const path = form.action.split('?')[0]!;
          if (form.method === 'get') {
            const entry = getTargets.get(urlPattern(path)) ?? { path, params: [] };
            for (const f of form.fields) if (f.kind !== 'button' && !entry.params.includes(f.name)) entry.params.push(f.name);
            getTargets.set(urlPattern(path), entry);
          } else if (!postForms.has(urlPattern(form.action))) {
            postForms.set(urlPattern(form.action), { action: form.action, fields: form.fields.filter((f) => f.name !== '_csrf').map((f) => ({ name: f.name, value: f.value })) });
          }
        }
      }
      // GET: every query parameter (and sort), and every path segment after the first, replaced by each name.
      for (const { path, params } of getTargets.values()) {
        const segments = path.split('/');
        for (const name of NAMES) {
          for (const param of params.includes('sort') ? params : [...params, 'sort']) {
            const res = await agent.get(`${path}?${new URLSearchParams({ [param]: name })}`);
            stats.html++;
            check(`${role} GET ${path}?${param}=${name}`, res.status, res.text);
          }
          for (let i = 2; i < segments.length; i++) {
            const url = [...segments.slice(0, i), encodeURIComponent(name), ...segments.slice(i + 1)].join('/');
            const res = await agent.get(url);
            stats.html++;
            check(`${role} GET ${url}`, res.status, res.text);
          }
          const res = await agent.get(`${path}?${encodeURIComponent(name)}=x&${encodeURIComponent(`${name}[polluted]`)}=1`);
          stats.html++;
          check(`${role} GET ${path}?${name}=x`, res.status, res.text);
        }
      }
      // POST: each field in turn carries each name; an extra field named after it; the action's path segments.
      for (const { action, fields } of postForms.values()) {
        const segments = action.split('?')[0]!.split('/');
        for (const name of NAMES) {
          const bodies: { label: string; url: string; body: Record<string, string> }[] = [];
          const base = Object.fromEntries(fields.map((f) => [f.name, f.value]));
          for (const f of fields) bodies.push({ label: `field ${f.name}`, url: action, body: { ...base, [f.name]: name } });
          if (!RISKY_FORM.test(action)) {
            bodies.push({ label: 'extra key', url: action, body: Object.assign(Object.create(null), base, { [name]: 'x', [`${name}[polluted]`]: '1' }) });
            for (let i = 2; i < segments.length; i++) {
              if (/^\d+$/.test(segments[i]!)) continue;
              bodies.push({ label: `segment ${i}`, url: [...segments.slice(0, i), encodeURIComponent(name), ...segments.slice(i + 1)].join('/'), body: base });
            }
          }
          for (const b of bodies) {
            const csrf = await csrfFromAny(agent);
            let res = await agent.post(b.url).type('form').send({ ...b.body, _csrf: csrf });
            if (res.status === 303 && /^\/login/.test(String(res.headers.location))) {
              await forgetFailedSignIns();
              agent = await signIn(t, username);
              res = await agent.post(b.url).type('form').send({ ...b.body, _csrf: await csrfFromAny(agent) });
            }
            stats.html++;
            check(`${role} POST ${b.url} [${b.label}=${name}]`, res.status, res.text);
          }
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(failures).toEqual([]);
    await stillHealthy(await tokenFor(t, 'admin'));
    const page = await (await signIn(t, 'officer.binhai')).get('/enterprises');
    expect(page.status).toBe(200);
  }, 1_800_000);

  it('/health reads through the path requests use: when that path fails it answers 503 with its status', async () => {
    expect((await request(t.http).get('/health').expect(200)).body).toMatchObject({ status: 'ok', db: 'up' });
    const repo = t.dataSource.getRepository(User);
    const broken = jest.spyOn(repo, 'createQueryBuilder').mockImplementation(() => {
      throw new Error('every query of this process fails');
    });
    try {
      await request(t.http).get('/health').expect(503, { status: 'error', db: 'down' });
    } finally {
      broken.mockRestore();
    }
    expect((await request(t.http).get('/health').expect(200)).body).toMatchObject({ status: 'ok', db: 'up' });
  });

  afterAll(() => {
    process.stdout.write(`PROTOTYPE KEYS: ${NAMES.length} names; ${stats.sorts} sort probes; ${stats.json} JSON requests; ${stats.html} HTML requests\n`);
  });
});
