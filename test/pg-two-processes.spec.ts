import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPgTestDatabase, DEMO_PASSWORD } from './support/app.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? '';
const onPostgres = /^postgres(ql)?:\/\//.test(PG_URL);
const MAIN = join(process.cwd(), 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface AppProcess {
  child: ChildProcess;
  base: string;
  log: () => string;
}

async function startProcess(databaseUrl: string, secret: string, seed: boolean): Promise<AppProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: secret,
    DEMO_SEED: seed ? 'true' : 'false',
    DEMO_PASSWORD,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Two single processes, not two clusters.
    WEB_CONCURRENCY: '1',
    UPLOAD_DIR: join(process.cwd(), '.test-data', `two-proc-${process.pid}-uploads`),
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`app process exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) return { child, base, log: () => output };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`app process did not become healthy:\n${output}`);
}

async function stopProcess(p: AppProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.child.exitCode === null) p.child.kill('SIGKILL');
}

const cookieOf = (res: Response) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('ect.sid='));
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/**
 * The scale-out setup of docs/operations.md, tested: two application processes (as behind a
 * reverse proxy) on one PostgreSQL database. Sessions, CSRF secrets and tokens live in the
 * database, so a sign-in on one process is honoured by the other, and a sign-out on either ends it.
 * Needs the built server (npm run build; the PostgreSQL suite builds first).
 */
(onPostgres ? describe : describe.skip)('two app processes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof createPgTestDatabase>>;
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm run test:pg does)`);
    db = await createPgTestDatabase(PG_URL);
    const secret = randomBytes(32).toString('hex');
    // The first process migrates and seeds; the second starts on the migrated database.
    a = await startProcess(db.url, secret, true);
    b = await startProcess(db.url, secret, false);
  }, 120_000);

  afterAll(async () => {
    await stopProcess(a);
    await stopProcess(b);
    await db?.drop();
  }, 30_000);

  it('a session started on one process is honoured by the other, including its CSRF token, and signing out on either ends it', async () => {
    const page = await fetch(`${a.base}/login`);
    const anonymous = cookieOf(page)!;
    const token = csrfOf(await page.text())!;
    const login = await fetch(`${a.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, username: 'manager', password: DEMO_PASSWORD, next: '/' }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login) ?? anonymous;

    // The list page on the other process, with the cookie from the first.
    const onB = await fetch(`${b.base}/enterprises`, { headers: { cookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    const html = await onB.text();
    expect(html).toContain('/enterprises/');

    // A form token rendered by B is accepted by A (same session row), e.g. signing out.
    const formToken = csrfOf(html)!;
    const logout = await fetch(`${a.base}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: formToken }).toString(),
    });
    expect(logout.status).toBe(303);
    const after = await fetch(`${b.base}/enterprises`, { headers: { cookie }, redirect: 'manual' });
    expect([302, 303]).toContain(after.status);
    expect(after.headers.get('location')).toMatch(/\/login/);
  });

  it('a bearer token issued by one process works on the other', async () => {
    const res = await fetch(`${b.base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.binhai', password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    const list = await fetch(`${a.base}/api/v1/enterprises?pageSize=5`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: { districtCode: string }[]; total: number };
    expect(body.total).toBeGreaterThan(0);
    for (const e of body.items) expect(e.districtCode).toBe('120116');
  });

  it('both processes keep serving (health) after background jobs ran on both', async () => {
    for (const p of [a, b]) expect((await fetch(`${p.base}/health`)).status).toBe(200);
  });

  it('SIGTERM stops one process gracefully (the request in flight is answered) while the other keeps serving', async () => {
    const inFlight = fetch(`${a.base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }) });
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const exited = new Promise<void>((resolve) => a.child.once('exit', () => resolve()));
    a.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    await exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    // Not the forced exit(1) of a hung shutdown: Nest closed the app and re-raised the signal.
    expect(a.child.exitCode === null ? a.child.signalCode : a.child.exitCode).not.toBe(1);
    expect((await fetch(`${b.base}/health`)).status).toBe(200);
  }, 20_000);
});
