import 'reflect-metadata';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import type { AppConfig } from './config/app-config.js';
import { seedDemoIfEmpty, type DemoLogin } from './database/seed/demo-seed.js';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the application as main.ts runs it: configured, migrated, seeded when empty (outside
 * production). Tests call this too, so they exercise the same start-up path.
 */
export async function createApp(config: AppConfig): Promise<{ app: NestExpressApplication; demoLogins: DemoLogin[] | null }> {
  const logger = new ConsoleLogger({ json: config.nodeEnv === 'production', logLevels: LEVELS[config.logLevel], colors: config.nodeEnv !== 'production' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false });
  configureApp(app);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  await dataSource.runMigrations({ transaction: 'each' });
  const demoLogins = config.demoSeed ? await seedDemoIfEmpty(dataSource, config.demoPassword) : null;
  await app.init();
  return { app, demoLogins };
}
