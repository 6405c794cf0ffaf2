import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { ASK, READY } from './database-gate.js';
import { workerEnv, workerExecArgv } from './heap-limit.js';
import { onWorkerDeath } from './restart-policy.js';

export interface Supervisor {
  /** The database is migrated and seeded: workers waiting for it may go on, later ones need not wait. */
  databaseReady(): void;
  /** Stops every worker and exits with `code` (a failed start). */
  stop(code: number, why: string): void;
}

export interface SupervisorOptions {
  workers: number;
  /** How long workers get to finish requests in flight at shutdown before they are killed. */
  graceMs: number;
  /** V8 old-space limit per worker in MB (0: V8's default). */
  heapMb?: number;
  /** NODE_OPTIONS of the supervisor (an explicit heap flag there wins). */
  nodeOptions?: string;
  /** MALLOC_ARENA_MAX of the supervisor's environment ('' or absent: the workers get the default). */
  mallocArenaMax?: string;
  /** Called once, when the first generation of workers all listen. */
  onReady(pids: number[]): void;
}

/**
 * The cluster primary (WEB_CONCURRENCY > 1): forks the workers, which share the listening socket
 * (Node hands connections out round-robin), replaces one that dies (restart-policy.ts: at once
 * after a long life, with a growing pause after quick deaths, giving up on a crash loop), and on
 * SIGTERM/SIGINT forwards SIGTERM to every worker, waits for them to drain and exits. It serves
 * nothing itself. The workers are forked before the database is prepared, so they load their code
 * while the supervisor migrates, but they touch the database only once told (database-gate.ts).
 */
export function runSupervisor(options: SupervisorOptions): Supervisor {
  const logger = new Logger('Cluster');
  const started = new Map<Worker, number>();
  let quickDeaths = 0;
  let stopping = false;
  let exitCode = 0;
  let announced = false;
  const listening = new Set<Worker>();
  let prepared = false;
  const waiting = new Set<Worker>();

  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, options.nodeOptions, options.heapMb ?? 0) });
  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork(workerEnv(options.mallocArenaMax));
    started.set(worker, Date.now());
    worker.on('message', (message: { type?: unknown }) => {
      if (message?.type !== ASK) return;
      if (prepared) worker.send({ type: READY });
      else waiting.add(worker);
    });
    worker.once('listening', () => {
      listening.add(worker);
      if (!announced && listening.size >= options.workers) {
        announced = true;
        options.onReady([...listening].map((w) => w.process.pid!));
      }
    });
  };

  const stopAll = (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.log(`${why}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    // Workers cut their own shutdown short after the grace period; this is the backstop.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(exitCode || 1);
    }, options.graceMs + 5_000).unref();
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    const livedMs = Date.now() - (started.get(worker) ?? Date.now());
    started.delete(worker);
    listening.delete(worker);
    waiting.delete(worker);
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(exitCode);
      return;
    }
    const decision = onWorkerDeath({ livedMs, exitCode: code, quickDeathsBefore: quickDeaths });
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (decision.action === 'stop') {
      logger.error(`worker ${worker.process.pid} exited (${how}) — ${decision.reason}`);
      stopAll(decision.exitCode, 'giving up');
      return;
    }
    quickDeaths = decision.quickDeaths;
    logger.warn(`worker ${worker.process.pid} exited (${how}) after ${Math.round(livedMs / 1000)} s; a replacement starts ${decision.delayMs ? `in ${decision.delayMs} ms` : 'now'}`);
    setTimeout(fork, decision.delayMs);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(0, signal));
  for (let i = 0; i < options.workers; i++) fork();
  return {
    databaseReady: () => {
      prepared = true;
      for (const worker of waiting) if (worker.isConnected()) worker.send({ type: READY });
      waiting.clear();
    },
    stop: (code, why) => stopAll(code, why),
  };
}
