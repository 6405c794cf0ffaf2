import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import type { District } from '../reference/district.entity.js';
import type { ApplicationView } from './applications.service.js';
import {
  applicationDetailPage, applicationListPage, criteriaRows, display, formModel, htmlErrors, presubmitModel, publishedCsv, publishedRows, reviewPanelModel, evaluationModel, statusTone, unmetCriteria,
} from './applications.view.js';

const actor = (role: Role, locale: 'zh-CN' | 'en' = 'zh-CN'): Actor => ({ userId: 1, username: role, displayName: role, role, districtCode: role === 'officer' ? '120116' : null, zoneCode: null, enterpriseId: role === 'enterprise' ? 9 : null, locale });
const NOW = new Date('2026-12-06T02:00:00Z');
const DISTRICTS = [{ code: '120116', nameZh: '滨海新区', nameEn: 'Binhai' }] as District[];

const criterion = (code: string, outcome: string, actual: unknown = null) => ({ code, outcome, actual, required: '≥ 1', explanation: `${code} ${outcome}` });
const live = (outcome: string, criteria = [criterion('YE-AGE', 'unmet', '2005-03-01'), criterion('YE-REG', 'met', true)]) => ({ asOf: '2026-12-06', ruleSets: { 'young-eagle': '2026.2' }, outcome, result: { outcome, criteria } });
const frozen = (outcome: string) => ({ id: 3, trigger: 'submit', frozenAt: NOW, input: {}, ...live(outcome) });

/** A minimal application view: the presenter reads only these fields. */
const view = (status: string, extra: Partial<ApplicationView> = {}): ApplicationView => ({
  id: 5, reference: 'TR-2026-00005', type: 'tier-recognition', tier: 'young-eagle', year: 2026, status, enterpriseId: 9, enterprise: { id: 9, name: '甲公司', districtCode: '120116' },
  form: { mainProducts: '传感器', contactName: '' }, decision: null, checklist: [], history: [{ at: NOW }, { at: NOW }], allowedActions: [], actions: [], loan: null,
  evaluation: status === 'draft' ? null : frozen('ineligible'), canEdit: status === 'draft',
  ...extra,
}) as unknown as ApplicationView;

describe('small formatters', () => {
  it.each([
    ['approved', 'bg-green-lt'], ['certified', 'bg-green-lt'], ['rejected', 'bg-red-lt'], ['draft', 'bg-secondary-lt'],
    ['returned', 'bg-orange-lt'], ['public-notice', 'bg-purple-lt'], ['district-review', 'bg-blue-lt'],
  ])('statusTone(%s) = %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone);
  });

  it.each([
    [null, '—'], [undefined, '—'], [[], '—'], [['a', 'b'], 'a, b'], [{ x: 1, y: [2, 3] }, 'x: 1; y: 2, 3'], [42, '42'],
  ])('display(%j) = %s', (value, text) => {
    expect(display(value)).toBe(text);
  });

  it.each([
    [{ 'form.mainProducts': 'm' }, { mainProducts: 'm' }],
    [{ 'form.rdExpenseDetail.year': 'y' }, { 'rd.year': 'y' }],
    [{ 'form.expertScores.ip': 's' }, { 'score.ip': 's' }],
    [{ 'form.rdExpenseDetail.projects[1].name': 'p' }, { 'project.1.name': 'p' }],
  ])('htmlErrors(%j) = %j', (errors, expected) => {
    expect(htmlErrors(errors)).toEqual(expected);
  });

  it.each([
    ['tier-recognition', 'isTier'], ['high-tech-certification', 'isHighTech'], ['super-deduction-precheck', 'isSuperDeduction'], ['ip-pledge-loan', 'isLoan'],
  ] as const)('formModel(%s) sets %s only', (type, flag) => {
    const m = formModel(type, {}, {}, []);
    expect([m.isTier, m.isHighTech, m.isSuperDeduction, m.isLoan].filter(Boolean)).toHaveLength(1);
    expect(m[flag]).toBe(true);
  });
});

