import { WorkerPool } from '../common/worker-pool.js';
import type { Facts } from '../policy/engine/facts.js';
import type { RuleSets } from '../policy/engine/rule-sets.js';
import { screenChunk, type ChunkResult } from './screen-chunk.js';

interface ScreenJob { asOf: string; ruleSets: RuleSets; entries: [number, Facts][] }

/** The job both inline and in screen.worker.ts. */
export const screenJob = (p: ScreenJob): ChunkResult => screenChunk(p.asOf, p.ruleSets, p.entries);

/** Spreads a screening chunk over the shared worker pool (the engine is pure). */
export class ScreeningPool {
  private readonly pool: WorkerPool<ScreenJob, ChunkResult>;

  constructor(size?: number) {
    this.pool = new WorkerPool(new URL('./screen.worker.js', import.meta.url), screenJob, size);
  }

  async screen(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): Promise<ChunkResult> {
    const parts = await this.pool.map(entries, (slice) => ({ asOf, ruleSets, entries: slice }));
    return {
      rows: parts.flatMap((p) => p.rows),
      evaluated: parts.reduce((a, p) => a + p.evaluated, 0),
      certified: parts.reduce((a, p) => a + p.certified, 0),
      blocked: parts.reduce((a, p) => a + p.blocked, 0),
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
