/**
 * When to replace a worker that died, decided from its history alone (no timers, no processes), so
 * the supervisor stays small and this stays testable.
 *
 * - A worker that served for a while (STABLE_MS) and then died is replaced at once: one crash, e.g.
 *   a memory fault, must not cost capacity for long.
 * - Deaths in quick succession back off exponentially (BASE_MS, doubling, at most MAX_MS), so a bug
 *   that kills every worker at start does not spin the CPU forking.
 * - After GIVE_UP consecutive quick deaths the supervisor stops (exit 1) and leaves it to the service
 *   manager: the problem is not going away by itself.
 * - Exit code 78 (EX_CONFIG: the database is read-only or full, see main.ts) never heals by
 *   restarting: the supervisor stops at once with the same code.
 */
export const STABLE_MS = 30_000;
export const BASE_MS = 500;
export const MAX_MS = 30_000;
export const GIVE_UP = 8;
export const EX_CONFIG = 78;

export interface Death {
  /** How long the worker ran, in ms. */
  livedMs: number;
  exitCode: number | null;
  /** Quick deaths in a row before this one. */
  quickDeathsBefore: number;
}

export type Decision =
  | { action: 'restart'; delayMs: number; quickDeaths: number }
  | { action: 'stop'; exitCode: number; reason: string };

export function onWorkerDeath(death: Death): Decision {
  if (death.exitCode === EX_CONFIG) return { action: 'stop', exitCode: EX_CONFIG, reason: 'a worker cannot use the database (exit 78): restarting will not help' };
  if (death.livedMs >= STABLE_MS) return { action: 'restart', delayMs: 0, quickDeaths: 0 };
  const quickDeaths = death.quickDeathsBefore + 1;
  if (quickDeaths >= GIVE_UP) return { action: 'stop', exitCode: 1, reason: `${quickDeaths} workers died within ${STABLE_MS / 1000} s of starting, one after the other` };
  return { action: 'restart', delayMs: Math.min(MAX_MS, BASE_MS * 2 ** (quickDeaths - 1)), quickDeaths };
}
