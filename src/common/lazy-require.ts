import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use rather than at start: ECharts and ExcelJS alone take about
 * 0.8 s of CPU to load, in every worker, before the first page could answer — and most processes
 * render no chart and write no spreadsheet in their first minutes. Synchronous, so callers stay so.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
