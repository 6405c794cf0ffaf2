import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { todayIso } from '../src/common/format.js';
import { TIERS } from '../src/ladder/tiers.js';
import { startTestApp, tokenFor, type TestApp } from './support/app.js';
import { sqlOn } from './support/sql.js';

/** Issue 18.8: the demo city is consistent, covers every district, has a real funnel, and is ready to use at first start. */
let t: TestApp;
const sql = sqlOn(() => t.dataSource);
const YEAR = Number(todayIso().slice(0, 4));
const num = (v: unknown) => Number(v);
const api = async (path: string, who: string) => request(t.http).get(path).set('Authorization', `Bearer ${await tokenFor(t, who)}`);

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo city: coverage and consistency', () => {
  it('has files in all 16 districts of the reference data, a few hundred in all', async () => {
    const districts = await sql<{ code: string; n: number }>('SELECT d.code, (SELECT COUNT(*) FROM enterprise e WHERE e.district_code = d.code AND e.deleted_at IS NULL) AS n FROM district d ORDER BY d.code');
    expect(districts).toHaveLength(16);
    expect(districts.filter((d) => num(d.n) === 0).map((d) => d.code)).toEqual([]);
    const total = districts.reduce((a, d) => a + num(d.n), 0);
    expect(total).toBeGreaterThanOrEqual(200);
    expect(total).toBeLessThanOrEqual(500);
  });

  it.each([
    ['figures', 'SELECT e.id FROM annual_financials f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.year < CAST(SUBSTR(e.established_on, 1, 4) AS INTEGER)'],
    ['IP grants', 'SELECT e.id FROM ip_asset i JOIN enterprise e ON e.id = i.enterprise_id WHERE i.granted_on < e.established_on'],
    ['qualifications', 'SELECT e.id FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id WHERE q.obtained_on < e.established_on'],
    ['recognitions', 'SELECT e.id FROM recognition r JOIN enterprise e ON e.id = r.enterprise_id WHERE r.year < CAST(SUBSTR(e.established_on, 1, 4) AS INTEGER)'],
  ])('has no %s before the founding of the file', async (_what, query) => {
    expect(await sql(query)).toEqual([]);
  });

  it('names each file’s own district in its address, and no other district’s place in its name', async () => {
    const rows = await sql<{ id: number; name: string; address: string; district_code: string; name_zh: string }>('SELECT e.id, e.name, e.address, e.district_code, d.name_zh FROM enterprise e JOIN district d ON d.code = e.district_code');
    expect(rows.filter((r) => !r.address.startsWith(`天津市${r.name_zh}`)).map((r) => r.id)).toEqual([]);
    const home: [string, string][] = [['南开', '120104'], ['和平', '120101'], ['滨城', '120116'], ['泰达', '120116']];
    expect(rows.filter((r) => home.some(([place, code]) => r.name.includes(place) && r.district_code !== code)).map((r) => r.name)).toEqual([]);
  });

  it('is a funnel: files per rung never grow up the ladder, and files without a rung are the widest layer', async () => {
    const rows = await sql<{ tier: string | null; n: number }>('SELECT current_tier AS tier, COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL GROUP BY current_tier');
    const count = (tier: string | null) => num(rows.find((r) => r.tier === tier)?.n ?? 0);
    const layers = [null, ...TIERS].map(count);
    expect(layers.every((n, i) => i === 0 || n <= layers[i - 1]!)).toBe(true);
    expect(layers[layers.length - 1]).toBeGreaterThan(0);
  });
});

describe('demo city: the dashboard', () => {
  it('pipeline: every district has a base of files (rung or not), this year’s rungs form a funnel, and conversions have data', async () => {
    const res = await api(`/api/v1/reports/pipeline?year=${YEAR}`, 'manager');
    expect(res.status).toBe(200);
    const body = res.body as { countsByTierAndDistrict: { districtCode: string; total: number; files: number }[]; totalsByTier: Record<string, number>; conversions: { base: number; converted: number }[] };
    expect(body.countsByTierAndDistrict).toHaveLength(16);
    expect(body.countsByTierAndDistrict.filter((d) => !(d.files > 0 && d.files >= d.total)).map((d) => d.districtCode)).toEqual([]);
    const [fileCount] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM enterprise WHERE deleted_at IS NULL');
    expect(body.totalsByTier.files).toBe(num(fileCount!.n));
    const layers = [body.totalsByTier.files, ...TIERS.map((r) => body.totalsByTier[r]!)];
    expect(layers.every((n, i) => i === 0 || n <= layers[i - 1]!)).toBe(true);
    expect(body.conversions.some((c) => c.base > 0 && c.converted > 0)).toBe(true);
  });

  it('pipeline: a district officer’s base counts the district’s files without a rung', async () => {
    const res = await api(`/api/v1/reports/pipeline?year=${YEAR}`, 'officer.jinnan');
    expect(res.status).toBe(200);
    const [row] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM enterprise WHERE district_code = '120112' AND deleted_at IS NULL");
    const mine = (res.body.countsByTierAndDistrict as { districtCode: string; files: number; total: number }[]).find((d) => d.districtCode === '120112')!;
    expect(mine.files).toBe(num(row!.n));
    expect(mine.files).toBeGreaterThan(mine.total);
  });

  it('applications: open ones of several ages, so time in status has data', async () => {
    const res = await api(`/api/v1/reports/pipeline?year=${YEAR}`, 'manager');
    const items = res.body.applicationsByStatus.items as { status: string; count: number; medianDaysInStatus: number | null }[];
    expect(items.filter((i) => ['submitted', 'district-review', 'municipal-review'].includes(i.status) && i.count > 0 && (i.medianDaysInStatus ?? 0) > 0).length).toBeGreaterThan(0);
  });
});

describe('demo city: ready at first start', () => {
  it('lists seedlings from a screening run at seed', async () => {
    const res = await api('/api/v1/cultivation/candidates', 'manager');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  });

  it('gives an enterprise demo login an open offer', async () => {
    const [row] = await sql<{ username: string }>("SELECT u.username FROM offer o JOIN app_user u ON u.enterprise_id = o.enterprise_id AND u.role = 'enterprise' WHERE o.status = 'open' ORDER BY o.id");
    expect(row).toBeDefined();
    const res = await api('/api/v1/offers?status=open', row!.username);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  });

  it('has an officer for every district', async () => {
    const rows = await sql<{ code: string }>("SELECT d.code FROM district d WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.role = 'officer' AND u.district_code = d.code)");
    expect(rows).toEqual([]);
  });
});
