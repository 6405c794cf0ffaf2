import { request as httpRequest } from 'node:http';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { killHard, removeServerBuild, serverMain, startServer, type ServerProcess } from './support/browser.js';

/**
 * The cluster (WEB_CONCURRENCY=2) against the real built server on one temporary SQLite file: two
 * worker processes serve requests, concurrent writers through both keep optimistic locking exact
 * (one 200, the rest 409, no 5xx, no SQLITE_BUSY), a killed worker is replaced while requests keep
 * working, a background job and a scheduled task run once, and SIGTERM stops everything cleanly.
 * One server for the whole file, started once: the cases run in order and build on each other.
 */

const onSqlite = process.env.TEST_DATABASE_URL ? describe.skip : describe;
const ROOT = join(process.cwd(), '.test-data', `cluster-${process.pid}`);
const PASSWORD = 'Test-Demo-2026';
const FILE = join(ROOT, 'db.sqlite');
let server: ServerProcess | undefined;
let token = '';

interface Reply {
  status: number;
  pid: number | null;
  body: any;
}

/** One request on its own connection (no keep-alive), so the primary hands each to a worker afresh. */
function call(method: string, path: string, body?: unknown, timeoutMs = 20_000): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server!.base}${path}`,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          const pid = res.headers['x-worker-pid'];
          resolve({ status: res.statusCode ?? 0, pid: pid ? Number(pid) : null, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The worker pids that answer /health within `tries` fresh connections. */
async function servingPids(tries = 20): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries; i++) {
    const r = await call('GET', '/health');
    expect(r.status).toBe(200);
    pids.add(r.pid!);
  }
  return pids;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}:\n${server?.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function rows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(FILE, { readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A browser on fresh connections (either worker may answer each request), keeping its cookies. */
function browserClient() {
  const cookies = new Map<string, string>();
  const send = (method: string, path: string, form?: Record<string, string>) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const payload = form ? new URLSearchParams(form).toString() : undefined;
    const req = httpRequest(`${server!.base}${path}`, {
      method, agent: false, timeout: 20_000,
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(payload ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) } : {}),
      },
    }, (res) => {
      for (const c of res.headers['set-cookie'] ?? []) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
  return { send };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

onSqlite('cluster: WEB_CONCURRENCY=2 on one SQLite file', () => {
  let firstPids: number[] = [];

  beforeAll(async () => {
    mkdirSync(ROOT, { recursive: true });
    const main = serverMain();
    server = await startServer(main, {
      DATABASE_URL: `sqlite:${FILE}`,
      SESSION_SECRET: 'cluster-suite-session-secret-0123456789abcdef',
      DEMO_PASSWORD: PASSWORD,
      DEMO_SEED: 'true',
      UPLOAD_DIR: join(ROOT, 'uploads'),
      WEB_CONCURRENCY: '2',
      JOBS_ENABLED: 'true',
      // info: the supervisor's and the scheduled tasks' lines are asserted on (HTTP lines are few here).
      LOG_LEVEL: 'info',
    }, { timeoutMs: 180_000 });
    // /health answers as soon as one worker listens: wait for the supervisor's "2 workers" line.
    await until('both workers', async () => /Ready in \d+ ms .*: 2 workers/.test(server!.log()));
    const res = await call('POST', '/api/v1/auth/token', { username: 'admin', password: PASSWORD });
    expect(res.status).toBe(200);
    token = res.body.accessToken as string;
  }, 600_000);

  afterAll(async () => {
    await killHard(server);
    rmSync(ROOT, { recursive: true, force: true });
    removeServerBuild();
  });

  it('two worker processes, both serving requests, neither of them the supervisor', async () => {
    const pids = await until('two distinct workers answering', async () => {
      const seen = await servingPids();
      return seen.size === 2 ? seen : null;
    });
    firstPids = [...pids];
    expect(firstPids).not.toContain(server!.child.pid);
    for (const pid of firstPids) expect(server!.log()).toContain(`Worker ${pid} ready`);
    // Each worker runs with two malloc arenas (src/cluster/heap-limit.ts workerEnv).
    for (const pid of firstPids) expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    // Migrations and the demo seed ran once, in the supervisor, before it forked.
    expect(rows<{ n: number }>("SELECT COUNT(*) AS n FROM app_user WHERE username = 'admin'")[0]!.n).toBe(1);
    // Each worker runs with the heap limit (WORKER_HEAP_MB, default 1024); the supervisor without.
    for (const pid of firstPids) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=1024');
    expect(readFileSync(`/proc/${server!.child.pid}/cmdline`, 'utf8')).not.toContain('--max-old-space-size');
  }, 60_000);

  it('30 concurrent writers of one profile with the same version: exactly one 200 and 29 × 409, through both workers', async () => {
    const list = await call('GET', '/api/v1/enterprises?pageSize=1&sort=name');
    const id = list.body.items[0].id as number;
    const before = (await call('GET', `/api/v1/enterprises/${id}`)).body.enterprise.version as number;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => call('PATCH', `/api/v1/enterprises/${id}`, { address: `集群写入者 ${i}`, version: before })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(29).fill(409)]);
    const after = (await call('GET', `/api/v1/enterprises/${id}`)).body.enterprise;
    expect(after.version).toBe(before + 1);
    // Both workers took writes: the request log lines (one per request, "[Nest] <pid> … [HTTP] … 'PATCH'").
    const writers = new Set(server!.log().split('[Nest] ').filter((chunk) => chunk.includes('[HTTP]') && chunk.includes("'PATCH'")).map((chunk) => Number.parseInt(chunk, 10)));
    expect([...writers].sort()).toEqual([...firstPids].sort());
    expect(server!.log()).not.toMatch(/SQLITE_BUSY|database is locked/);
  }, 60_000);

  it('a language switch shows on the next page whichever worker serves it (each worker holds the user for a second)', async () => {
    const b = browserClient();
    const login = await b.send('GET', '/login');
    expect((await b.send('POST', '/login', { _csrf: csrfOf(login.text), username: 'manager', password: PASSWORD, next: '/account' })).status).toBe(303);
    // Both workers read the user (in Chinese) and keep it for up to a second: the supervisor hands
    // connections to the workers in turn, and each request here is a new connection.
    let page = await b.send('GET', '/account');
    for (let i = 0; i < 6; i++) {
      page = await b.send('GET', '/account');
      expect(page.text).toContain('账号安全');
    }
    expect((await b.send('POST', '/locale', { _csrf: csrfOf(page.text), locale: 'en', next: '/account' })).status).toBe(303);
    const after = await Promise.all(Array.from({ length: 8 }, () => b.send('GET', '/account')));
    expect(after.map((r) => r.text.includes('Account security'))).toEqual(after.map(() => true));
  });

  it('a background job enqueued while both workers poll runs once, by one of them', async () => {
    const started = await call('POST', '/api/v1/evaluations/batch', {});
    expect(started.status).toBeLessThan(300);
    const jobId = started.body.id as number;
    const job = await until('the batch job to finish', async () => {
      const r = await call('GET', `/api/v1/jobs/${jobId}`);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 45_000);
    expect(job.status).toBe('done');
    const [row] = rows<{ lease_owner: string; progress_done: number; progress_total: number }>('SELECT lease_owner, progress_done, progress_total FROM job WHERE id = ?', jobId);
    // One owner from start to end (a second claim would have changed it and restarted the count),
    // and every enterprise evaluated exactly once.
    expect(firstPids.map(String)).toContain(row!.lease_owner.split(':')[1]);
    const enterprises = rows<{ n: number }>('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL')[0]!.n;
    expect([row!.progress_done, row!.progress_total]).toEqual([enterprises, enterprises]);
    expect(server!.log()).not.toMatch(/resuming job|is no longer ours/);
  }, 60_000);

  it('the catch-up radar run at start (a scheduled task) ran in one worker only', async () => {
    // Each worker tries 5 s after its start; both have been up longer than that by now.
    await until('the radar line', async () => /radar: \d+ items/.test(server!.log()));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(server!.log().match(/radar: \d+ items/g)).toHaveLength(1);
    const runs = rows<{ owner: string }>("SELECT owner FROM scheduled_run WHERE name = 'radar'");
    expect(runs).toHaveLength(1);
    expect(firstPids.map(String)).toContain(runs[0]!.owner.split(':')[1]);
  }, 60_000);

  it('a worker that is killed is replaced, and requests keep working meanwhile', async () => {
    const victim = firstPids[0]!;
    const survivor = firstPids[1]!;
    process.kill(victim, 'SIGKILL');
    await until('the supervisor to notice', async () => server!.log().includes(`worker ${victim} exited`));
    for (let i = 0; i < 10; i++) expect((await call('GET', '/health')).status).toBe(200);
    const pids = await until('a replacement worker', async () => {
      const seen = await servingPids(10);
      return seen.size === 2 ? seen : null;
    }, 45_000);
    expect(pids.has(victim)).toBe(false);
    expect(pids.has(survivor)).toBe(true);
    firstPids = [...pids];
    expect((await call('GET', '/api/v1/enterprises?pageSize=1')).status).toBe(200);
  }, 60_000);

  it('SIGTERM drains every worker and the supervisor exits 0', async () => {
    server!.child.kill('SIGTERM');
    const code = await Promise.race([server!.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000).unref())]);
    expect(code).toBe(0);
    await until('the workers to be gone', async () => firstPids.every((pid) => !alive(pid)), 10_000);
    expect(server!.log()).toContain('SIGTERM: stopping 2 workers');
  }, 60_000);
});
