import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';
import { makeUscc } from '../src/database/seed/demo-seed.js';
import { Random } from '../src/database/seed/random.js';
import { fillPath, hostileBody, hostileQuery, operations, Prng, prototypeNameRequests, type FuzzRequest, type Operation, type Schema } from './support/fuzz.js';
import { fingerprint, listenOnce } from './support/security.js';

/**
 * Fuzzing every JSON route of the OpenAPI document (/api/docs-json) with generated hostile input
 * (wrong types, huge strings, deep nesting, unicode, negative and enormous numbers, unknown fields,
 * prototype-pollution keys, malformed JSON, wrong content types, hostile query strings and path
 * ids) from a seeded PRNG: FUZZ_CASES requests per route (400 in CI), 12 at a time over one
 * keep-alive connection pool to one app. Asserts: no 5xx and no stack trace in any answer; a
 * batch answered only with 4xx changed nothing in the database (SQLite's total_changes() before
 * and after each batch, and a fingerprint of every table around each route that never answered
 * 2xx); Object.prototype is never polluted. FUZZ_SEED picks another sequence.
 */

/**
 * Requests per route: FUZZ_CASES, else 400 in CI (.ci/run sets CI=true) and 100 on a developer's
 * machine (a quick `npm test`); the PostgreSQL run (TEST_DATABASE_URL) sends 150 — the routes and
 * their validation are the same, the SQLite run carries the full count. 400, not the earlier 1000:
 * 1000 took ~940 s of a CI whose whole budget is 5400 s, and the run went over it. A deeper search
 * is a run by hand: FUZZ_CASES=5000, with another FUZZ_SEED each time.
 */
const CASES = Number(process.env.FUZZ_CASES ?? (process.env.TEST_DATABASE_URL ? 150 : process.env.CI ? 400 : 100));
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const CONCURRENCY = 12;

/**
 * 5xx answers found by this suite in other engineers' modules, reported to them and not yet fixed:
 * counted and printed, but they do not fail the run. Anything else that answers 5xx fails it.
 * Remove an entry when its owner fixes it.
 */
const KNOWN_5XX: { route: string; body: RegExp; status?: number; owner: string; note: string }[] = [
  // Concurrent runs updated current tiers in different orders; PostgreSQL aborted one ("deadlock detected"), answered
  // 503 "busy, retry". Runs are one at a time since (advisory lock, src/radar/radar.service.ts); the deadlock was never
  // reproduced on demand, so the entry stays until PostgreSQL runs of this suite have shown no 503 here.
  { route: 'POST /api/v1/radar/run', body: /[\s\S]*/, status: 503, owner: 'src/radar', note: 'concurrent runs deadlocked on PostgreSQL in deriveCurrentTiers → 503; serialised since' },
];

let t: TestApp;
let port = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
beforeAll(async () => {
  t = await startTestApp();
  t.app.set('view cache', true);
  await listenOnce(t);
  port = (t.http.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await t?.close();
});

interface Answer {
  status: number;
  body: string;
}

function send(method: string, r: FuzzRequest, token: string | null): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (r.body !== undefined) {
      if (r.contentType) headers['content-type'] = r.contentType;
      headers['content-length'] = String(Buffer.byteLength(r.body));
    }
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method: method.toUpperCase(), path: `${r.path}${r.query ? `?${r.query}` : ''}`, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
      });
    } catch (err) {
      // Node's client refuses some hostile headers itself (e.g. NUL in a token): nothing was sent.
      resolve({ status: 0, body: String(err) });
      return;
    }
    req.on('error', (err) => resolve({ status: 599, body: String(err) }));
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    if (r.body !== undefined) req.end(r.body);
    else req.end();
  });
}

async function totalChanges(): Promise<number | null> {
  if (t.dataSource.options.type !== 'better-sqlite3') return null;
  const rows: { n: number }[] = await t.dataSource.query('SELECT total_changes() AS n');
  return Number(rows[0]!.n);
}

