// Jest globalTeardown (jest.config.js): removes this run's template files and, on PostgreSQL, the
// template databases named after the run (test/support/app.ts, templateFor).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalTeardown() {
  const dir = process.env.ECT_TEST_TEMPLATE_DIR;
  if (!dir) return;
  const url = process.env.TEST_DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f.name), 'utf8')).source);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => undefined);
    } finally {
      await client.end();
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
