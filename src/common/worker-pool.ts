import { availableParallelism } from 'node:os';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * The one worker-thread pool (policy re-evaluation, cultivation screening, reports forecast): a
 * pure `job(payload)` runs in `size` worker threads on slices of the input. Where workers cannot
 * run compiled code (TypeScript under the test runner) or only one core exists, the same job runs
 * inline on the whole input — identical results, no threads.
 */
export class WorkerPool<Payload, Result> {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private seq = 0;

  /**
   * @param workerUrl the worker file (it calls `serveJobs(job)`), resolved next to the caller.
   * @param job the same pure function, for the inline mode.
   * @param resourceLimits each thread's heap bounds; without them a thread sizes its heap like the
   *   process's and collects lazily, and its garbage counts in the worker's RSS.
   */
  constructor(workerUrl: URL, private readonly job: (payload: Payload) => Result, size = availableParallelism(), resourceLimits?: ResourceLimits) {
    if (!import.meta.url.endsWith('.js') || size < 2) return;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl, resourceLimits ? { resourceLimits } : undefined);
      worker.on('message', (m: { requestId: number; result?: Result; error?: string }) => {
        const p = this.pending.get(m.requestId);
        if (!p) return;
        this.pending.delete(m.requestId);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(m.result!);
      });
      worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }

  get parallel(): number {
    return this.workers.length || 1;
  }

  /**
   * Splits items into one slice per worker; `payloadOf` makes a slice's message (plain,
   * structured-cloneable data). One result per non-empty slice (a single one, the whole input,
   * when inline); the caller merges them.
   */
  async map<Item>(items: Item[], payloadOf: (slice: Item[]) => Payload): Promise<Result[]> {
    if (!this.workers.length) return [this.job(payloadOf(items))];
    const size = Math.ceil(items.length / this.workers.length);
    const parts: Promise<Result>[] = [];
    this.workers.forEach((worker, i) => {
      const slice = items.slice(i * size, (i + 1) * size);
      if (!slice.length) return;
      const requestId = ++this.seq;
      parts.push(new Promise<Result>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        worker.postMessage({ requestId, payload: payloadOf(slice) });
      }));
    });
    return Promise.all(parts);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/** The worker side: answers each `{ requestId, payload }` with `job(payload)` or the error's message. */
export function serveJobs<Payload, Result>(job: (payload: Payload) => Result): void {
  parentPort?.on('message', (message: { requestId: number; payload: Payload }) => {
    try {
      parentPort!.postMessage({ requestId: message.requestId, result: job(message.payload) });
    } catch (err) {
      parentPort!.postMessage({ requestId: message.requestId, error: (err as Error).message });
    }
  });
}
