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
 * better-sqlite3 runs each statement synchronously anyway, so the cost is a few promise hops.
 */
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
      owner = null;
      release();
    }
  };

  // The one shared query runner: every statement goes through its query().
  const qr = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = qr.query.bind(qr) as (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
  (qr as unknown as { query: typeof query }).query = async (sql: string, params?: unknown[], structured?: boolean) => {
    const text = sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql;
    if (isOwner()) return query(text, params, structured);
    const release = await mutex.acquire();
    try {
      return await query(text, params, structured);
    } finally {
      release();
    }
  };

  // Entry points that open a transaction of their own: make their whole span exclusive.
  const manager = dataSource.manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const) {
    const original = manager[method].bind(manager);
    manager[method] = (...args: unknown[]) => exclusive(() => original(...args));
  }
}
