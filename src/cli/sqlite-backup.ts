import { existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Online backup and restore of the SQLite database with SQLite's backup API (better-sqlite3's
 * `db.backup()`): a consistent copy taken while the server keeps serving. In WAL mode readers never
 * block writers, so the copy is made in one pass over a read snapshot; writes that commit meanwhile
 * go to the WAL and are simply not in this backup.
 */

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
  enterprises: number | null;
  migrations: number;
}

/** A name for a backup taken now: <dir>/<db-name>-YYYYMMDD-HHMMSS.sqlite. */
export function defaultBackupFile(database: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = database.replace(/\.(sqlite3?|db)$/, '').split('/').pop();
  return resolve(dirname(database), 'backups', `${base}-${stamp}.sqlite`);
}

/** Checks a database file: SQLite's quick_check passes and the migrations table is there. */
export function inspectSqlite(file: string): { ok: boolean; problem?: string; enterprises: number | null; migrations: number } {
  if (!existsSync(file)) return { ok: false, problem: `${file} does not exist`, enterprises: null, migrations: 0 };
  let db: Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ok: false, problem: `quick_check: ${String(check)}`, enterprises: null, migrations: 0 };
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('migrations')) return { ok: false, problem: 'not a cultivation-tracker database (no migrations table)', enterprises: null, migrations: 0 };
    const migrations = (db.prepare('SELECT COUNT(*) AS n FROM migrations').get() as { n: number }).n;
    const enterprises = tables.has('enterprise') ? (db.prepare('SELECT COUNT(*) AS n FROM enterprise').get() as { n: number }).n : null;
    return { ok: true, enterprises, migrations };
  } catch (err) {
    return { ok: false, problem: (err as Error).message, enterprises: null, migrations: 0 };
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database `source` to `out` (which must not exist). Works while the application
 * has the database open and is writing to it. The copy is verified before it is reported.
 */
export async function backupSqlite(source: string, out: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  if (existsSync(out)) throw new Error(`${out} exists already; choose another --out`);
  mkdirSync(dirname(out), { recursive: true });
  const started = Date.now();
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  let pages = 0;
  try {
    // The first step copies 100 pages, then the rest in one step: a step-wise copy restarts from
    // the beginning whenever another connection writes in between, which on a busy server could
    // go on for ever; one step over a WAL read snapshot cannot be disturbed.
    await db.backup(out, {
      progress: ({ totalPages }: { totalPages: number; remainingPages: number }) => {
        pages = totalPages;
        return Math.max(totalPages, 100);
      },
    });
  } catch (err) {
    rmSync(out, { force: true });
    throw err;
  } finally {
    db.close();
  }
  const check = inspectSqlite(out);
  if (!check.ok) {
    rmSync(out, { force: true });
    throw new Error(`the backup failed its check: ${check.problem}`);
  }
  return { file: out, bytes: statSync(out).size, pages, ms: Date.now() - started, enterprises: check.enterprises, migrations: check.migrations };
}

/** Process ids (other than ours, unless includeSelf) that have `file` (or its -wal/-shm) open. Linux /proc. */
export function processesUsing(file: string, includeSelf = false): number[] {
  const targets = new Set([file, `${file}-wal`, `${file}-shm`].map((f) => resolve(f)));
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (!includeSelf && pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          pids.push(pid);
          break;
        }
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return pids;
}

export interface RestoreResult {
  target: string;
  previous: string | null;
  enterprises: number | null;
  migrations: number;
  mode: 'replaced' | 'copied-into-open-database';
}

/**
 * Restores the backup `from` as the database `target`.
 * - Refuses when a process has the target open (a running server), unless `force`.
 * - Without a running server: the backup is copied next to the target, verified, the current file
 *   (and its -wal/-shm) is kept as <target>.before-restore-<stamp>, and the copy is renamed into place.
 * - With `force` and the target open: the backup is written into the open database through SQLite's
 *   backup API, which takes the database's locks; restart the server afterwards (its caches are stale).
 */
export async function restoreSqlite(from: string, target: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const check = inspectSqlite(from);
  if (!check.ok) throw new Error(`${from} is not a usable backup: ${check.problem}`);
  mkdirSync(dirname(target), { recursive: true });
  const users = existsSync(target) ? processesUsing(target, true) : [];
  if (users.length && !options.force) {
    throw new Error(`${target} is open by process ${users.join(', ')} (a running server?): stop it first, or pass --force to write into the open database`);
  }
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    if (users.length) {
      await source.backup(target, { progress: ({ totalPages }: { totalPages: number }) => Math.max(totalPages, 100) });
      return { target, previous: null, enterprises: check.enterprises, migrations: check.migrations, mode: 'copied-into-open-database' };
    }
    const staging = `${target}.restoring`;
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
    await source.backup(staging, { progress: ({ totalPages }: { totalPages: number }) => Math.max(totalPages, 100) });
    const staged = inspectSqlite(staging);
    if (!staged.ok) throw new Error(`the restored copy failed its check: ${staged.problem}`);
    let previous: string | null = null;
    if (existsSync(target)) {
      const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      previous = `${target}.before-restore-${stamp}`;
      renameSync(target, previous);
      for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
    }
    renameSync(staging, target);
    for (const suffix of ['-wal', '-shm']) rmSync(staging + suffix, { force: true });
    return { target, previous, enterprises: check.enterprises, migrations: check.migrations, mode: 'replaced' };
  } finally {
    source.close();
  }
}
