/**
 * npm run seed:bulk -- --enterprises 120000 [--seed N] [--database sqlite:data/bench.sqlite] [--force]
 *                      [--password P] [--batch 2000] [--no-enterprise-users]
 *
 * Builds a realistic city of enterprises in a new database (migrated first) for benchmarks and
 * capacity planning. SQLite: refuses an existing file unless --force (which replaces it).
 * PostgreSQL (postgres://…): the database must hold no enterprises yet.
 * Every account (admin, manager, officer.<district>…, and one per enterprise = its USCC) gets the
 * password given (default Bench@2026), so the benchmark can sign in.
 */
import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { typeormOptions } from '../database/typeorm-options.js';
import { generateCity } from './bulk/city.js';

export const BENCH_PASSWORD = 'Bench@2026';

function fail(message: string): never {
  process.stderr.write(`seed:bulk: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      enterprises: { type: 'string', default: '120000' },
      seed: { type: 'string', default: '20261122' },
      database: { type: 'string', default: 'sqlite:data/bench.sqlite' },
      password: { type: 'string', default: BENCH_PASSWORD },
      batch: { type: 'string', default: '2000' },
      force: { type: 'boolean', default: false },
      'no-enterprise-users': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const enterprises = Number(values.enterprises);
  const seed = Number(values.seed);
  const batchSize = Number(values.batch);
  if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 2_000_000) fail('--enterprises must be a whole number between 1 and 2,000,000');
  if (!Number.isInteger(seed)) fail('--seed must be a whole number');
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('--batch must be a positive whole number');
  if (values.password.length < 8) fail('--password must have at least 8 characters');

  let db;
  try {
    db = loadConfig({ DATABASE_URL: values.database }).database;
  } catch (err) {
    fail((err as Error).message);
  }
  if (db.type === 'sqlite' && db.location !== ':memory:' && existsSync(db.location)) {
    if (!values.force) fail(`${db.location} exists; pass --force to replace it`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db.location}${suffix}`, { force: true });
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`seed:bulk: ${enterprises} enterprises, seed ${seed}, into ${db.type === 'sqlite' ? db.location : db.location.replace(/\/\/[^@]*@/, '//***@')}`);
  const dataSource = new DataSource(typeormOptions(db));
  await dataSource.initialize();
  try {
    const t0 = Date.now();
    await dataSource.runMigrations({ transaction: 'each' });
    out(`migrated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const result = await generateCity(dataSource, { enterprises, seed, password: values.password, batchSize, enterpriseUsers: !values['no-enterprise-users'], progress: out });
    out('');
    out(`done: ${result.enterprises} enterprises, ${result.rows} rows in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / result.seconds)} rows/s)`);
    for (const [table, n] of Object.entries(result.rowsByTable)) out(`  ${table.padEnd(20)} ${String(n).padStart(9)}`);
    out(`logins, password ${values.password === BENCH_PASSWORD ? BENCH_PASSWORD : '(as given)'}: ${result.staff.map((s) => s.username).join(', ')}; enterprise users: username = USCC`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`seed:bulk failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
