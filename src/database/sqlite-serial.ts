import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM reaches SQLite through one better-sqlite3 connection shared by every request, so two
 * concurrent `dataSource.transaction(...)` calls would nest on that connection (the second as a
 * SAVEPOINT of the first) and statements of unrelated requests would run inside whichever
 * transaction happens to be open — a rollback of one could undo another's committed work, and
 * reads could see uncommitted data. This makes the connection behave like a database server:
 *
 * - a transaction owns the connection from BEGIN to COMMIT/ROLLBACK (an async mutex; its own code,
 *   and only its code, recognised through AsyncLocalStorage, runs statements meanwhile);
 * - any other statement waits for the transaction to end and then runs alone;
 * - transactions start with BEGIN IMMEDIATE, so the write lock is taken up front (waiting up to
 *   busy_timeout for another process) instead of failing with SQLITE_BUSY half way through.
 *
 * - several processes on one file (cluster workers, src/cluster/): better-sqlite3 waits for another
 *   process's lock synchronously, blocking this process's event loop, so the connection waits only
 *   BUSY_WAIT_MS at a time; a statement that still finds the file locked (SQLITE_BUSY — it did
 *   nothing) is retried after an asynchronous pause, other requests running meanwhile, until the
 *   busy timeout (10 s, typeorm-options.ts; `PRAGMA busy_timeout = n` through the data source sets
 *   it) has passed; only then does the busy error reach the caller (503, "busy").
 *
 * better-sqlite3 runs each statement synchronously anyway, so the cost is a few promise hops.
 */
const BUSY_WAIT_MS = 200;
const SET_BUSY_TIMEOUT = /^\s*PRAGMA\s+busy_timeout\s*=\s*(\d+)\s*;?\s*$/i;

function isBusy(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    e = (e as { driverError?: unknown }).driverError;
  }
  return false;
}

/** Runs a statement, retrying it while the file is locked by another process, for at most budgetMs. */
async function withBusyRetry<T>(run: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      // Jittered, growing pause so two processes do not retry in lock-step.
      await new Promise((r) => setTimeout(r, Math.min(250, 5 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
class Mutex {
  private queue: (() => void)[] = [];
  private held = false;

  async acquire(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.held = false;
    };
  }
}

interface Owner {
  token: symbol;
}

const INSTALLED = Symbol('sqliteSerialInstalled');

export function installSqliteSerialisation(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const holder = dataSource as DataSource & { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;

  const mutex = new Mutex();
  const als = new AsyncLocalStorage<Owner>();
  let owner: symbol | null = null;
  const isOwner = () => owner !== null && als.getStore()?.token === owner;

  /** Runs fn holding the connection for its whole duration (a transaction). */
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (isOwner()) return fn();
    const release = await mutex.acquire();
    const token = Symbol('tx');
    owner = token;
    try {
      return await als.run({ token }, fn);
    } finally {
      // A transaction whose COMMIT and ROLLBACK both failed (read-only or full disk mid-write) would
      // leave the shared connection inside it, holding the file's write lock against every other
      // process and making TypeORM nest the next transaction as a savepoint. End it here.
      if (sqlite?.inTransaction) {
        try {
          sqlite.exec('ROLLBACK');
        } catch {
          // nothing more can be done on this connection; the next statement reports the storage error
        }
        const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
        state.isTransactionActive = false;
        state.transactionDepth = 0;
      }
      owner = null;
      release();
    }
  };

  // The one shared query runner: every statement goes through its query().
  const qr = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = qr.query.bind(qr) as (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
  (qr as unknown as { query: typeof query }).query = async (sql: string, params?: unknown[], structured?: boolean) => {
    let text = sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql;
    // The busy timeout is the total wait; the connection itself waits at most BUSY_WAIT_MS at a time.
    const setTimeoutTo = SET_BUSY_TIMEOUT.exec(sql);
    if (setTimeoutTo) {
      busyBudgetMs = Number(setTimeoutTo[1]);
      text = `PRAGMA busy_timeout = ${Math.min(busyBudgetMs, BUSY_WAIT_MS)}`;
    }
    if (isOwner()) return withBusyRetry(() => query(text, params, structured), busyBudgetMs);
    const release = await mutex.acquire();
    try {
      return await withBusyRetry(() => query(text, params, structured), busyBudgetMs);
    } finally {
      release();
    }
  };
  const sqlite = (dataSource.driver as unknown as { databaseConnection?: { pragma(source: string, options?: { simple: boolean }): unknown; inTransaction: boolean; exec(sql: string): unknown } }).databaseConnection;
  let busyBudgetMs = Number(sqlite?.pragma('busy_timeout', { simple: true }) ?? 0) || 10_000;
  sqlite?.pragma(`busy_timeout = ${Math.min(busyBudgetMs, BUSY_WAIT_MS)}`);

  // Entry points that open a transaction of their own: make their whole span exclusive.
  const manager = dataSource.manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const) {
    const original = manager[method].bind(manager);
    manager[method] = (...args: unknown[]) => exclusive(() => original(...args));
  }
}
