import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeUscc } from '../src/database/seed/demo-seed.js';
import { Random } from '../src/database/seed/random.js';
import { api, bearerToken, killHard, removeServerBuild, runCli, serverMain, startServer, stopServer, type ServerProcess } from './support/browser.js';
import { addDays, businessToday, businessYear } from '../src/common/clock.js';

/**
 * Faults against real server processes on SQLite (等保三级 数据完整性 / 数据备份恢复 / 可用性):
 * - 50 concurrent HTTP writers on the same files, one process and then two processes on one file:
 *   each writer commits or gets 409, no lost update, no 5xx, no unhandled SQLITE_BUSY;
 * - SIGKILL during a batch re-evaluation (a job of chunks), an import commit and a bulk decision
 *   (one transaction each), caught in the middle of the write: the database stays consistent
 *   (integrity_check, foreign_key_check, the audit chain), nothing half-done is visible, and after
 *   a restart the job resumes from its cursor, the import and the decision can simply be repeated;
 * - a read-only database file: the server starts and serves reads, changes answer 503; a read-only
 *   directory: the start fails once with a clear message and exit code 78 (no restart loop).
 * The server is a private build (test/support/browser.ts), started as a child process.
 */

const onSqlite = process.env.TEST_DATABASE_URL ? describe.skip : describe;
const ROOT = join(process.cwd(), '.test-data', `faults-${process.pid}`);
const SECRET = 'faults-suite-session-secret-0123456789abcdef';
const PASSWORD = 'Test-Demo-2026';
const BENCH = 'Bench@2026';
let main = '';

const stats = { faults: 0, concurrentWriters: 0 };

beforeAll(() => {
  mkdirSync(ROOT, { recursive: true });
  if (!process.env.TEST_DATABASE_URL) main = serverMain();
}, 300_000);
afterAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  removeServerBuild();
  process.stdout.write(`FAULTS: ${stats.faults} faults injected; ${stats.concurrentWriters} concurrent writers\n`);
});

function env(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  return { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, SESSION_SECRET: SECRET, DEMO_PASSWORD: PASSWORD, UPLOAD_DIR: join(dir, 'uploads'), JOBS_ENABLED: 'false', ...extra };
}
const fileOf = (e: Record<string, string>) => e.DATABASE_URL!.slice('sqlite:'.length);

/** Consistency of a database file after a crash, from a separate connection. */
function checkFile(file: string): { integrity: string; foreignKeyProblems: number } {
  const db = new Database(file);
  try {
    const integrity = String((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check);
    const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
    return { integrity, foreignKeyProblems };
  } finally {
    db.close();
  }
}

function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The audit chain of the file, checked by the compiled `npm run audit:verify` command. */
function auditVerify(e: Record<string, string>): { status: number | null; output: string } {
  return runCli(main, 'cli/audit-verify.js', { DATABASE_URL: e.DATABASE_URL!, NODE_ENV: 'development' });
}

/** Resolves once another connection cannot take SQLite's write lock: a write transaction is open. */
async function writeInProgress(file: string, timeoutMs = 60_000): Promise<boolean> {
  const db = new Database(file);
  db.pragma('busy_timeout = 0');
  const started = Date.now();
  try {
    while (Date.now() - started < timeoutMs) {
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
      } catch (err) {
        if (/BUSY|LOCKED/.test(String((err as { code?: string }).code))) return true;
        throw err;
      }
      await new Promise((r) => setImmediate(r));
    }
    return false;
  } finally {
    db.close();
  }
}

