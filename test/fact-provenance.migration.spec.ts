import { expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';

/** Migration 1765000001400 backfills provenance on the facts already stored, and reverts cleanly (SQLite). */
it('backfills source, recorder and time on existing IP, qualifications, figures and credit flags; down and up again', async () => {
  const database = join(mkdtempSync(join(tmpdir(), 'provenance-')), 'x.sqlite');
  const before = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS.filter((m) => m.name !== 'FactProvenance1765000001400') });
  await before.initialize();
  await before.runMigrations();
  // Child rows alone (the enterprise itself plays no part in the backfill).
  await before.query('PRAGMA foreign_keys = OFF');
  await before.query("INSERT INTO ip_asset (enterprise_id, kind, number, status, updated_at) VALUES (1, 'invention-patent', 'ZL-OLD-1', 'valid', '2026-01-02 03:04:05')");
  await before.query("INSERT INTO qualification (enterprise_id, kind, obtained_on, updated_at) VALUES (1, 'hnte-certificate', '2024-01-01', '2026-01-03 00:00:00')");
  await before.query("INSERT INTO annual_financials (enterprise_id, year, source, verified_by, updated_at) VALUES (1, 2024, 'officer', 5, '2026-01-04 00:00:00')");
  await before.query(`INSERT INTO credit_flag (enterprise_id, kind, flagged_on, source, note, updated_at) VALUES
    (1, 'abnormal-operation', '2024-01-01', 'credit-china', NULL, '2026-01-05 00:00:00'),
    (1, 'abnormal-operation', '2024-02-01', '市场监管局通报', '逾期年报', '2026-01-05 00:00:00'),
    (1, 'abnormal-operation', '2024-03-01', NULL, NULL, '2026-01-05 00:00:00')`);
  await before.destroy();
  const ds = new DataSource({ type: 'better-sqlite3', database, entities: ENTITIES, migrations: MIGRATIONS });
  await ds.initialize();
  await ds.runMigrations();
  const row = async (sql: string) => (await ds.query(sql))[0];
  expect(await row('SELECT source, source_as_of, recorded_by, recorded_at FROM ip_asset')).toEqual({ source: 'import', source_as_of: null, recorded_by: null, recorded_at: '2026-01-02 03:04:05' });
  expect(await row('SELECT source, recorded_at FROM qualification')).toEqual({ source: 'import', recorded_at: '2026-01-03 00:00:00' });
  expect(await row('SELECT source, recorded_by, recorded_at FROM annual_financials')).toEqual({ source: 'officer', recorded_by: 5, recorded_at: '2026-01-04 00:00:00' });
  expect(await ds.query('SELECT source, note, recorded_at FROM credit_flag ORDER BY flagged_on')).toEqual([
    { source: 'credit-china', note: null, recorded_at: '2026-01-05 00:00:00' },
    { source: 'import', note: '逾期年报 · 市场监管局通报', recorded_at: '2026-01-05 00:00:00' },
    { source: 'import', note: null, recorded_at: '2026-01-05 00:00:00' },
  ]);
  // The child rows above have no enterprise: gone before SQLite rebuilds the tables with their foreign keys.
  for (const table of ['ip_asset', 'qualification', 'annual_financials', 'credit_flag']) await ds.query(`DELETE FROM ${table}`);
  await ds.undoLastMigration();
  expect((await ds.query("SELECT name FROM pragma_table_info('ip_asset') WHERE name = 'source'")).length).toBe(0);
  await ds.runMigrations();
  expect((await ds.query("SELECT name FROM pragma_table_info('import_job') WHERE name = 'source'")).length).toBe(1);
  await ds.destroy();
});
