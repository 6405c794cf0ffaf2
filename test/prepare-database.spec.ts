import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../src/audit/audit-verify.js';
import { loadConfig } from '../src/config/app-config.js';
import { openDataSource } from '../src/database/read-only-fallback.js';
import { prepareDatabase } from '../src/database/prepare-database.js';
import { typeormOptions } from '../src/database/typeorm-options.js';

/**
 * The cluster supervisor migrates and seeds on a connection of its own, outside the Nest app: the
 * audit entries the demo seed writes there must be hash-chained like every other (the audit
 * verification page of a fresh `npm start` says "intact").
 */
const dir = join(process.cwd(), '.test-data', `prepare-${process.pid}-${Date.now()}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareDatabase (supervisor path)', () => {
  it('seeds a chained audit log', async () => {
    if (process.env.TEST_DATABASE_URL) return; // the PostgreSQL run prepares its databases through the app
    mkdirSync(dir, { recursive: true });
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`, DEMO_SEED: 'true', DEMO_PASSWORD: 'Demo@2026', UPLOAD_DIR: join(dir, 'uploads'), LOG_LEVEL: 'silent' });
    const logins = await prepareDatabase(config);
    expect(logins?.length).toBeGreaterThan(0);
    const ds = await openDataSource(typeormOptions(config.database));
    try {
      const entries = Number((await ds.query('SELECT COUNT(*) AS n FROM audit_entry'))[0].n);
      const report = await verifyAuditChain(ds);
      expect({ ok: report.ok, brokenAt: report.brokenAt }).toEqual({ ok: true, brokenAt: null });
      expect(report.checked).toBe(entries);
    } finally {
      await ds.destroy();
    }
  }, 120_000);
});
