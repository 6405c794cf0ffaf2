import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import request from 'supertest';
import { verifyAuditChain } from '../src/audit/audit-verify.js';
import { LoginAttempt } from '../src/auth/login-attempt.entity.js';
import { csrfOf, signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';
import { listenOnce } from './support/security.js';

/**
 * Faults inside one process (等保三级 数据完整性 / 可用性): the shared SQLite connection keeps
 * concurrent transactions apart; a full disk (PRAGMA max_page_count), a read-only database
 * (PRAGMA query_only) and a database locked by another process answer 503 — JSON with a clear
 * message, or an error page in the user's language — while reads go on, and the same process
 * recovers when the condition ends. (Real server processes: faults.process.spec.ts.)
 */

const sqlite = !process.env.TEST_DATABASE_URL;
const onSqlite = sqlite ? describe : describe.skip;

let t: TestApp;
let token: string;
let enterpriseId: number;
beforeAll(async () => {
  t = await startTestApp();
  await listenOnce(t);
  token = await tokenFor(t, 'officer.binhai');
  enterpriseId = (await request(t.http).get('/api/v1/enterprises?pageSize=1').set('Authorization', `Bearer ${token}`).expect(200)).body.items[0].id;
});
afterAll(async () => {
  await t?.close();
});

const bearer = () => ({ Authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const row = (username: string) => ({ username, ip: '10.0.0.1', success: false, reason: null, channel: 'api' as const, at: new Date() });
const note = (text: string) => request(t.http).post(`/api/v1/enterprises/${enterpriseId}/activities`).set(bearer()).send({ kind: 'note', text });

onSqlite('one shared SQLite connection, many requests', () => {
  it('a failing transaction never takes another request\'s committed write with it', async () => {
    const ds = t.dataSource;
    const failing = ds.transaction(async (em) => {
      await em.insert(LoginAttempt, row('tx-a'));
      await sleep(60);
      throw new Error('boom');
    }).catch(() => 'rolled back');
    const plain = (async () => {
      await sleep(10);
      await ds.getRepository(LoginAttempt).insert(row('plain-b'));
      return 'b';
    })();
    const other = (async () => {
      await sleep(20);
      await ds.transaction((em) => em.insert(LoginAttempt, row('tx-c')));
      return 'c';
    })();
    expect(await Promise.all([failing, plain, other])).toEqual(['rolled back', 'b', 'c']);
    const names: { username: string }[] = await ds.query("SELECT username FROM login_attempt WHERE username IN ('tx-a', 'plain-b', 'tx-c') ORDER BY username");
    expect(names.map((n) => n.username)).toEqual(['plain-b', 'tx-c']);
  });

  it('50 concurrent HTTP writers on the same files: each commits or gets 409, versions and audit agree', async () => {
    const ids = (await request(t.http).get('/api/v1/enterprises?pageSize=3').set(bearer()).expect(200)).body.items.map((e: { id: number }) => e.id) as number[];
    const start = new Map<number, number>();
    for (const id of ids) start.set(id, (await request(t.http).get(`/api/v1/enterprises/${id}`).set(bearer())).body.enterprise.version);
    const results = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const id = ids[i % ids.length]!;
      const version = (await request(t.http).get(`/api/v1/enterprises/${id}`).set(bearer())).body.enterprise.version;
      const res = await request(t.http).patch(`/api/v1/enterprises/${id}`).set(bearer()).send({ address: `并发写入 ${i}`, version });
      return { id, i, status: res.status };
    }));
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    for (const id of ids) {
      const won = results.filter((r) => r.id === id && r.status === 200);
      const now = (await request(t.http).get(`/api/v1/enterprises/${id}`).set(bearer())).body.enterprise;
      expect(now.version - start.get(id)!).toBe(won.length);
      expect(won.map((w) => `并发写入 ${w.i}`)).toContain(now.address);
    }
    expect((await verifyAuditChain(t.dataSource)).ok).toBe(true);
  });
});

onSqlite('a full disk (PRAGMA max_page_count)', () => {
  it('writes answer 503 with a clear message, reads go on, and writing works again once there is room', async () => {
    const agent = await signIn(t, 'officer.binhai');
    const csrf = await csrfOf(agent, `/enterprises/${enterpriseId}`);
    const [{ page_count: pages }] = (await t.dataSource.query('PRAGMA page_count')) as { page_count: number }[];
    // Fill the last free pages, then cap the file at its size.
    await t.dataSource.query(`PRAGMA max_page_count = ${pages + 1}`);
    try {
      let res = await note('填满'.repeat(400));
      for (let i = 0; i < 40 && res.status === 201; i++) res = await note('填满'.repeat(400));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/no space left/) });
      expect(res.headers['retry-after']).toBe('30');
      expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|at .*\.js/);
      await request(t.http).get(`/api/v1/enterprises/${enterpriseId}`).set(bearer()).expect(200);
      await request(t.http).get('/health').expect(200);
      // The HTML face: an error page in Chinese, not a stack trace.
      const page = await agent.post(`/enterprises/${enterpriseId}/activities`).type('form').send({ _csrf: csrf, kind: 'note', text: '填满'.repeat(400) });
      expect(page.status).toBe(503);
      expect(page.text).toContain('数据库存储空间已满');
      expect(page.text).not.toMatch(/SQLITE|at .*\.js:\d+/);
    } finally {
      await t.dataSource.query('PRAGMA max_page_count = 1073741823');
    }
    await note('空间恢复后写入').expect(201);
  });
});

onSqlite('a read-only database (PRAGMA query_only)', () => {
  it('writes answer 503 "read-only", reads and sign-in pages go on, and writing resumes', async () => {
    await t.dataSource.query('PRAGMA query_only = ON');
    try {
      const res = await note('只读时写入');
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/read-only/);
      await request(t.http).get(`/api/v1/enterprises/${enterpriseId}`).set(bearer()).expect(200);
      await request(t.http).get('/login').expect(200);
      await request(t.http).get('/health').expect(200);
    } finally {
      await t.dataSource.query('PRAGMA query_only = OFF');
    }
    await note('只读解除后写入').expect(201);
  });
});

onSqlite('a database locked by another process', () => {
  /** Another process holding SQLite's write lock for `ms` (better-sqlite3 waits synchronously, so it cannot be this one). */
  function holdLock(file: string, ms: number): Promise<void> {
    const code = `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');process.stdout.write('locked\\n');setTimeout(()=>{d.exec('COMMIT');d.close();},${ms});`;
    const child = spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve) => child.stdout!.once('data', () => resolve()));
  }

  it('a write held up beyond the busy timeout answers 503 "busy" (not 500); within it, the writer waits and succeeds', async () => {
    const file = t.config.database.location;
    await t.dataSource.query('PRAGMA busy_timeout = 400');
    try {
      await holdLock(file, 2500);
      const res = await note('被锁时写入');
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/busy/);
      expect(JSON.stringify(res.body)).not.toMatch(/SQLITE/);
      await sleep(2600);
      await holdLock(file, 150);
      expect((await note('稍等后写入')).status).toBe(201);
    } finally {
      await t.dataSource.query('PRAGMA busy_timeout = 10000');
    }
    await note('锁释放后写入').expect(201);
  });
});
