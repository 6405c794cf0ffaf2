import { WorkerPool } from '../common/worker-pool.js';
import type { Facts } from './engine/facts.js';
import type { RuleSets } from './engine/rule-sets.js';
import { evaluateEntries, type EntryResult } from './evaluate-entries.js';

interface EvaluateJob { asOf: string; ruleSets: RuleSets; entries: [number, Facts][] }

/** The job both inline and in evaluate.worker.ts. */
export const evaluateJob = (p: EvaluateJob): EntryResult[] => evaluateEntries(p.asOf, p.ruleSets, p.entries);

/**
 * A thread evaluates half a chunk (500 files) at a time: its live data is a few MB. Bounded, its
 * young generation and old space stop growing with the garbage of 120 chunks (docs/performance.md, Memory).
 */
export const EVALUATION_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 } as const;

/**
 * Spreads batch evaluations over the shared worker pool (the engine is pure, so it parallelises
 * freely): on a 2-core machine this halves the CPU part of a 120,000-file re-evaluation.
 */
export class EvaluationPool {
  private readonly pool: WorkerPool<EvaluateJob, EntryResult[]>;

  constructor(size?: number) {
    this.pool = new WorkerPool(new URL('./evaluate.worker.js', import.meta.url), evaluateJob, size, EVALUATION_THREAD_LIMITS);
  }

  get parallel(): number {
    return this.pool.parallel;
  }

  async evaluate(asOf: string, ruleSets: RuleSets, entries: [number, Facts][]): Promise<EntryResult[]> {
    return (await this.pool.map(entries, (slice) => ({ asOf, ruleSets, entries: slice }))).flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
