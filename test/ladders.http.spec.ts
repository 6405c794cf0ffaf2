import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Recognition } from '../src/ladder/recognition.entity.js';
import { LadderRecord, LadderRungRecord } from '../src/ladder/ladder.entity.js';
import { LaddersService } from '../src/ladder/ladders.service.js';
import { DEFAULT_LADDERS } from '../src/ladder/ladders.js';
import { signIn, startTestApp, tokenFor, type TestApp } from './support/app.js';

/** Ladders as configuration (rules.md §7; api.md "Ladders and programmes"). */
let t: TestApp;
let token: string;
let binhai: Enterprise;

const FACTS = {
  asOf: '2026-03-31',
  enterprise: { uscc: '91310110666007217T', name: '示例科技', districtCode: '120116', establishedOn: '2019-05-20', industryCode: 'C3911', taxMode: 'audit' },
  financials: [{ year: 2025, operatingRevenue: 12000000, salesRevenue: 12000000, totalAssets: 30000000, employees: 80, stStaff: 20, rdExpense: 900000 }],
};

beforeAll(async () => {
  t = await startTestApp();
  token = await tokenFor(t, 'manager');
  binhai = await t.dataSource.getRepository(Enterprise).findOneOrFail({ where: { districtCode: '120116' }, order: { id: 'ASC' } });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/ladders', () => {
  it('answers exactly the api.md shape: the tianjin and the srdi ladder, rungs in order', async () => {
    const res = await request(t.http).get('/api/v1/ladders').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual([
      { code: 'tianjin', rungs: ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader'] },
      { code: 'srdi', rungs: ['innovative-sme', 'srdi-sme', 'little-giant'] },
    ]);
  });

  it('needs a token', async () => {
    await request(t.http).get('/api/v1/ladders').expect(401);
  });

  it('the migration seeds the same records as DEFAULT_LADDERS (names and rung names too)', async () => {
    expect(await t.app.get(LaddersService).all()).toEqual(DEFAULT_LADDERS.map((l) => ({ ...l, rungs: [...l.rungs], rungNames: [...l.rungNames] })));
  });
});

describe('POST /api/v1/eligibility/evaluate: ladders', () => {
  it('adds `ladders` with each configured ladder and keeps `ladder` for Tianjin', async () => {
    const res = await request(t.http).post('/api/v1/eligibility/evaluate').set('Authorization', `Bearer ${token}`).send(FACTS).expect(200);
    const codes = res.body.ladders.map((l: { code: string }) => l.code);
    expect(codes).toEqual(['tianjin', 'srdi']);
    const tianjin = res.body.ladders[0];
    expect(tianjin.highestEligibleRung).toBe(res.body.ladder.highestEligibleTier);
    expect(tianjin.nextRung).toBe(res.body.ladder.nextTier);
    expect(tianjin.gap.map((g: { code: string }) => g.code)).toEqual(res.body.ladder.gap.map((g: { code: string }) => g.code));
    for (const l of res.body.ladders) expect(Object.keys(l)).toEqual(expect.arrayContaining(['code', 'highestEligibleRung', 'nextRung', 'gap']));
    // Every SRDI rung is either evaluated or explicitly not evaluated — never an error.
    const srdi = res.body.ladders[1];
    expect(srdi.rungs.map((r: { programme: string }) => r.programme)).toEqual(['innovative-sme', 'srdi-sme', 'little-giant']);
    for (const r of srdi.rungs) expect(['eligible', 'ineligible', 'incomplete', 'not-applicable', 'not-evaluated']).toContain(r.outcome);
  });
});

describe('the demo data', () => {
  it('has an enterprise standing on both ladders, its file showing each current rung', async () => {
    const both: { id: number }[] = await t.dataSource.query(`SELECT DISTINCT a.enterprise_id AS id FROM recognition a JOIN recognition b ON b.enterprise_id = a.enterprise_id
      WHERE a.tier IN ('tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader') AND b.tier IN ('innovative-sme', 'srdi-sme', 'little-giant')`);
    expect(both.length).toBeGreaterThan(0);
    const agent = await signIn(t, 'manager');
    const page = await agent.get(`/enterprises/${both[0]!.id}`).expect(200);
    expect(page.text).toMatch(/data-testid="current-srdi">专精特新中小企业</);
    expect(page.text).not.toMatch(/data-testid="current-tianjin">未入梯度</);
  });
});

describe('the file page shows each ladder', () => {
  it('with the current rung from recognitions and the gap to the next rung', async () => {
    const repo = t.dataSource.getRepository(Recognition);
    await repo.delete({ enterpriseId: binhai.id });
    await repo.save([
      { enterpriseId: binhai.id, tier: 'young-eagle', year: 2025, batch: null, certificateNumber: null, validFrom: '2025-01-01', validUntil: '2099-12-31', source: 'manual', applicationId: null },
      { enterpriseId: binhai.id, tier: 'srdi-sme', year: 2025, batch: null, certificateNumber: null, validFrom: '2025-01-01', validUntil: '2099-12-31', source: 'manual', applicationId: null },
    ]);
    const agent = await signIn(t, 'officer.binhai');
    const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
    expect(page.text).toContain('data-testid="ladder-tianjin"');
    expect(page.text).toContain('data-testid="ladder-srdi"');
    expect(page.text).toMatch(/data-testid="current-tianjin">雏鹰企业</);
    expect(page.text).toMatch(/data-testid="current-srdi">专精特新中小企业</);
    // Next rung above the recognised one (or above the highest eligible, whichever is higher).
    expect(page.text).toMatch(/data-testid="next-srdi">专精特新“小巨人”企业</);
    expect(page.text).toMatch(/data-testid="next-tianjin">(瞪羚企业|领军（培育）企业|科技领军企业|已在最高梯度)</);
    await repo.delete({ enterpriseId: binhai.id });
  });
});

describe('reports take the ladder as a parameter', () => {
  it('GET /api/v1/reports/ladders?ladder=srdi counts each enterprise once at its highest SRDI rung, by district (against SQL)', async () => {
    const year = 2020; // a year the demo seed has no recognitions in
    const repo = t.dataSource.getRepository(Recognition);
    const files = await t.dataSource.getRepository(Enterprise).find({ order: { id: 'ASC' }, take: 3 });
    const rec = (enterpriseId: number, tier: string) => ({ enterpriseId, tier, year, batch: null, certificateNumber: null, validFrom: `${year}-01-01`, validUntil: `${year + 2}-12-31`, source: 'manual', applicationId: null });
    await repo.save([rec(files[0]!.id, 'innovative-sme'), rec(files[0]!.id, 'srdi-sme'), rec(files[1]!.id, 'little-giant'), rec(files[2]!.id, 'innovative-sme'), rec(files[2]!.id, 'gazelle')]);
    const res = await request(t.http).get(`/api/v1/reports/ladders?ladder=srdi&year=${year}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.ladder.rungs).toEqual(['innovative-sme', 'srdi-sme', 'little-giant']);
    const sql: { district: string; rung: string; n: number | string }[] = await t.dataSource.query(`
      SELECT e.district_code AS district, h.rung AS rung, COUNT(*) AS n FROM enterprise e
      JOIN (SELECT r.enterprise_id AS eid, MAX(CASE r.tier WHEN 'innovative-sme' THEN 1 WHEN 'srdi-sme' THEN 2 WHEN 'little-giant' THEN 3 ELSE 0 END) AS rung
            FROM recognition r WHERE r.year = ${year} GROUP BY r.enterprise_id) h ON h.eid = e.id AND h.rung > 0
      WHERE e.deleted_at IS NULL GROUP BY e.district_code, h.rung`);
    const expected = [0, 0, 0];
    for (const r of sql) expected[Number(r.rung) - 1] += Number(r.n);
    expect(expected).toEqual([1, 1, 1]); // the three files above
    expect(res.body.totals).toEqual(expected);
    expect(res.body.total).toBe(expected.reduce((a, b) => a + b, 0));
    for (const d of res.body.byDistrict as { district: { code: string }; counts: number[] }[]) {
      const mine = [0, 0, 0];
      for (const r of sql.filter((x) => x.district === d.district.code)) mine[Number(r.rung) - 1] += Number(r.n);
      expect([d.district.code, ...d.counts]).toEqual([d.district.code, ...mine]);
    }
    expect(res.body.funnel.map((f: { atOrAbove: number }) => f.atOrAbove)).toEqual([expected[0]! + expected[1]! + expected[2]!, expected[1]! + expected[2]!, expected[2]]);
  });

  it('an unknown ladder is a 400 with details', async () => {
    const res = await request(t.http).get('/api/v1/reports/ladders?ladder=nope').set('Authorization', `Bearer ${token}`).expect(400);
    expect(res.body.details[0].field).toBe('ladder');
  });

  it('the dashboard shows the SRDI ladder by district, and the Tianjin one on request', async () => {
    const agent = await signIn(t, 'manager');
    const page = await agent.get('/reports?year=2020').expect(200);
    expect(page.text).toContain('梯度分布：优质中小企业梯度培育（专精特新）');
    expect(page.text).toContain('专精特新“小巨人”企业');
    const tianjin = await agent.get('/reports?year=2020&ladder=tianjin').expect(200);
    expect(tianjin.text).toContain('梯度分布：天津科技企业梯度培育');
  });
});

describe('a third ladder is a data change', () => {
  it('a ladder record added to the reference tables appears on the API, in evaluate and on the file page', async () => {
    await t.dataSource.getRepository(LadderRecord).insert({ code: 'test-third', position: 3, nameZh: '第三梯度测试', nameEn: 'Third test ladder' });
    await t.dataSource.getRepository(LadderRungRecord).insert([
      { ladderCode: 'test-third', position: 0, programme: 'high-tech', nameZh: '高企', nameEn: 'HNTE' },
      { ladderCode: 'test-third', position: 1, programme: 'future-programme', nameZh: '未来项目', nameEn: 'Future programme' },
    ]);
    // Each process keeps the ladders for a few seconds (ladders.service.ts): this one sees the new record now.
    t.app.get(LaddersService).forget();
    try {
      const list = await request(t.http).get('/api/v1/ladders').set('Authorization', `Bearer ${token}`).expect(200);
      expect(list.body[2]).toEqual({ code: 'test-third', rungs: ['high-tech', 'future-programme'] });
      const evaluated = await request(t.http).post('/api/v1/eligibility/evaluate').set('Authorization', `Bearer ${token}`).send(FACTS).expect(200);
      const third = evaluated.body.ladders.find((l: { code: string }) => l.code === 'test-third');
      expect(third.rungs).toEqual([{ programme: 'high-tech', outcome: expect.any(String) }, { programme: 'future-programme', outcome: 'not-evaluated' }]);
      const agent = await signIn(t, 'officer.binhai');
      const page = await agent.get(`/enterprises/${binhai.id}`).expect(200);
      expect(page.text).toContain('data-testid="ladder-test-third"');
      expect(page.text).toContain('第三梯度测试');
      expect(page.text).toContain('未来项目');
    } finally {
      await t.dataSource.getRepository(LadderRungRecord).delete({ ladderCode: 'test-third' });
      await t.dataSource.getRepository(LadderRecord).delete({ code: 'test-third' });
      t.app.get(LaddersService).forget();
    }
  });
});

describe('the radar shows each ladder', () => {
  it('names the ladder and rung of a recognition due for renewal; ?ladder= keeps one ladder', async () => {
    const repo = t.dataSource.getRepository(Recognition);
    await repo.delete({ enterpriseId: binhai.id });
    const soon = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    await repo.save([
      { enterpriseId: binhai.id, tier: 'srdi-sme', year: 2024, batch: null, certificateNumber: null, validFrom: '2024-01-01', validUntil: soon, source: 'manual', applicationId: null },
      { enterpriseId: binhai.id, tier: 'gazelle', year: 2025, batch: null, certificateNumber: null, validFrom: '2025-01-01', validUntil: soon, source: 'manual', applicationId: null },
    ]);
    try {
      const officer = await tokenFor(t, 'officer.binhai');
      const all = await request(t.http).get('/api/v1/radar?months=3').set('Authorization', `Bearer ${officer}`).expect(200);
      const mine = all.body.items.filter((i: { enterpriseId: number; kind: string }) => i.enterpriseId === binhai.id && i.kind === 'recognition');
      expect(mine.map((i: { ladder: string; label: string }) => [i.ladder, i.label]).sort()).toEqual([['srdi', 'srdi-sme'], ['tianjin', 'gazelle']]);
      const srdi = await request(t.http).get('/api/v1/radar?months=3&ladder=srdi').set('Authorization', `Bearer ${officer}`).expect(200);
      expect(srdi.body.items.every((i: { ladder: string }) => i.ladder === 'srdi')).toBe(true);
      expect(srdi.body.items.some((i: { enterpriseId: number }) => i.enterpriseId === binhai.id)).toBe(true);
      const page = await (await signIn(t, 'officer.binhai')).get('/radar?months=3&ladder=').expect(200);
      expect(page.text).toContain('专精特新中小企业');
    } finally {
      await repo.delete({ enterpriseId: binhai.id });
    }
  });
});
