import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import request from 'supertest';
import { backupSqlite, inspectSqlite, processesUsing, restoreSqlite } from '../src/cli/sqlite-backup.js';
import { usccCheckChar } from '../src/policy/engine/uscc.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

const onPostgres = /^postgres/.test(process.env.TEST_DATABASE_URL ?? '');

function uscc(n: number): string {
  const first17 = `91120116TPR${String(n).padStart(6, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** Online backup while the application serves writes, then restore into a fresh file (SQLite). */
(onPostgres ? describe.skip : describe)('operations: SQLite online backup and restore', () => {
  let t: TestApp;
  let dir: string;
  let token: string;
  let backupFile: string;
  const created: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    token = await tokenFor(t, 'officer.binhai');
    dir = mkdtempSync(join(tmpdir(), 'ect-ops-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const create = (n: number) =>
    request(t.http).post('/api/v1/enterprises').set('Authorization', `Bearer ${token}`)
      .send({ uscc: uscc(n), name: `天津运维测试${n}科技有限公司`, districtCode: '120116' })
      .then((res) => {
        if (res.status !== 201) throw new Error(`create ${n}: ${res.status} ${JSON.stringify(res.body)}`);
        created.push(uscc(n));
      });

  it('backs up while writes are being served, and the copy is a consistent, checked database', async () => {
    await Promise.all([1, 2, 3, 4, 5].map(create));
    backupFile = join(dir, 'backup.sqlite');
    // Writes keep arriving while the backup runs.
    const during = Promise.all([6, 7, 8, 9, 10, 11, 12].map(create));
    const result = await backupSqlite(t.config.database.location, backupFile);
    await during;
    expect(result.bytes).toBeGreaterThan(0);
    const check = inspectSqlite(backupFile);
    expect(check.ok).toBe(true);
    // Everything committed before the backup started is in it (later writes may or may not be).
    expect(check.enterprises).toBeGreaterThanOrEqual(t.demo.filter((d) => d.role === 'enterprise').length + 5);
    const db = new Database(backupFile, { readonly: true });
    const usccs = (db.prepare('SELECT uscc FROM enterprise').all() as { uscc: string }[]).map((r) => r.uscc);
    db.close();
    for (const u of created.slice(0, 5)) expect(usccs).toContain(u);
    // The application is still serving.
    await request(t.http).get('/health').expect(200);
  });

  it('refuses to overwrite a database a running server has open', async () => {
    expect(processesUsing(t.config.database.location, true)).toContain(process.pid);
    await expect(restoreSqlite(backupFile, t.config.database.location)).rejects.toThrow(/is open by process/);
  });

  it('restores into a fresh file on which the application starts with the data there', async () => {
    const target = join(dir, 'restored', 'app.sqlite');
    const result = await restoreSqlite(backupFile, target);
    expect(result.mode).toBe('replaced');
    expect(existsSync(target)).toBe(true);
    const restored = await startTestApp({ DATABASE_URL: `sqlite:${target}` });
    try {
      const officer = await tokenFor(restored, 'officer.binhai');
      const list = await request(restored.http).get(`/api/v1/enterprises?q=${encodeURIComponent(created[0]!)}`).set('Authorization', `Bearer ${officer}`).expect(200);
      expect(list.body.items.map((e: { uscc: string }) => e.uscc)).toContain(created[0]);
      const agent = await signIn(restored, 'manager');
      await agent.get('/enterprises').expect(200);
    } finally {
      await restored.close();
    }
  });

  it('keeps the replaced database aside when restoring over an existing (stopped) one', async () => {
    const target = join(dir, 'restored', 'app.sqlite');
    const result = await restoreSqlite(backupFile, target, { now: new Date('2026-11-22T05:00:00Z') });
    expect(result.previous).toBe(`${target}.before-restore-20261122-050000`);
    expect(inspectSqlite(result.previous!).ok).toBe(true);
    expect(inspectSqlite(target).ok).toBe(true);
  });

  it('rejects a file that is not a backup of this application', async () => {
    const bogus = join(dir, 'bogus.sqlite');
    const db = new Database(bogus);
    db.exec('CREATE TABLE x (a)');
    db.close();
    await expect(restoreSqlite(bogus, join(dir, 'other.sqlite'))).rejects.toThrow(/no migrations table/);
  });
});