describe('evaluations', () => {
  it.each([
    ['zh-CN', '成立时间', '不满足'],
    ['en', 'Date of establishment', 'Not met'],
  ] as const)('criteria rows in %s: label, outcome, a readable actual value', (locale, label, outcome) => {
    const [row] = criteriaRows([criterion('YE-AGE', 'unmet', '2005-03-01')], locale);
    expect(row).toMatchObject({ code: 'YE-AGE', label, outcomeLabel: outcome, required: '≥ 1' });
    expect(row!.actual).toContain('2005');
    expect(row!.actual).not.toMatch(/[{}[\]"]/);
  });

  it.each([
    ['every criterion met', ['met', 'met'], []],
    ['one unmet', ['met', 'unmet'], ['C2']],
    ['missing data and uncertain count as not met', ['missing', 'uncertain'], ['C1', 'C2']],
  ])('unmet criteria: %s', (_case, outcomes, codes) => {
    const rows = criteriaRows(outcomes.map((o, i) => criterion(`C${i + 1}`, o)), 'zh-CN');
    expect(unmetCriteria(rows).map((r) => r.code)).toEqual(codes);
  });

  it('unmet criteria of a pledge name their asset', () => {
    const assets = [{ number: 'ZL-1', criteria: criteriaRows([criterion('IPP-VALID', 'unmet')], 'zh-CN') }];
    expect(unmetCriteria([], assets).map((r) => [r.asset, r.code])).toEqual([['ZL-1', 'IPP-VALID']]);
  });

  it.each([
    ['eligible', false, '符合条件'],
    ['ineligible', true, '不符合条件'],
    ['incomplete', true, '信息不全'],
  ])('pre-submit model of an %s evaluation: confirmation %s', (outcome, needsConfirmation, label) => {
    const m = presubmitModel(live(outcome), 'zh-CN', NOW)!;
    expect(m).toMatchObject({ outcome, needsConfirmation, eligible: !needsConfirmation, outcomeLabel: label, asOf: '2026-12-06' });
    expect(m.unmet.map((r) => r.code)).toEqual(['YE-AGE']);
  });

  it('no evaluation, no pre-submit model', () => {
    expect(presubmitModel(null, 'zh-CN', NOW)).toBeNull();
  });

  it('the reviewer panel carries the frozen outcome and its unmet criteria', () => {
    expect(reviewPanelModel(evaluationModel(frozen('ineligible'), 'en'))).toMatchObject({ outcome: 'ineligible', outcomeLabel: 'Not eligible', eligible: false, unmet: [expect.objectContaining({ code: 'YE-AGE' })] });
    expect(reviewPanelModel(null)).toBeNull();
  });
});

describe('the detail page', () => {
  const data = (v: ApplicationView, presubmit: ReturnType<typeof live> | null = null) => ({ view: v, district: DISTRICTS[0], live: null, presubmit, today: '2026-12-06', now: NOW });

  it.each([
    ['officer', 'submitted', true],
    ['manager', 'municipal-review', true],
    ['admin', 'district-review', true],
    ['enterprise', 'submitted', false],
    ['officer', 'draft', false],
  ] as const)('%s on a %s application: reviewer panel %s', (role, status, shown) => {
    const page = applicationDetailPage(actor(role), data(view(status)));
    expect(page.review !== null).toBe(shown);
    if (shown) expect(page.review).toMatchObject({ outcome: 'ineligible', unmet: [expect.objectContaining({ code: 'YE-AGE' })] });
  });

  it.each([
    ['a draft with today\'s evaluation', live('ineligible'), { needsConfirmation: true }],
    ['a draft that is eligible', live('eligible', [criterion('YE-AGE', 'met', '2022-01-01')]), { needsConfirmation: false, unmet: [] }],
    ['no evaluation asked for', null, null],
  ])('%s: pre-submit model', (_case, presubmit, expected) => {
    const page = applicationDetailPage(actor('enterprise'), data(view('draft'), presubmit));
    if (expected) expect(page.presubmit).toMatchObject(expected);
    else expect(page.presubmit).toBeNull();
  });

  it('a 422 re-render carries the field message and the page message', () => {
    const page = applicationDetailPage(actor('enterprise'), data(view('draft'), live('ineligible')), { errors: { acknowledgeUnmet: '请勾选' }, message: '请检查' });
    expect(page).toMatchObject({ errors: { acknowledgeUnmet: '请勾选' }, message: '请检查' });
  });

  it('form rows leave out empty values and internal parts; history newest first', () => {
    const page = applicationDetailPage(actor('officer'), data(view('submitted')));
    expect(page.formRows).toEqual([{ label: 'appForm.mainProducts', money: false, raw: '传感器', value: '传感器' }]);
    expect(page.history).toHaveLength(2);
    expect(page.title).toBe('TR-2026-00005 · 甲公司');
  });
});

describe('the list page', () => {
  const page = (total: number, current: number) => ({ items: [{ status: 'draft', enterprise: { districtCode: '120116' } }], total, page: current, pageSize: 50 });

  it.each([
    ['enterprise', false, true],
    ['officer', true, true],
    ['manager', true, false],
    ['admin', true, true],
  ] as const)('%s: district filter %s, may create %s', (role, districts, canCreate) => {
    const m = applicationListPage(actor(role), {}, page(1, 1), DISTRICTS);
    expect(m.districts.length > 0).toBe(districts);
    expect(m.canCreate).toBe(canCreate);
  });

  it.each([
    [1, 1, null, null, 1],
    [120, 1, null, 2, 3],
    [120, 3, 2, null, 3],
  ])('%i items, page %i: previous %s, next %s of %i', (total, current, prev, next, pages) => {
    expect(applicationListPage(actor('admin'), {}, page(total, current), DISTRICTS)).toMatchObject({ prevPage: prev, nextPage: next, pages });
  });

  it('sort links toggle the current column and mark it', () => {
    const m = applicationListPage(actor('admin'), { sort: 'status' }, page(1, 1), DISTRICTS);
    expect(m.sortLinks.status).toBe('-status');
    expect(m.sortState.status).toBe('▲');
    expect(m.items[0]).toMatchObject({ tone: 'bg-secondary-lt', district: DISTRICTS[0] });
  });
});

describe('the published list', () => {
  const rows = [{ year: 2026, batch: '第一批', enterprise: '甲公司', districtCode: '120116', announcedOn: '2026-11-30' }, { year: 2026, batch: '第一批', enterprise: '乙公司', districtCode: '999999', announcedOn: '2026-11-30' }];

  it.each([
    ['zh-CN', ['滨海新区', '999999']],
    ['en', ['Binhai', '999999']],
  ] as const)('district names in %s (the code when unknown)', (locale, names) => {
    expect(publishedRows(rows, DISTRICTS, locale).map((r) => r.district)).toEqual(names);
  });

  it('the CSV header is in the reader\'s language', () => {
    const csv = publishedCsv('young-eagle', publishedRows(rows, DISTRICTS, 'en'), 'en');
    expect(csv.header).toHaveLength(6);
    expect(csv.rows[0]).toEqual([csv.programmeLabel, 2026, '第一批', '甲公司', 'Binhai', '2026-11-30']);
  });
});
