import { Logger } from '@nestjs/common';
import { ConfigError, configFromProcess, type AppConfig } from './config/app-config.js';
import { createApp } from './bootstrap.js';
import { storageProblem } from './database/storage-errors.js';

const SHUTDOWN_GRACE_MS = 15_000;

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
  const started = Date.now();
  const { app, demoLogins } = await createApp(config);
  // Graceful shutdown (docs/operations.md): on SIGTERM/SIGINT stop accepting connections, let
  // requests in flight finish, run the modules' shutdown hooks (background jobs stop taking work),
  // close the database; a shutdown that hangs is cut short after SHUTDOWN_GRACE_MS.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref());
  }
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
  const logger = new Logger('Start');
  logger.log(`Ready in ${Date.now() - started} ms at ${url} (database: ${config.database.type})`);
  if (config.demoSeed) {
    // The banner is for the person who just ran `npm start`: plain text on stdout.
    const lines = [
      '',
      `  Cultivation tracker is running: ${url}`,
      `  Demo logins (password: ${config.demoPassword}):`,
      '    admin            系统管理员 / administrator',
      '    manager          管理人员 / manager (city-wide)',
      '    officer.binhai   区级业务人员 滨海新区 (120116)',
      '    officer.nankai   区级业务人员 南开区 (120104)',
      '    auditor          安全审计员 / security auditor (audit log only)',
      ...(demoLogins ?? []).filter((l) => l.role === 'enterprise').slice(0, 3).map((l) => `    ${l.username}  企业用户 ${l.scope}`),
      demoLogins ? `    … and ${demoLogins.filter((l) => l.role === 'enterprise').length} enterprise users (username = the enterprise's USCC; see /admin/users)` : '    enterprise users: username = the enterprise USCC (see /admin/users)',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`Start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  // A database that cannot be written (read-only file system, full disk) does not heal by restarting:
  // exit 78 (EX_CONFIG) so the service manager does not loop (systemd: RestartPreventExitStatus=78).
  const storage = storageProblem(err);
  if (storage) process.stderr.write(`The database is ${storage === 'read-only' ? 'on a read-only file system or directory' : storage === 'full' ? 'out of space' : storage}: fix that, then start again.\n`);
  process.exit(storage ? 78 : 1);
});
