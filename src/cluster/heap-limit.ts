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

/** glibc's malloc arenas per worker when the operator sets none (MALLOC_ARENA_MAX). */
export const WORKER_MALLOC_ARENAS = 2;

/**
 * What each worker's environment adds to the supervisor's. glibc gives every thread that allocates
 * its own malloc arena and keeps freed memory in it: a worker whose batch runs on evaluation threads
 * held ~20 MB more RSS than with two arenas (docs/performance.md, Memory). An operator's value wins.
 */
export function workerEnv(operatorArenas: string | undefined): Record<string, string> {
  return operatorArenas ? {} : { MALLOC_ARENA_MAX: String(WORKER_MALLOC_ARENAS) };
}
