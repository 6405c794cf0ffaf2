import { expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';

/** The plan-period migration files targets that exist already under the period of their year, and reverts cleanly (SQLite). */
it('backfills existing targets by year, and goes down and up again', async () => {
  const database = join(mkdtempSync(join(tmpdir(), 'plan-periods-')), 'x.sqlite');
  const before = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === 'PlanPeriodsSettings1765000000600')) });
  await before.initialize();
  await before.runMigrations();
  await before.query("INSERT INTO target (metric, year, district_code, value) VALUES ('hnte', 2028, '', 13000), ('hnte', 2035, '', 1)");
  await before.destroy();
  const ds = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS });
  await ds.initialize();
  await ds.runMigrations();
  const rows = await ds.query("SELECT t.year, p.code, t.source FROM target t LEFT JOIN plan_period p ON p.id = t.plan_period_id WHERE metric = 'hnte' ORDER BY t.year");
  expect(rows.map((r: { year: number; code: string | null; source: string | null }) => [r.year, r.code, r.source])).toEqual([
    [2020, '14th', '天津市科技创新“十四五”规划'], [2025, '14th', '天津市科技创新“十四五”规划'], [2028, '15th', null], [2035, null, null],
  ]);
  expect((await ds.query('SELECT COUNT(*) AS n FROM reference_setting'))[0].n).toBeGreaterThanOrEqual(11);
  while ((await ds.query("SELECT name FROM sqlite_master WHERE name = 'plan_period'")).length) await ds.undoLastMigration();
  expect((await ds.query("SELECT name FROM sqlite_master WHERE name = 'reference_setting'")).length).toBe(0);
  expect((await ds.query("SELECT COUNT(*) AS n FROM target WHERE metric IN ('rd-gdp', 'rd-industry')"))[0].n).toBe(0);
  await ds.runMigrations();
  await ds.destroy();
});
