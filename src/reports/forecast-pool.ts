import { WorkerPool } from '../common/worker-pool.js';
import type { Facts } from '../policy/engine/facts.js';
import { forecastChunk, type ForecastChunkParams, type ForecastLine } from './forecast-chunk.js';

interface ForecastJob { params: ForecastChunkParams; entries: [number, Facts][] }

/** The job both inline and in forecast.worker.ts. */
export const forecastJob = (p: ForecastJob): ForecastLine[] => forecastChunk(p.params, p.entries);

/**
 * Spreads a forecast chunk over the shared worker pool, so that 120,000 projections and 240,000
 * evaluations neither block the web requests of the process nor use one core only.
 * Created for one run and closed after it.
 */
export class ForecastPool {
  private readonly pool: WorkerPool<ForecastJob, ForecastLine[]>;

  constructor(size?: number) {
    this.pool = new WorkerPool(new URL('./forecast.worker.js', import.meta.url), forecastJob, size);
  }

  async run(params: ForecastChunkParams, entries: [number, Facts][]): Promise<ForecastLine[]> {
    return (await this.pool.map(entries, (slice) => ({ params, entries: slice }))).flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