async function concurrentWriters(servers: ServerProcess[], tokens: string[], writers: number) {
  const list = await api(servers[0]!, 'GET', '/api/v1/enterprises?pageSize=3&sort=name', tokens[0]);
  const ids = (list.body.items as { id: number }[]).map((e) => e.id);
  const versionOf = async (id: number) => (await api(servers[0]!, 'GET', `/api/v1/enterprises/${id}`, tokens[0])).body.enterprise.version as number;
  const start = new Map<number, number>();
  for (const id of ids) start.set(id, await versionOf(id));
  const results = await Promise.all(Array.from({ length: writers }, async (_, i) => {
    const s = servers[i % servers.length]!;
    const token = tokens[i % tokens.length]!;
    const id = ids[i % ids.length]!;
    const current = await api(s, 'GET', `/api/v1/enterprises/${id}`, token);
    const res = await api(s, 'PATCH', `/api/v1/enterprises/${id}`, token, { address: `并发写入者 ${i}`, version: current.body.enterprise.version });
    return { i, id, status: res.status, text: res.text };
  }));
  stats.concurrentWriters += writers;
  expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
  for (const id of ids) {
    const won = results.filter((r) => r.id === id && r.status === 200);
    expect(won.length).toBeGreaterThanOrEqual(1);
    const now = (await api(servers[0]!, 'GET', `/api/v1/enterprises/${id}`, tokens[0])).body.enterprise;
    // No lost update: every committed writer moved the version by one, and the last one's value is there.
    expect(now.version - start.get(id)!).toBe(won.length);
    expect(won.map((w) => `并发写入者 ${w.i}`)).toContain(now.address);
  }
  return results;
}

onSqlite('50 concurrent writers through HTTP', () => {
  it('one server process: each commits or gets 409, versions count the commits, no 5xx, no SQLITE_BUSY', async () => {
    const e = env('writers-one');
    const s = await startServer(main, { ...e, DEMO_SEED: 'true' });
    try {
      const token = await bearerToken(s, 'admin', PASSWORD);
      await concurrentWriters([s], [token], 50);
      expect(s.log()).not.toMatch(/SQLITE_BUSY|database is locked/);
    } finally {
      await stopServer(s);
    }
    expect(auditVerify(e)).toMatchObject({ status: 0, output: expect.stringContaining('audit chain intact') });
  }, 180_000);

  it('two server processes on one SQLite file (BEGIN IMMEDIATE + busy timeout): the same guarantees', async () => {
    const e = env('writers-two');
    const a = await startServer(main, { ...e, DEMO_SEED: 'true' });
    const b = await startServer(main, { ...e, DEMO_SEED: 'false' });
    try {
      const tokens = [await bearerToken(a, 'admin', PASSWORD), await bearerToken(b, 'officer.binhai', PASSWORD)];
      await concurrentWriters([a, b], [tokens[0]!, tokens[0]!], 50);
      expect(`${a.log()}${b.log()}`).not.toMatch(/SQLITE_BUSY|database is locked/);
    } finally {
      await stopServer(a);
      await stopServer(b);
    }
    expect(auditVerify(e)).toMatchObject({ status: 0, output: expect.stringContaining('audit chain intact') });
  }, 180_000);
});

