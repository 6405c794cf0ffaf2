import './i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import cluster from 'node:cluster';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { startLoggerOptions } from './common/start-logger.js';
import { ConfigError, configFromProcess, type AppConfig } from './config/app-config.js';
import type { DemoLogin } from './database/seed/demo-seed.js';
import { storageProblem } from './database/storage-errors.js';
import { waitForDatabase } from './cluster/database-gate.js';

const SHUTDOWN_GRACE_MS = 15_000;

function urlOf(config: AppConfig): string {
  return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
}

/**
 * Three ways to run (docs/operations.md, "Processes"): WEB_CONCURRENCY=1 is one process that
 * migrates, seeds and serves; above 1 this process becomes the cluster supervisor, which migrates
 * and seeds once and then forks the workers; a worker (cluster.isWorker) only serves.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = configFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nThe server did not start. See README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw err;
  }
  if (cluster.isWorker) return serve(config, true);
  if (config.webConcurrency === 1) return serve(config, false);
  await supervise(config);
}

/**
 * The cluster primary: forks the workers at once (they load their code meanwhile), prepares the
 * database — migrations and the demo seed, once, never concurrently — and only then lets them at it.
 */
async function supervise(config: AppConfig): Promise<void> {
  const started = Date.now();
  const logger = new Logger('Start');
  Logger.overrideLogger(new ConsoleLogger(startLoggerOptions(config)));
  let demoLogins: DemoLogin[] | null = null;
  const { runSupervisor } = await import('./cluster/supervisor.js');
  const supervisor = runSupervisor({
    workers: config.webConcurrency,
    heapMb: config.workerHeapMb,
    nodeOptions: config.nodeOptions,
    mallocArenaMax: config.mallocArenaMax,
    graceMs: SHUTDOWN_GRACE_MS,
    onReady: (pids) => {
      logger.log(`Ready in ${Date.now() - started} ms at ${urlOf(config)}: ${pids.length} workers (pids ${pids.join(', ')}), database: ${config.database.type}`);
      banner(config, demoLogins);
    },
  });
  try {
    const { prepareDatabase } = await import('./database/prepare-database.js');
    demoLogins = await prepareDatabase(config);
  } catch (err) {
    supervisor.stop(startFailed(err), 'the database could not be prepared');
    return;
  }
  supervisor.databaseReady();
}

/** One process serving requests: on its own (WEB_CONCURRENCY=1) or as a cluster worker. */
async function serve(config: AppConfig, worker: boolean): Promise<void> {
  const started = Date.now();
  const databaseReady = worker ? waitForDatabase() : Promise.resolve();
  const { createApp } = await import('./bootstrap.js');
  await databaseReady;
  const { app, demoLogins } = await createApp(config, { databasePrepared: worker });
  // Graceful shutdown (docs/operations.md): on SIGTERM/SIGINT stop accepting connections, let
  // requests in flight finish, run the modules' shutdown hooks (background jobs stop taking work),
  // close the database; a shutdown that hangs is cut short after SHUTDOWN_GRACE_MS.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref());
  }
  await app.listen(config.port, config.host);
  new Logger('Start').log(`${worker ? `Worker ${process.pid} ready` : 'Ready'} in ${Date.now() - started} ms at ${urlOf(config)} (database: ${config.database.type})`);
  if (!worker) banner(config, demoLogins);
}

/** The banner is for the person who just ran `npm start`: plain text on stdout. */
function banner(config: AppConfig, demoLogins: DemoLogin[] | null): void {
  if (!config.demoSeed) return;
  const lines = [
    '',
    `  Cultivation tracker is running: ${urlOf(config)}`,
    `  Demo logins (password: ${config.demoPassword}):`,
    '    admin            系统管理员 / administrator',
    '    manager          管理人员 / manager (city-wide)',
    '    officer.binhai   区级业务人员 滨海新区 (120116)',
    '    officer.nankai   区级业务人员 南开区 (120104)',
    '    officer.heping … officer.jizhou  区级业务人员 of each other district (officer.<district>, see README)',
    '    auditor          安全审计员 / security auditor (audit log only)',
    ...(demoLogins ?? []).filter((l) => l.role === 'enterprise').slice(0, 3).map((l) => `    ${l.username}  企业用户 ${l.scope}`),
    demoLogins ? `    … ${demoLogins.filter((l) => l.role === 'enterprise').length} enterprise users in all, the three above included (username = the enterprise's USCC; see /admin/users)` : '    enterprise users: username = the enterprise USCC (see /admin/users)',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Reports a failed start; returns the exit code. */
function startFailed(err: unknown): number {
  process.stderr.write(`Start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  // A database that cannot be written (read-only file system, full disk) does not heal by restarting:
  // exit 78 (EX_CONFIG) so the service manager does not loop (systemd: RestartPreventExitStatus=78).
  const storage = storageProblem(err);
  if (storage) process.stderr.write(`The database is ${storage === 'read-only' ? 'on a read-only file system or directory' : storage === 'full' ? 'out of space' : storage}: fix that, then start again.\n`);
  return storage ? 78 : 1;
}

main().catch((err) => process.exit(startFailed(err)));
