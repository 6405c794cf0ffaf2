// Jest globalTeardown (jest.config.js): removes this run's template files and, on PostgreSQL, the
// template databases named after the run (test/support/app.ts, templateFor), finished or not.
import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const dir = process.env.ECT_TEST_TEMPLATE_DIR;
  if (!dir) return;
  const url = process.env.TEST_DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    // Every template of this run by its name prefix (test/support/app.ts, templateFor), so a template
    // whose build was cut short (no manifest written) is dropped too.
    const prefix = `ect_tpl_${dir.slice(-6).replace(/[^a-zA-Z0-9]/g, '')}_`.toLowerCase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname.replace(/"/g, '""')}"`).catch(() => undefined);
    } finally {
      await client.end();
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