onSqlite('SIGKILL in the middle of long writes', () => {
  it('batch re-evaluation: killed between chunks, consistent, resumed from its cursor after the restart', async () => {
    const e = env('batch', { JOBS_ENABLED: 'true' });
    const seeded = runCli(main, 'cli/seed-bulk.js', { PATH: process.env.PATH ?? '' }, ['--enterprises', '4000', '--database', e.DATABASE_URL!, '--batch', '2000', '--no-enterprise-users', '--force']);
    expect(seeded.status).toBe(0);
    let s = await startServer(main, e);
    const token = await bearerToken(s, 'admin', BENCH);
    const started = await api(s, 'POST', '/api/v1/evaluations/batch', token, {});
    expect(started.status).toBe(202);
    const jobId = started.body.id as number;
    type JobView = { status: string; progress: { done: number; total: number } };
    let job: JobView = started.body;
    for (let i = 0; i < 600 && !(job.status === 'running' && job.progress.done > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await api(s, 'GET', `/api/v1/jobs/${jobId}`, token)).body;
    }
    expect(job.status).toBe('running');
    await killHard(s);
    stats.faults++;
    const file = fileOf(e);
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    const [row] = query<{ status: string; progress_done: number; progress_total: number; cursor: string }>(file, 'SELECT status, progress_done, progress_total, cursor FROM job WHERE id = ?', jobId);
    expect(row!.status).toBe('running');
    expect(row!.progress_done).toBeLessThan(row!.progress_total);
    // Each chunk and the cursor commit together: exactly the evaluated files have a stored status.
    const [{ n: statuses }] = query<{ n: number }>(file, 'SELECT COUNT(*) AS n FROM eligibility_status');
    expect(statuses).toBe(row!.progress_done);

    s = await startServer(main, e);
    try {
      const again = await bearerToken(s, 'admin', BENCH);
      for (let i = 0; i < 1200 && job.status !== 'done' && job.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await api(s, 'GET', `/api/v1/jobs/${jobId}`, again)).body;
      }
      expect(job.status).toBe('done');
      expect(job.progress.done).toBe(job.progress.total);
      expect(s.log()).toMatch(new RegExp(`resuming job ${jobId}`));
    } finally {
      await stopServer(s);
    }
    const [{ n: after }] = query<{ n: number }>(file, 'SELECT COUNT(*) AS n FROM eligibility_status');
    expect(after).toBe(job.progress.total);
    expect(query(file, 'SELECT enterprise_id FROM eligibility_status GROUP BY enterprise_id HAVING COUNT(*) > 1')).toEqual([]);
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    expect(auditVerify(e).status).toBe(0);
  }, 600_000);

  it('import commit (one transaction): killed mid-commit, nothing of it is visible; after the restart the same import commits', async () => {
    const e = env('import');
    let s = await startServer(main, { ...e, DEMO_SEED: 'true' });
    const token = await bearerToken(s, 'admin', PASSWORD);
    const rnd = new Random(4242);
    const rows = Array.from({ length: 6000 }, (_, i) => [makeUscc('120116', rnd), `天津崩溃测试${i}号科技有限公司`, '120116']);
    const csv = `\ufeff统一社会信用代码,企业名称,所属区\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'crash.csv');
    const dry = await fetch(`${s.base}/api/v1/imports?kind=enterprises`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const job = (await dry.json()) as { id: number; status: string };
    expect([dry.status, job.status]).toEqual([201, 'planned']);
    const file = fileOf(e);
    const commit = api(s, 'POST', `/api/v1/imports/${job.id}/commit`, token).catch(() => null);
    expect(await writeInProgress(file)).toBe(true);
    await killHard(s);
    stats.faults++;
    await commit;
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    const [{ n: imported }] = query<{ n: number }>(file, "SELECT COUNT(*) AS n FROM enterprise WHERE name LIKE '天津崩溃测试%'");
    const [state] = query<{ status: string }>(file, 'SELECT status FROM import_job WHERE id = ?', job.id);
    expect({ imported, status: state!.status }).toEqual({ imported: 0, status: 'planned' });
    expect(auditVerify(e).status).toBe(0);

    s = await startServer(main, e);
    try {
      const again = await bearerToken(s, 'admin', PASSWORD);
      const done = await api(s, 'POST', `/api/v1/imports/${job.id}/commit`, again);
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('committed');
    } finally {
      await stopServer(s);
    }
    const [{ n: after }] = query<{ n: number }>(file, "SELECT COUNT(*) AS n FROM enterprise WHERE name LIKE '天津崩溃测试%'");
    expect(after).toBe(rows.length);
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    expect(auditVerify(e).status).toBe(0);
  }, 600_000);

  it('bulk decision on a batch (one transaction): killed mid-write, all or nothing; after the restart it is taken again', async () => {
    const e = env('decision');
    let s = await startServer(main, { ...e, DEMO_SEED: 'true' });
    const officer = await bearerToken(s, 'officer.binhai', PASSWORD);
    const manager = await bearerToken(s, 'manager', PASSWORD);
    const year = businessYear();
    const pdf = new Blob([Buffer.from('%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n')], { type: 'application/pdf' });
    const rnd = new Random(777);
    const apps: number[] = [];
    for (let i = 0; i < 40; i++) {
      const uscc = makeUscc('120116', rnd);
      const created = await api(s, 'POST', '/api/v1/enterprises', officer, { uscc, name: `天津批量决定${i}号科技有限公司`, districtCode: '120116', establishedOn: '2019-05-20', taxMode: 'audit', highTechField: 'electronic-information', industryCode: 'C3971' });
      expect(created.status).toBe(201);
      const app = await api(s, 'POST', '/api/v1/applications', officer, { enterpriseId: created.body.id, type: 'tier-recognition', tier: 'young-eagle', year, form: { contactName: '刘经理', contactPhone: '022-23456789', mainProducts: '智能传感器' } });
      expect(app.status).toBe(201);
      for (const requirement of ['audited-statements', 'ip-certificates', 'credit-commitment']) {
        const f = new FormData();
        f.append('requirement', requirement);
        f.append('file', pdf, `${requirement}.pdf`);
        expect((await fetch(`${s.base}/api/v1/applications/${app.body.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${officer}` }, body: f })).status).toBe(201);
      }
      for (const action of ['submit', 'accept', 'recommend']) expect((await api(s, 'POST', `/api/v1/applications/${app.body.id}/transitions`, officer, { action })).status).toBe(200);
      apps.push(app.body.id);
    }
    const batch = await api(s, 'POST', '/api/v1/batches', manager, { programme: 'young-eagle', year, name: `${year}年崩溃测试批` });
    expect(batch.status).toBe(201);
    expect((await api(s, 'POST', `/api/v1/batches/${batch.body.id}/applications`, manager, { applicationIds: apps })).status).toBe(200);
    const startsOn = addDays(businessToday(), -40);
    expect((await api(s, 'POST', `/api/v1/batches/${batch.body.id}/notice`, manager, { startsOn })).status).toBe(200);

    const file = fileOf(e);
    const statusesOf = () => query<{ status: string; n: number }>(file, `SELECT status, COUNT(*) AS n FROM application WHERE id IN (${apps.join(',')}) GROUP BY status`);
    const decision = api(s, 'POST', `/api/v1/batches/${batch.body.id}/decisions`, manager, { action: 'approve' }).catch(() => null);
    const caught = await writeInProgress(file, 30_000);
    await killHard(s);
    stats.faults++;
    await decision;
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    const after = statusesOf();
    // All or nothing: one status for the whole batch.
    expect(after).toHaveLength(1);
    expect(after[0]!.n).toBe(apps.length);
    if (caught) expect(after[0]!.status).toBe('public-notice');
    expect(auditVerify(e).status).toBe(0);

    s = await startServer(main, e);
    try {
      const again = await bearerToken(s, 'manager', PASSWORD);
      const res = await api(s, 'POST', `/api/v1/batches/${batch.body.id}/decisions`, again, { action: 'approve' });
      expect(after[0]!.status === 'public-notice' ? res.status : 200).toBe(200);
    } finally {
      await stopServer(s);
    }
    const final = statusesOf();
    expect(final).toHaveLength(1);
    expect(final[0]!.status).not.toBe('public-notice');
    expect(checkFile(file)).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    expect(auditVerify(e).status).toBe(0);
  }, 600_000);
});

onSqlite('a read-only database', () => {
  const asNobody = process.getuid?.() === 0;

  it('a read-only database file: the server starts, serves reads, and every change answers 503 with a clear message', async () => {
    const e = env('readonly-file');
    const first = await startServer(main, { ...e, DEMO_SEED: 'true' });
    await stopServer(first);
    const file = fileOf(e);
    // Root writes anyway: run the server as "nobody" (uid 65534) when the suite runs as root.
    chmodSync(file, 0o444);
    chmodSync(join(file, '..'), 0o777);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const s = await startServer(main, e, asNobody ? { uid: 65534, gid: 65534 } : {});
    stats.faults++;
    try {
      expect((await api(s, 'GET', '/health')).status).toBe(200);
      expect((await fetch(`${s.base}/login`)).status).toBe(200);
      const token = await api(s, 'POST', '/api/v1/auth/token', undefined, { username: 'admin', password: PASSWORD });
      expect(token.status).toBe(503);
      expect(token.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/read-only/) });
      expect(s.child.exitCode).toBeNull();
    } finally {
      await stopServer(s);
    }
  }, 180_000);

  (asNobody ? it : it.skip)('a read-only directory (read-only file system): the start fails once, clearly, with exit code 78 (no restart loop)', async () => {
    const e = env('readonly-dir');
    const first = await startServer(main, { ...e, DEMO_SEED: 'true' });
    await stopServer(first);
    const file = fileOf(e);
    chmodSync(file, 0o444);
    chmodSync(join(file, '..'), 0o555);
    try {
      const r = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'error', PORT: '0', HOST: '127.0.0.1', ...e }, uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000 });
      stats.faults++;
      expect(r.status).toBe(78);
      expect(`${r.stdout}${r.stderr}`).toMatch(/read-only file system or directory: fix that, then start again/);
    } finally {
      chmodSync(join(file, '..'), 0o755);
    }
  }, 120_000);
});
