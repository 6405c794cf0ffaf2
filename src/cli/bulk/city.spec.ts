import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MACHINES } from '../../applications/workflow/workflows.js';
import { verifyPassword } from '../../auth/password.js';
import { typeormOptions } from '../../database/typeorm-options.js';
import { usccCheckChar } from '../../policy/engine/uscc.js';
import { generateCity, type BulkResult } from './city.js';

/** The bulk generator on a small city: shape and validity of what it writes, not its speed. */
describe('bulk city generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ect-bulk-'));
  let ds: DataSource;
  let result: BulkResult;
  const today = new Date('2026-11-22T04:00:00Z');

  beforeAll(async () => {
    ds = new DataSource(typeormOptions({ type: 'sqlite', location: join(dir, 'bulk.sqlite') }));
    await ds.initialize();
    await ds.runMigrations();
    result = await generateCity(ds, { enterprises: 600, seed: 7, password: 'Bench@2026', batchSize: 250, today });
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const all = <T>(sql: string) => ds.query(sql) as Promise<T[]>;

  it('writes the requested number of enterprises with valid, unique USCCs', async () => {
    const rows = await all<{ uscc: string; district_code: string }>('SELECT uscc, district_code FROM enterprise');
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.uscc)).size).toBe(600);
    for (const r of rows) {
      expect(r.uscc).toMatch(/^9112\d{4}[0-9A-HJ-NPQRTUWXY]{10}$/);
      expect(r.uscc.slice(2, 8)).toBe(r.district_code);
      expect(r.uscc[17]).toBe(usccCheckChar(r.uscc.slice(0, 17)));
    }
  });

  it('gives files KPI figures for the last two years, graded and materialised (some without land → not-graded)', async () => {
    const [f] = await all<{ n: number; files: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT enterprise_id) AS files FROM kpi_figures WHERE year >= 2024');
    expect(Number(f!.files)).toBeGreaterThan(500);
    const [g] = await all<{ n: number; ng: number; noland: number }>(
      "SELECT COUNT(*) AS n, SUM(CASE WHEN g.grade = 'not-graded' THEN 1 ELSE 0 END) AS ng, SUM(CASE WHEN k.land_mu IS NULL THEN 1 ELSE 0 END) AS noland FROM kpi_grade g JOIN kpi_figures k ON k.enterprise_id = g.enterprise_id AND k.year = g.year WHERE g.year >= 2024",
    );
    expect(Number(g!.n)).toBe(Number(f!.n));
    expect(Number(g!.ng)).toBe(Number(g!.noland));
    expect(Number(g!.ng)).toBeGreaterThan(0);
  });

  it('spreads enterprises over districts with Binhai by far the largest', async () => {
    const rows = await all<{ d: string; n: number }>('SELECT district_code AS d, COUNT(*) AS n FROM enterprise GROUP BY district_code ORDER BY n DESC');
    expect(rows[0]!.d).toBe('120116');
    expect(Number(rows[0]!.n)).toBeGreaterThan(2 * Number(rows[1]!.n));
    expect(rows.length).toBeGreaterThanOrEqual(12);
  });

  it('gives every enterprise 3–5 past years of figures, R&D within plausible intensity', async () => {
    const years = await all<{ n: number }>('SELECT COUNT(*) AS n FROM annual_financials GROUP BY enterprise_id');
    expect(years).toHaveLength(600);
    for (const y of years) expect(Number(y.n)).toBeGreaterThanOrEqual(1);
    expect(years.filter((y) => Number(y.n) >= 3).length / 600).toBeGreaterThan(0.9);
    const [r] = await all<{ maxYear: number; bad: number }>(
      'SELECT MAX(year) AS maxYear, SUM(CASE WHEN rd_expense > operating_revenue * 0.25 THEN 1 ELSE 0 END) AS bad FROM annual_financials',
    );
    expect(Number(r!.maxYear)).toBe(2025);
    expect(Number(r!.bad)).toBe(0);
  });

  it('has a ladder that thins out, HNTE certificates with spread expiries, activities and tasks', async () => {
    const tiers = Object.fromEntries((await all<{ t: string | null; n: number }>('SELECT current_tier AS t, COUNT(*) AS n FROM enterprise GROUP BY current_tier')).map((r) => [r.t ?? 'none', Number(r.n)]));
    expect(tiers.none).toBeGreaterThan(tiers['tech-sme'] ?? 0);
    expect(tiers['tech-sme']).toBeGreaterThan(tiers.gazelle ?? 0);
    const expiries = await all<{ y: string }>("SELECT DISTINCT substr(valid_until, 1, 4) AS y FROM qualification WHERE kind = 'hnte-certificate'");
    expect(expiries.length).toBeGreaterThanOrEqual(3);
    const [a] = await all<{ n: number }>('SELECT COUNT(*) AS n FROM activity');
    expect(Number(a!.n) / 600).toBeGreaterThan(8);
    expect(Number(a!.n) / 600).toBeLessThan(12);
    const [t] = await all<{ n: number }>('SELECT COUNT(*) AS n FROM task');
    expect(Number(t!.n)).toBeGreaterThan(600);
  });

  it('recognises a share of files on the SRDI ladder (from the ladder tables), thinning out as it rises, with 3-year validity', async () => {
    const rows = await all<{ tier: string; n: number }>("SELECT tier, COUNT(DISTINCT enterprise_id) AS n FROM recognition WHERE tier IN ('innovative-sme', 'srdi-sme', 'little-giant') GROUP BY tier");
    const n = Object.fromEntries(rows.map((r) => [r.tier, Number(r.n)]));
    expect(n['innovative-sme']! / 600).toBeGreaterThan(0.03);
    expect(n['innovative-sme']! / 600).toBeLessThan(0.2);
    expect(n['innovative-sme']).toBeGreaterThan(n['srdi-sme'] ?? 0);
    expect(n['srdi-sme']).toBeGreaterThanOrEqual(n['little-giant'] ?? 0);
    // Every higher rung stands on the one below; validity 3 years; the current (Tianjin) tier is not an SRDI rung.
    const [orphans] = await all<{ n: number }>("SELECT COUNT(*) AS n FROM recognition s WHERE s.tier = 'srdi-sme' AND NOT EXISTS (SELECT 1 FROM recognition i WHERE i.enterprise_id = s.enterprise_id AND i.tier = 'innovative-sme')");
    expect(Number(orphans!.n)).toBe(0);
    const [validity] = await all<{ n: number }>("SELECT COUNT(*) AS n FROM recognition WHERE tier = 'innovative-sme' AND CAST(substr(valid_until, 1, 4) AS INTEGER) - CAST(substr(valid_from, 1, 4) AS INTEGER) <> 3");
    expect(Number(validity!.n)).toBe(0);
    const [srdiTier] = await all<{ n: number }>("SELECT COUNT(*) AS n FROM enterprise WHERE current_tier IN ('innovative-sme', 'srdi-sme', 'little-giant')");
    expect(Number(srdiTier!.n)).toBe(0);
  });

  it('creates the demo staff accounts and one login per enterprise, all with the given password', async () => {
    const staff = result.staff.map((s) => s.username);
    expect(staff).toEqual(expect.arrayContaining(['admin', 'manager', 'officer.binhai', 'officer.nankai']));
    const [admin] = await all<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'admin'");
    expect(await verifyPassword('Bench@2026', admin!.password_hash)).toBe(true);
    const [e] = await all<{ n: number }>("SELECT COUNT(*) AS n FROM app_user u JOIN enterprise e ON e.id = u.enterprise_id AND e.uscc = u.username WHERE u.role = 'enterprise'");
    expect(Number(e!.n)).toBe(600);
  });

  it('writes applications in statuses of their workflow, each with the history that leads there', async () => {
    const apps = await all<{ id: number; type: string; status: string; version: number; steps: number; last: string | null }>(
      `SELECT a.id, a.type, a.status, a.version, COUNT(h.id) AS steps,
              (SELECT h2.to_status FROM application_history h2 WHERE h2.application_id = a.id ORDER BY h2.at DESC, h2.id DESC LIMIT 1) AS last
         FROM application a LEFT JOIN application_history h ON h.application_id = a.id GROUP BY a.id`,
    );
    expect(apps.length).toBeGreaterThan(20);
    expect(new Set(apps.map((a) => a.status)).size).toBeGreaterThan(6);
    for (const a of apps) {
      expect(MACHINES[a.type as keyof typeof MACHINES].states).toContain(a.status);
      expect(Number(a.version)).toBe(Number(a.steps) + 1);
      expect(a.last ?? 'draft').toBe(a.status);
    }
  });

  it('refuses a database that already holds enterprises', async () => {
    await expect(generateCity(ds, { enterprises: 1, seed: 1, password: 'Bench@2026', today })).rejects.toThrow(/already holds 600 enterprises/);
  });
});
