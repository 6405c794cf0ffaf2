import { outsideTransaction } from './second-connection-guard.js';

/**
 * Reference data a process keeps for `ttlMs` (settings, rule sets, the working calendar, plan
 * periods, ladders, districts): read on every page and inside write transactions.
 *
 * - Fresh: answered from memory.
 * - Older than `ttlMs`: answered from memory at once while one reload runs in the background. A
 *   caller inside a transaction therefore never waits for a query on a second pooled connection —
 *   with every connection held by such a caller the pool would stall (second-connection-guard.ts).
 *   The price: the first request after the interval sees the previous value (another process's
 *   change shows one request later than before).
 * - After a write by this process, its writer calls `refresh()` once the write has committed and
 *   waits for the new value, holding no connection; meanwhile other readers get the previous one (as
 *   another process would). So no reader, inside a transaction or not, waits for a load after a write.
 * - Never loaded (or dropped by `invalidate()`, which tests use): the caller waits for the load, which
 *   runs outside any caller's transaction span (it reads committed data, as every other process does).
 *   A load that started before a refresh() or invalidate() does not store its (possibly older) result.
 * - A failed load is not kept; the next caller tries again (a background failure keeps the old value).
 */
export class RefreshingCache<T> {
  private value: { at: number; data: T } | null = null;
  private pending: Promise<T> | null = null;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The first read, at start (the services' onApplicationBootstrap), so that no request waits for it.
   * A failure is left for the first use to try again: the process still starts.
   */
  async warm(): Promise<void> {
    await this.get().catch(() => undefined);
  }

  async get(): Promise<T> {
    const held = this.value;
    if (held && this.clock() - held.at < this.ttlMs) return held.data;
    if (held) {
      this.reload().catch(() => undefined);
      return held.data;
    }
    return this.reload();
  }

  /**
   * After a write by this process has committed: loads the new value and waits for it. A failed
   * load drops the value instead (the write stands; the next reader loads).
   */
  async refresh(): Promise<void> {
    this.generation++;
    this.pending = null;
    await this.reload().catch(() => this.invalidate());
  }

  /** Forgets the value: the next get() waits for a fresh one (tests that change a table by hand). */
  invalidate(): void {
    this.value = null;
    this.pending = null;
    this.generation++;
  }

  private reload(): Promise<T> {
    if (this.pending) return this.pending;
    const generation = this.generation;
    const loading = outsideTransaction(() => this.load()).then((data) => {
      if (generation === this.generation) this.value = { at: this.clock(), data };
      return data;
    });
    const settle = () => {
      if (this.pending === loading) this.pending = null;
    };
    loading.then(settle, settle);
    this.pending = loading;
    return loading;
  }
}
