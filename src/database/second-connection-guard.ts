import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Inside a transaction, every statement must go through the transaction's own EntityManager. A
 * statement through the DataSource (its manager, a repository of it, a service that holds it)
 * takes a second connection from the pool while the first waits. On PostgreSQL that is
 *   - a read that does not see the transaction's own uncommitted writes (on SQLite, whose one
 *     connection is shared, it does: the two databases would answer differently), and
 *   - a stall: with every pooled connection held by a transaction waiting for a second one, no
 *     request can go on (node-postgres waits for a free connection without a time limit).
 * A KPI import that read the grading settings inside its transaction was the first such case found.
 *
 * This guard marks the span of each `transaction(…)` callback (AsyncLocalStorage) and reports a
 * query runner created inside it while the callback runs (work it left behind that runs later is not
 * its transaction's any more). Config `TX_GUARD`: `throw` in tests, so a new case fails the test that
 * reaches it; `log` in development (to standard error, or appended to the file TX_GUARD_SURVEY names);
 * `off` in production, where it would cost a lookup per statement and change nothing.
 */
export type TxGuardMode = 'throw' | 'log' | 'off';

/** The callback of one transaction while it runs (work it left behind, such as a promise not awaited, outlives it). */
interface Span {
  open: boolean;
}
const spans = new AsyncLocalStorage<Span | undefined>();
const INSTALLED = Symbol('secondConnectionGuard');

export class SecondConnectionError extends Error {
  constructor() {
    super('A statement inside a transaction went through the DataSource instead of the transaction\'s EntityManager: it takes a second pooled connection (see second-connection-guard.ts)');
    this.name = 'SecondConnectionError';
  }
}

/** Where log mode reports: the file TX_GUARD_SURVEY names (one entry per case, `---` between), else standard error. */
export function guardReporter(surveyFile: string | null): (message: string) => void {
  return surveyFile ? (m) => appendFileSync(surveyFile, `${m}\n---\n`) : (m) => process.stderr.write(`${m}\n`);
}

export function guardSecondConnections(dataSource: DataSource, mode: TxGuardMode, log: (message: string) => void = guardReporter(null)): DataSource {
  const holder = dataSource as DataSource & { [INSTALLED]?: boolean };
  if (mode === 'off' || holder[INSTALLED]) return dataSource;
  holder[INSTALLED] = true;

  const manager = dataSource.manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = (...args: unknown[]) => {
    // transaction(work) or transaction(isolationLevel, work); DataSource.transaction passes both, the second undefined.
    const at = typeof args[0] === 'function' ? 0 : 1;
    const work = args[at] as (em: EntityManager) => Promise<unknown>;
    if (typeof work === 'function') {
      args[at] = (em: EntityManager) => {
        const span: Span = { open: true };
        return spans.run(span, () => Promise.resolve(work(em))).finally(() => (span.open = false));
      };
    }
    return transaction(...args);
  };

  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    if (spans.getStore()?.open) {
      const error = new SecondConnectionError();
      if (mode === 'throw') throw error;
      log(`${error.message}\n${error.stack?.split('\n').slice(1, 12).join('\n')}`);
    }
    return createQueryRunner(...args);
  };
  return dataSource;
}

/** Work that must not run inside the caller's transaction span (a deliberate second connection, e.g. after commit). */
export function outsideTransaction<T>(fn: () => T): T {
  return spans.run(undefined, fn);
}
