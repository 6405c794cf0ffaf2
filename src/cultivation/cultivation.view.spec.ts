import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import type { PlanStock } from '../plan-periods/plan-periods.service.js';
import type { District } from '../reference/district.entity.js';
import { arithmetic, cultivationIndexPage, memberPage, planReference, renewalsPage, targetsPage } from './cultivation.view.js';
import type { AreaFigures } from './pool-targets.service.js';

const actor = (role: Role, locale: 'zh-CN' | 'en' = 'zh-CN'): Actor => ({ userId: 1, username: role, displayName: role, role, districtCode: role === 'officer' ? '120116' : null, zoneCode: null, enterpriseId: role === 'enterprise' ? 9 : null, locale });
const DISTRICTS = [{ code: '120116', nameZh: '滨海新区', nameEn: 'Binhai' }] as District[];

type F = AreaFigures['figures'];
const area = (code: string, f: Partial<F>): AreaFigures => ({
  area: code, year: 2026, targetVersion: 1, counts: {} as AreaFigures['counts'], history: { closed: 10, certified: 4 },
  figures: { target: 10, certifiedSoFar: 2, remaining: 8, openMembers: 12, rate: { num: 4, den: 10, source: 'history' }, rateValue: 0.4, expectedFromPool: 4.8, gap: 3.2, neededCandidates: 8, blockedBy: null, ...f } as F,
});

describe('the target arithmetic as lines', () => {
  it.each([
    ['a gap to fill', {}, ['目标新增 10 家', '历史转化率', '预计认定 4.8 家', '还需新增候选 8 家']],
    ['no target', { target: null, remaining: null, gap: null, neededCandidates: null, blockedBy: 'no-target' as const }, ['尚未设定本年度新增认定目标。']],
    ['no rate', { rate: null, rateValue: null, expectedFromPool: null, gap: null, neededCandidates: null, blockedBy: 'no-rate' as const }, ['无法测算所需候选数']],
    ['enough in the pool', { gap: 0, neededCandidates: 0 }, ['无需新增候选']],
    ['an assumed rate', { rate: { num: 30, den: 100, source: 'assumed' as const }, rateValue: 0.3 }, ['按设定的转化率 30.0%']],
  ])('%s', (_case, f, texts) => {
    const lines = arithmetic('zh-CN', area('city', f), DISTRICTS).lines.join('\n');
    for (const t of texts) expect(lines).toContain(t);
  });

  it.each([
    ['city', 'zh-CN', '全市'], ['120116', 'zh-CN', '滨海新区'], ['120116', 'en', 'Binhai'], ['999999', 'en', '999999'],
  ] as const)('area %s in %s is named %s', (code, locale, name) => {
    expect(arithmetic(locale, area(code, {}), DISTRICTS).areaName).toBe(name);
  });
});

describe('the plan reference', () => {
  const period = { nameZh: '“十五五”规划', nameEn: '15th FYP', firstYear: 2026, lastYear: 2030 } as PlanStock['period'];
  it.each([
    ['no plan period', null, true, '该年度不属于任何规划期'],
    ['figures not entered', { period, from: null, to: null, yearlyGrowth: null }, true, '“十五五”规划'],
    ['figures entered', { period, from: { year: 2025, value: 12000 }, to: { year: 2030, value: 15000 }, yearlyGrowth: 600 }, false, '12,000'],
  ])('%s', (_case, stock, notEntered, text) => {
    const r = planReference('zh-CN', stock as PlanStock | null);
    expect(r.notEntered).toBe(notEntered);
    expect(r.text).toContain(text);
  });
});

describe('pages', () => {
  const index = (role: Role) => cultivationIndexPage(actor(role), {
    filters: { districtCode: '120116', q: '' }, year: 2026, page: 2, thisYear: 2026,
    candidates: { total: 60, items: [] }, runs: { last: null, active: { total: 200, done: 50 } },
    figures: { year: 2026, area: 'city', total: area('city', {}), districts: [area('120116', {})] }, members: { items: [], total: 0 }, districts: DISTRICTS,
  });

  it.each([
    ['manager', 1, true],
    ['officer', 0, false],
  ] as const)('%s: %i district figure blocks, may admit %s', (role, blocks, canAdmit) => {
    const m = index(role);
    expect(m.districtFigures).toHaveLength(blocks);
    expect(m.canAdmit).toBe(canAdmit);
  });

  it('the running screening, the pager and the export query', () => {
    expect(index('manager')).toMatchObject({ active: { percent: 25 }, refreshSeconds: 3, pages: 3, prevPage: 1, nextPage: 3, exportQuery: 'districtCode=120116', years: [2025, 2026, 2027] });
  });

  it.each([
    ['enterprise', true],
    ['officer', false],
  ] as const)('member page for %s: reads own plan %s; plan rows per HT criterion', (role, own) => {
    const member = { year: 2026, enterprise: { name: '甲公司' }, plan: [{ code: 'HT-RD', targetDate: '2026-09-30', note: '加大投入' }], progress: { rows: [{ code: 'HT-RD', current: 0.02 }] }, services: ['policy-briefing'] };
    const m = memberPage(actor(role), member, [], '2026-12-06');
    expect(m.isEnterpriseUser).toBe(own);
    expect(m.planForm.find((r) => r.code === 'HT-RD')).toMatchObject({ included: true, targetDate: '2026-09-30', note: '加大投入', current: 0.02 });
    expect(m.planForm.filter((r) => !r.included).every((r) => r.targetDate === '2026-06-30')).toBe(true);
  });

  it('targets page: the city first, then each district with its stored target', () => {
    const m = targetsPage(actor('manager', 'en'), 2026, [{ area: '120116', newCertifications: 30, assumedRatePct: null, version: 2 }], DISTRICTS, null);
    expect(m.rows).toEqual([
      { area: 'city', name: 'City-wide', target: '', assumedRatePct: '', version: '' },
      { area: '120116', name: 'Binhai', target: 30, assumedRatePct: '', version: 2 },
    ]);
    expect(m.years).toEqual([2025, 2026, 2027]);
  });

  it('renewals page: pager and the chosen district', () => {
    expect(renewalsPage(actor('officer'), { page: 1, pageSize: 50, total: 51, items: [] }, DISTRICTS, undefined)).toMatchObject({ pages: 2, prevPage: null, nextPage: 2, districtCode: '' });
  });
});
