import 'reflect-metadata';
import type { AppConfig } from '../config/app-config.js';
import { AuditChainSubscriber } from '../audit/audit-chain.subscriber.js';
import { openDataSource } from './read-only-fallback.js';
import { seedDemoIfEmpty, type DemoLogin } from './seed/demo-seed.js';
import { typeormOptions } from './typeorm-options.js';

/**
 * Brings the database up to date — pending migrations, then the demo seed when it is on and the
 * database is empty — on a connection of its own that is closed afterwards. The cluster supervisor
 * calls this once before it forks any worker, so migrations and the seed never run concurrently.
 */
export async function prepareDatabase(config: AppConfig): Promise<DemoLogin[] | null> {
  const dataSource = await openDataSource(typeormOptions(config.database));
  // The seed writes audit entries (offers, projects …): chained here exactly as in the application.
  new AuditChainSubscriber(dataSource);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    return config.demoSeed ? await seedDemoIfEmpty(dataSource, config.demoPassword) : null;
  } finally {
    await dataSource.destroy();
  }
}
