import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** LOG_LEVEL and NODE_ENV as logger options: JSON lines in production, coloured text elsewhere. */
export function startLoggerOptions(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): ConsoleLoggerOptions {
  return { json: config.nodeEnv === 'production', logLevels: LEVELS[config.logLevel], colors: config.nodeEnv !== 'production' };
}

/**
 * Nest announces every module, controller and route at start (some 330 lines), which buries the
 * line a person is looking for. This logger sends those to debug and counts them, so the info log
 * carries one summary line instead (`summary()`); LOG_LEVEL=debug still lists every route.
 */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export class StartLogger extends ConsoleLogger {
  private routes = 0;
  private controllers = 0;
  private modules = 0;

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && CHATTY.has(context)) {
      if (context === 'RouterExplorer') this.routes++;
      else if (context === 'RoutesResolver') this.controllers++;
      else this.modules++;
      super.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }

  /** One line for the info log: what the start mapped. */
  summary(): string {
    return `${this.modules} modules, ${this.controllers} controllers, ${this.routes} routes mapped (LOG_LEVEL=debug lists them)`;
  }
}
