/**
 * The V8 old-space limit the supervisor gives each worker (WORKER_HEAP_MB). V8 otherwise sizes the
 * heap to the machine (about 4 GB here) and collects lazily, so a worker's RSS drifted to 500+ MB
 * under load with no more live data. An explicit --max-old-space-size, in the worker's own
 * arguments or in NODE_OPTIONS, wins; 0 leaves V8's default.
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions: string | undefined, heapMb: number): string[] {
  const explicit = (arg: string) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(arg);
  if (heapMb <= 0 || execArgv.some(explicit) || (nodeOptions ?? '').split(/\s+/).some(explicit)) return [...execArgv];
  return [...execArgv, `--max-old-space-size=${heapMb}`];
}
