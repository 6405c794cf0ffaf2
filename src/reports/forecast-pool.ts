import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Facts } from '../policy/engine/facts.js';
import { forecastChunk, type ForecastChunkParams, type ForecastLine } from './forecast-chunk.js';

/**
 * Spreads a forecast chunk over worker threads (as the policy module's EvaluationPool does for the
 * portfolio re-evaluation), so that 120,000 projections and 240,000 evaluations neither block the
 * web requests of the process nor use one core only. Where workers cannot run compiled code
 * (TypeScript under the test runner) or one core exists, the same function runs inline.
 * Created for one run and closed after it.
 */
export class ForecastPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: ForecastLine[]) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(size = availableParallelism()) {
    const compiled = import.meta.url.endsWith('.js');
    if (!compiled || size < 2) return;
    const url = new URL('./forecast.worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url);
      worker.on('message', (m: { requestId: number; lines?: ForecastLine[]; error?: string }) => {
        const p = this.pending.get(m.requestId);
        if (!p) return;
        this.pending.delete(m.requestId);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(m.lines!);
      });
      worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }

  async run(params: ForecastChunkParams, entries: [number, Facts][]): Promise<ForecastLine[]> {
    if (!this.workers.length) return forecastChunk(params, entries);
    const size = Math.ceil(entries.length / this.workers.length);
    const parts = this.workers.map((worker, i) => {
      const slice = entries.slice(i * size, (i + 1) * size);
      if (!slice.length) return Promise.resolve([] as ForecastLine[]);
      const requestId = ++this.seq;
      return new Promise<ForecastLine[]>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        worker.postMessage({ requestId, params, entries: slice });
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
