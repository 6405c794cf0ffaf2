import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Facts } from './engine/facts.js';
import type { RuleSets } from './engine/rule-sets.js';
import { evaluateEntries, type EntryResult } from './evaluate-entries.js';

/**
 * Spreads batch evaluations over worker threads (the engine is pure, so it parallelises freely):
 * on a 2-core machine this halves the CPU part of a 120,000-file re-evaluation. Where workers
 * cannot run compiled code (TypeScript under the test runner) or only one core exists, it
 * evaluates inline with the same function.
 */
export class EvaluationPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: EntryResult[]) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(size = availableParallelism()) {
    const url = new URL('./evaluate.worker.js', import.meta.url);
    const compiled = import.meta.url.endsWith('.js');
    if (!compiled || size < 2) return;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url);
      worker.on('message', (m: { requestId: number; results?: EntryResult[]; error?: string }) => {
        const p = this.pending.get(m.requestId);
        if (!p) return;
        this.pending.delete(m.requestId);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(m.results!);
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

  async evaluate(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): Promise<EntryResult[]> {
    if (!this.workers.length) return evaluateEntries(asOf, ruleSets, entries);
    const size = Math.ceil(entries.length / this.workers.length);
    const parts = this.workers.map((worker, i) => {
      const slice = entries.slice(i * size, (i + 1) * size);
      if (!slice.length) return Promise.resolve([] as EntryResult[]);
      const requestId = ++this.seq;
      return new Promise<EntryResult[]>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        worker.postMessage({ requestId, asOf, ruleSets, entries: slice });
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