const timings: [string, number][] = [];
const stats = { routes: 0, cases: 0, prototypeNames: 0, byStatus: {} as Record<number, number>, batchesChecked: 0, routesFingerprinted: 0, known: [] as string[] };

describe('fuzzing every JSON route of the OpenAPI document', () => {
  it(`sends ${CASES} hostile requests to every route: no 5xx, no change for rejected requests, no prototype pollution`, async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
    const ops = operations(doc).filter((op) => op.path.startsWith('/api/'));
    expect(ops.length).toBeGreaterThanOrEqual(15);

    const enterpriseUser = t.demo.find((d) => d.role === 'enterprise')!.username;
    const tokens: Record<string, string> = {};
    for (const u of ['admin', 'officer.binhai', enterpriseUser, 'manager', 'auditor']) tokens[u] = await tokenFor(t, u);
    // A file of its own for the fuzz, so valid ids reach validation without touching the demo data.
    const created = await request(t.http).post('/api/v1/enterprises').set('Authorization', `Bearer ${tokens.admin}`)
      .send({ uscc: makeUscc('120116', new Random(99)), name: '天津模糊测试科技有限公司', districtCode: '120116' });
    const fuzzId = created.status === 201 ? String(created.body.id ?? created.body.enterprise?.id) : '1';
    const valid = (name: string) => (/year/i.test(name) ? '2024' : /id$/i.test(name) ? fuzzId : 'x');

    const rnd = new Prng(SEED);
    const failures: string[] = [];
    for (const op of ops) {
      stats.routes++;
      const started = Date.now();
      const isTokenRoute = op.path === '/api/v1/auth/token';
      // The role that may call the route (a plain request that is not 403), admin first.
      let token: string | null = null;
      if (!isTokenRoute) {
        for (const u of Object.keys(tokens)) {
          const probe = await send(op.method, { label: 'probe', path: fillPath(op, new Prng(1), valid), query: '' }, tokens[u]!);
          if (probe.status !== 403) {
            token = tokens[u]!;
            break;
          }
        }
        token ??= tokens.admin!;
      }
      // Reads and rejected writes must leave every table as it was. The token route records failed
      // sign-ins (login history, lockout counters) by design: those two tables are left out there.
      const skip = isTokenRoute ? ['login_attempt', 'login_throttle', 'app_user', 'http_session'] : ['http_session'];
      const before = await fingerprint(t.dataSource, skip);
      let any2xx = false;
      /** Sends one batch concurrently and checks it: no 5xx, no stack trace, no change if all were rejected. */
      const runBatch = async (batch: { r: FuzzRequest; tok: string | null }[]) => {
        const c0 = await totalChanges();
        const answers: Answer[] = await Promise.all(batch.map(({ r, tok }) => send(op.method, r, tok)));
        const c1 = await totalChanges();
        stats.cases += answers.length;
        let allRejected = true;
        for (const [i, a] of answers.entries()) {
          stats.byStatus[a.status] = (stats.byStatus[a.status] ?? 0) + 1;
          if (a.status === 0) continue;
          const known = a.status >= 500 && KNOWN_5XX.find((k) => k.route === `${op.method.toUpperCase()} ${op.path}` && k.body.test(batch[i]!.r.body ?? '') && (k.status === undefined || k.status === a.status));
          if (known) {
            stats.known.push(`${known.route} (${known.owner}: ${known.note})`);
            continue;
          }
          if (a.status >= 500) failures.push(`${op.method.toUpperCase()} ${batch[i]!.r.path}?${batch[i]!.r.query.slice(0, 200)} [${batch[i]!.r.label}] body=${(batch[i]!.r.body ?? '').slice(0, 200)} → ${a.status} ${a.body.slice(0, 300)}`);
          if (/\bat .+\.(js|ts):\d+:\d+/.test(a.body)) failures.push(`stack trace in answer of ${op.method} ${op.path}`);
          if (a.status < 400) {
            allRejected = false;
            any2xx = true;
          }
          // Failed sign-ins are recorded by design (401/429 on the token route).
          if (isTokenRoute && (a.status === 401 || a.status === 429)) allRejected = false;
        }
        if (c0 !== null && allRejected) {
          stats.batchesChecked++;
          if (c1! - c0 !== 0) failures.push(`${op.method.toUpperCase()} ${op.path}: a batch answered only 4xx (${answers.map((a) => a.status).join(',')}) changed ${c1! - c0} rows: ${batch.map((b) => `[${b.r.label}] ${b.r.body?.slice(0, 120) ?? ''} ?${b.r.query.slice(0, 80)}`).join(' | ')}`);
        }
      };
      // First, deterministically, each prototype name in every parameter, body field and key of the route
      // (docs/security.md §4); the token-revocation route is left out: it would revoke the fuzz token.
      const fixed = op.path === '/api/v1/auth/token' && op.method === 'delete' ? [] : prototypeNameRequests(op, schemas, valid);
      for (let i = 0; i < fixed.length && failures.length <= 20; i += CONCURRENCY) {
        stats.prototypeNames += Math.min(CONCURRENCY, fixed.length - i);
        await runBatch(fixed.slice(i, i + CONCURRENCY).map((r) => ({ r, tok: isTokenRoute ? null : token })));
      }
      for (let done = 0; done < CASES; done += CONCURRENCY) {
        const batch: { r: FuzzRequest; tok: string | null }[] = [];
        for (let k = 0; k < CONCURRENCY && done + k < CASES; k++) {
          const withBody = op.method !== 'get' && op.method !== 'delete' && !op.multipart;
          const b = withBody ? hostileBody(op, schemas, rnd) : null;
          const r: FuzzRequest = {
            label: b?.label ?? 'query',
            path: fillPath(op, rnd, valid),
            query: rnd.chance(withBody ? 0.3 : 0.95) ? hostileQuery(op, rnd) : '',
            body: b?.body ?? (op.multipart ? `--x\r\nContent-Disposition: form-data; name="file"; filename="${rnd.pick(['../../x.pdf', 'a\u0000.png', '<img>.pdf'])}"\r\n\r\nGIF89a\r\n--x--\r\n` : undefined),
            contentType: b?.contentType ?? (op.multipart ? 'multipart/form-data; boundary=x' : undefined),
          };
          // The token-revocation route is fuzzed with hostile bearer tokens instead of the real one.
          const tok = op.path === '/api/v1/auth/token' && op.method === 'delete' ? rnd.pick(['', 'x', 'A'.repeat(300), '\u0000', '../..', "' OR 1=1--"]) : token;
          batch.push({ r, tok });
        }
        await runBatch(batch);
        if (failures.length > 20) break;
      }
      if (!any2xx) {
        stats.routesFingerprinted++;
        const after = await fingerprint(t.dataSource, skip);
        const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
        if (changed.length) failures.push(`${op.method.toUpperCase()} ${op.path}: only 4xx answers, yet tables changed: ${changed.join(', ')}`);
      }
      timings.push([`${op.method.toUpperCase()} ${op.path}`, Date.now() - started]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (failures.length > 20) break;
    }
    expect(failures).toEqual([]);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(stats.cases).toBeGreaterThanOrEqual(ops.length * CASES);
  }, 3_600_000);

  afterAll(() => {
    if (process.env.FUZZ_TIMINGS) process.stdout.write(`${timings.sort((a, b) => b[1] - a[1]).slice(0, 25).map(([r, ms]) => `  ${ms} ms ${r}`).join('\n')}\n`);
    process.stdout.write(`FUZZ: seed ${SEED}; ${stats.routes} routes; ${stats.cases} requests (${stats.prototypeNames} of them prototype names in every parameter); statuses ${JSON.stringify(stats.byStatus)}; ${stats.batchesChecked} all-rejected batches checked by total_changes(); ${stats.routesFingerprinted} routes fingerprinted; known 5xx in others' modules: ${stats.known.length ? [...new Set(stats.known)].join('; ') : 'none'}\n`);
  });
});

export type { Operation };
