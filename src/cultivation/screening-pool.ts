import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Facts } from '../policy/engine/facts.js';
import type { RuleSets } from '../policy/engine/rule-sets.js';
import { screenChunk, type ChunkResult } from './screen-chunk.js';

/**
 * Spreads a screening chunk over worker threads (the engine is pure), as the policy module's
 * EvaluationPool does for batch re-evaluation. Where workers cannot run compiled code (TypeScript
 * under the test runner) or only one core exists, it screens inline with the same function.
 */
export class ScreeningPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(size = availableParallelism()) {
    const url = new URL('./screen.worker.js', import.meta.url);
    if (!import.meta.url.endsWith('.js') || size < 2) return;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url);
      worker.on('message', (m: { requestId: number; result?: ChunkResult; error?: string }) => {
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

  async screen(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): Promise<ChunkResult> {
    if (!this.workers.length) return screenChunk(asOf, ruleSets, entries);
    const size = Math.ceil(entries.length / this.workers.length);
    const parts = await Promise.all(this.workers.map((worker, i) => {
      const slice = entries.slice(i * size, (i + 1) * size);
      if (!slice.length) return Promise.resolve<ChunkResult>({ rows: [], evaluated: 0, certified: 0, blocked: 0 });
      const requestId = ++this.seq;
      return new Promise<ChunkResult>((resolve, reject) => {
        this.pending.set(requestId, { resolve, reject });
        worker.postMessage({ requestId, asOf, ruleSets, entries: slice });
      });
    }));
    return {
      rows: parts.flatMap((p) => p.rows),
      evaluated: parts.reduce((a, p) => a + p.evaluated, 0),
      certified: parts.reduce((a, p) => a + p.certified, 0),
      blocked: parts.reduce((a, p) => a + p.blocked, 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
