import { describe, expect, it } from '@jest/globals';
import '../i18n/all-catalogues.js';
import { nothingToDraw } from './charts.js';
import { kpiStrip, type StripInput } from './kpi-strip.js';

describe('nothingToDraw (a chart without data is a sentence, issue 18.6)', () => {
  it.each([
    [[], [1, 2], true],
    [['a'], [], true],
    [['a', 'b'], [0, 0], true],
    [['a', 'b'], [null, undefined], true],
    [['a', 'b'], [0, null, 0], true],
    [['a'], [0, 3], false],
    [['a'], [-1], false],
    [['a'], [0.001], false],
  ] as [string[], (number | null | undefined)[], boolean][])('%j %j → %s', (categories, values, empty) => {
    expect(nothingToDraw(categories, values)).toBe(empty);
  });
});

const input = (target: number | null): StripInput => ({
  year: 2026,
  counts: { files: 1234, loansOutstanding: { count: 2, amount: 3_000_000 } },
  pipeline: { year: 2026, districts: [], conversions: [], totals: { 'tech-sme': 5, 'young-eagle': 4, gazelle: 3, 'leader-candidate': 2, leader: 1, total: 15, files: 1234 } },
  targets: { year: 2026, targetDistrict: '', plans: [], metrics: [{ metric: 'hnte', trend: [{ year: 2026, date: '2026-12-07', actual: 50, target, targetKind: target ? 'set' : null, planPeriod: null }] }] },
  applications: { available: true, year: 2026, byType: [], overdue: [], byStatus: [
    { type: 'tier-recognition', status: 'district-review', terminal: false, count: 3, overdue: 0, medianDaysInStatus: null, oldestDays: null },
    { type: 'high-tech-certification', status: 'district-review', terminal: false, count: 1, overdue: 0, medianDaysInStatus: null, oldestDays: null },
    { type: 'tier-recognition', status: 'municipal-review', terminal: false, count: 2, overdue: 0, medianDaysInStatus: null, oldestDays: null },
    { type: 'tier-recognition', status: 'approved', terminal: true, count: 9, overdue: 0, medianDaysInStatus: null, oldestDays: null },
  ] },
  expiring: { today: '2026-12-07', until6: '2027-06-07', until12: '2027-12-07', byMonth: [], byDistrict: [
    { district: { code: '120116', nameZh: '滨海新区', nameEn: 'Binhai', block: 'binhai' }, hnte6: 2, hnte12: 5, recognitions6: 1, recognitions12: 4 },
  ] },
  superDeduction: { asOfFrom: null, asOfTo: null, byDistrict: [], totals: { evaluated: 0, eligible: 0, extraDeduction: 1_234_567, taxSaving: 0 } },
  loans: { available: true, year: 2026, byDistrict: [], totals: { disbursed: 0, amount: 0, active: 0, defaults: 0, principalLoss: 0, interestSubsidies: 0, appraisalSubsidies: 0 } },
});

describe('kpiStrip', () => {
  it.each([
    ['files', '1,234', '#pipeline'],
    ['rungs', '15', '#pipeline'],
    ['hnte', '50', '#targets'],
    ['waiting', '6', '#applications'],
    ['expiring', '3', '#expiring'],
    ['money', '123.46 万元', '#super-deduction'],
  ])('%s shows %s and links to %s', (id, value, href) => {
    const tile = kpiStrip('zh-CN', input(100)).find((x) => x.id === id)!;
    expect([tile.value, tile.href]).toEqual([value, href]);
  });

  it.each([
    [100, '目标 100 家，完成 50.0%'],
    [null, '本年度目标未录入'],
  ])('the HNTE tile against a target of %s: %s', (target, hint) => {
    expect(kpiStrip('zh-CN', input(target)).find((x) => x.id === 'hnte')!.hint).toBe(hint);
  });

  it('waiting splits district and municipal review; money lists the loans outstanding', () => {
    const strip = kpiStrip('en', input(100));
    expect(strip.find((x) => x.id === 'waiting')!.parts).toEqual([{ label: 'district review', value: '4' }, { label: 'municipal review', value: '2' }]);
    expect(strip.find((x) => x.id === 'money')!.parts).toEqual([{ label: '2 IP-pledge loans outstanding', value: '¥300.00 (10k)' }]);
  });
});
