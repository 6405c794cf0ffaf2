import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { startLoggerOptions, StartLogger } from './common/start-logger.js';
import type { AppConfig } from './config/app-config.js';
import { seedDemoIfEmpty, type DemoLogin } from './database/seed/demo-seed.js';


/**
 * Builds the application as main.ts runs it: configured, migrated, seeded when empty (outside
 * production). Tests call this too, so they exercise the same start-up path. A cluster worker
 * passes `databasePrepared`: the supervisor already migrated and seeded (src/cluster/).
 */
export async function createApp(config: AppConfig, options: { databasePrepared?: boolean } = {}): Promise<{ app: NestExpressApplication; demoLogins: DemoLogin[] | null }> {
  const logger = new StartLogger(startLoggerOptions(config));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false });
  configureApp(app);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  let demoLogins: DemoLogin[] | null = null;
  if (!options.databasePrepared) {
    await dataSource.runMigrations({ transaction: 'each' });
    demoLogins = config.demoSeed ? await seedDemoIfEmpty(dataSource, config.demoPassword) : null;
  }
  await app.init();
  new Logger('Start').log(logger.summary());
  return { app, demoLogins };
}
