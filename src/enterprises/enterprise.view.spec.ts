import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import type { District } from '../reference/district.entity.js';
import { QUALIFICATION_KINDS } from '../policy/engine/facts.js';
import { enterpriseFilePage, enterpriseFormPage, enterpriseListPage, mergeFlash, mergePage } from './enterprise.view.js';

const actor = (role: Role, locale: 'zh-CN' | 'en' = 'zh-CN'): Actor => ({ userId: 1, username: role, displayName: role, role, districtCode: role === 'officer' ? '120116' : null, zoneCode: null, enterpriseId: role === 'enterprise' ? 9 : null, locale });
const OPTIONS = { districts: [{ code: '120116', nameZh: '滨海新区', nameEn: 'Binhai' }] as District[], zones: [] };

const doc = (id: number, seriesId: number, revision: number, current: boolean, ownerKind = 'annual_financials', ownerId = 31) => ({ id, seriesId, revision, current, ownerKind, ownerId });
const fileData = (extra: Record<string, unknown> = {}) => ({
  file: {
    enterprise: { id: 9, name: '甲公司' },
    financials: [{ id: 31, year: 2025, operatingRevenue: 100 }, { id: 30, year: 2024, operatingRevenue: 80 }],
    qualifications: [{ id: 5, kind: QUALIFICATION_KINDS[0], certificateNumber: null, on: '2024-05-01' }],
  },
  timeline: [], district: OPTIONS.districts[0], zone: null, officer: null, checks: [],
  documents: [doc(1, 1, 1, false), doc(2, 1, 2, true), doc(3, 3, 1, true, 'qualification', 5)],
  rdLedgers: [{ year: 2024, total: 5 }, { year: 2025, total: 9, projects: [{ name: 'A', activityType: 'new-product' }] }],
  reportYear: 2025, uploadMaxBytes: 10 * 1048576,
  ...extra,
});

describe('the file page', () => {
  it.each([
    ['admin', true, true, true, 4],
    ['officer', true, false, true, 4],
    ['manager', false, false, false, 0],
    ['enterprise', false, false, true, 2],
  ] as const)('%s: edit %s, merge %s, report figures %s, %i document owners', (role, edit, merge, report, owners) => {
    const page = enterpriseFilePage(actor(role), fileData());
    expect([page.canEdit, page.canMerge, page.canReportFigures]).toEqual([edit, merge, report]);
    expect(page.documentOwners).toHaveLength(owners); // the file, each fiscal year, each certificate
    expect(page.canUpload).toBe(owners > 0);
    expect(page.isEnterpriseUser).toBe(role === 'enterprise');
  });

  it('current documents carry their earlier revisions; evidence counted per year and certificate', () => {
    const page = enterpriseFilePage(actor('officer'), fileData());
    expect(page.documents.map((d) => [d.id, d.history.map((h) => h.id)])).toEqual([[2, [1]], [3, []]]);
    expect(page.financials.map((f) => [f.year, f.documentCount])).toEqual([[2025, 1], [2024, 0]]);
    expect(page.qualifications[0]!.documentCount).toBe(1);
  });

  it('the report year\'s ledger, its projects padded to three rows; ledgers newest first', () => {
    const page = enterpriseFilePage(actor('officer'), fileData());
    expect(page.ledgerProjects.map((p) => p.n)).toEqual([1, 2, 3]);
    expect(page.ledgerProjects[0]).toMatchObject({ name: 'A' });
    expect(page.rdLedgers.map((l) => l.year)).toEqual([2025, 2024]);
    expect(page.uploadMaxMb).toBe(10);
    expect(page.latestYear).toBe(2025);
  });

  it.each([
    ['ip', 'ipForm'], ['contact', 'contactForm'], ['activity', 'activityForm'], ['task', 'taskForm'],
  ] as const)('a 422 on the %s form opens it with the typed values and messages; the others stay closed', (name, key) => {
    const page = enterpriseFilePage(actor('officer'), fileData(), { [name]: { values: { note: '已走访' }, errors: { at: '日期不能晚于今天' } } });
    expect(page[key]).toMatchObject({ open: true, values: { note: '已走访' }, errors: { at: '日期不能晚于今天' } });
    expect([page.ipForm, page.qualificationForm, page.flagForm, page.contactForm, page.activityForm, page.taskForm].filter((f) => f.open)).toHaveLength(1);
  });
});

describe('the profile form', () => {
  const stored = { name: '甲公司', tags: ['AI', '制造'], version: 4 };
  it.each([
    ['new (officer: district preselected)', actor('officer'), {}, { isNew: true, values: { districtCode: '120116' } }],
    ['edit', actor('officer'), { enterprise: stored }, { isNew: false, title: '甲公司', values: { tags: 'AI, 制造' } }],
    ['re-render with typed values beside the stored ones', actor('admin'), { enterprise: stored, values: { name: '乙' }, errors: { name: 'x' } }, { values: { name: '乙' }, current: { tags: 'AI, 制造' }, errors: { name: 'x' } }],
    ['a stale save', actor('admin'), { enterprise: stored, values: { version: 5 }, stale: '已被他人修改' }, { stale: '已被他人修改', values: { version: 5 } }],
  ])('%s', (_case, who, form, expected) => {
    expect(enterpriseFormPage(who, OPTIONS, form)).toMatchObject(expected);
  });
});

describe('the list page', () => {
  it.each([
    ['admin', true, true],
    ['officer', true, true],
    ['manager', false, false],
  ] as const)('%s: create %s, import %s', (role, create, imp) => {
    const m = enterpriseListPage(actor(role), {}, { items: [], total: 0, page: 1, pageSize: 50 }, OPTIONS, []);
    expect([m.canCreate, m.canImport]).toEqual([create, imp]);
  });

  it('the export links carry the filters', () => {
    const m = enterpriseListPage(actor('admin'), { districtCode: '120116', q: '' }, { items: [{ districtCode: '120116' }], total: 1, page: 1, pageSize: 50 }, OPTIONS, []);
    expect(m.exportCsvUrl).toBe('/enterprises/export.csv?districtCode=120116');
    expect(m.items[0]).toMatchObject({ district: OPTIONS.districts[0] });
  });
});

describe('merge', () => {
  it('moves as rows; no preview, no rows', () => {
    const base = { survivor: {}, typed: '', candidates: [], lookupError: null };
    expect(mergePage(actor('admin'), { ...base, preview: { moves: { ipAssets: 2, contacts: 1 } } }).moves).toEqual([{ key: 'ipAssets', count: 2 }, { key: 'contacts', count: 1 }]);
    expect(mergePage(actor('admin'), { ...base, preview: null }).moves).toEqual([]);
  });

  it.each([
    [[], 1],
    [[{ year: 2024, kept: 'survivor' }], 2],
  ])('the flash after a merge with %j conflicts has %i messages', (conflicts, count) => {
    expect(mergeFlash('zh-CN', { duplicate: { name: '乙', uscc: 'X' }, conflicts })).toHaveLength(count);
  });
});
