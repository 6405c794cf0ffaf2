import { describe, expect, it } from '@jest/globals';
import { computeRag, halfTimeOf, previousMonth, type RagInput, type RagResult } from './rag.js';

// Today 2026-11-15; the project runs 2026-01-01 … 2028-12-31 (half-time 2027-07-01), both months reported.
const base: RagInput = {
  today: '2026-11-15', startOn: '2026-01-01', endOn: '2028-12-31', plannedFen: 1_000_000_00,
  milestones: [], reports: [{ month: '2026-10', spendFen: 0 }, { month: '2026-11', spendFen: 0 }],
};
const ms = (dueOn: string, done = false) => ({ name: 'M1', dueOn, done });
const reports = (...months: string[]) => months.map((month) => ({ month, spendFen: 0 }));
// Half-time exactly today: 2025-11-15 … 2027-11-15 (730 days, half = 365 days).
const half = { startOn: '2025-11-15', endOn: '2027-11-15', plannedFen: 100_000 };
const spent = (spendFen: number) => [{ month: '2026-10', spendFen }, { month: '2026-11', spendFen }];

const cases: Array<[string, Partial<RagInput>, Pick<RagResult, 'rag' | 'reasonKey'> & { params?: Record<string, unknown> }]> = [
  ['nothing wrong', {}, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['overdue 1 day', { milestones: [ms('2026-11-14')] }, { rag: 'amber', reasonKey: 'project.rag.reason.overdue', params: { days: 1 } }],
  ['overdue 30 days', { milestones: [ms('2026-10-16')] }, { rag: 'amber', reasonKey: 'project.rag.reason.overdue', params: { days: 30 } }],
  ['overdue 31 days', { milestones: [ms('2026-10-15')] }, { rag: 'red', reasonKey: 'project.rag.reason.overdueLong', params: { days: 31 } }],
  ['overdue 31 days but accepted', { milestones: [ms('2026-10-15', true)] }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['the most overdue decides', { milestones: [ms('2026-11-10'), ms('2026-09-01')] }, { rag: 'red', reasonKey: 'project.rag.reason.overdueLong', params: { days: 75 } }],
  ['due today, reported this month', { milestones: [ms('2026-11-15')] }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['due today, no report this month', { milestones: [ms('2026-11-15')], reports: reports('2026-10') }, { rag: 'amber', reasonKey: 'project.rag.reason.dueSoon' }],
  ['due in 30 days, no report this month', { milestones: [ms('2026-12-15')], reports: reports('2026-10') }, { rag: 'amber', reasonKey: 'project.rag.reason.dueSoon', params: { dueOn: '2026-12-15' } }],
  ['due in 31 days, no report this month', { milestones: [ms('2026-12-16')], reports: reports('2026-10') }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['due in 30 days, reported this month', { milestones: [ms('2026-12-15')] }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['report missing for last month', { reports: reports('2026-11') }, { rag: 'amber', reasonKey: 'project.rag.reason.reportMissing', params: { month: '2026-10' } }],
  ['no report this month is not yet missing', { reports: reports('2026-10') }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['started this month: no report due for last month', { startOn: '2026-11-01', reports: [] }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['January looks back to December', { today: '2027-01-05', reports: reports('2026-11') }, { rag: 'amber', reasonKey: 'project.rag.reason.reportMissing', params: { month: '2026-12' } }],
  ['half-time, spend 49%', { ...half, reports: spent(49_000) }, { rag: 'red', reasonKey: 'project.rag.reason.underspend', params: { percent: 49, halfTime: '2026-11-15' } }],
  ['half-time, spend 49.99%', { ...half, reports: spent(49_999) }, { rag: 'red', reasonKey: 'project.rag.reason.underspend', params: { percent: 49 } }],
  ['half-time, spend 50%', { ...half, reports: spent(50_000) }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['the day before half-time, spend 0', { ...half, today: '2026-11-14', reports: spent(0) }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['past half-time with no report at all', { ...half, reports: [] }, { rag: 'red', reasonKey: 'project.rag.reason.underspend', params: { percent: 0 } }],
  ['the latest report counts', { ...half, reports: [{ month: '2026-10', spendFen: 60_000 }, { month: '2026-11', spendFen: 40_000 }] }, { rag: 'red', reasonKey: 'project.rag.reason.underspend' }],
  ['half-time, just under 50% of a 2·10¹² yuan plan', { ...half, plannedFen: 200_000_000_000_001, reports: spent(100_000_000_000_000) }, { rag: 'red', reasonKey: 'project.rag.reason.underspend' }],
  ['half-time, exactly 50% of a 2·10¹² yuan plan', { ...half, plannedFen: 200_000_000_000_000, reports: spent(100_000_000_000_000) }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['no planned budget: no spend rule', { ...half, plannedFen: 0, reports: spent(0) }, { rag: 'green', reasonKey: 'project.rag.reason.onTrack' }],
  ['red overdue beats red spend', { ...half, reports: spent(0), milestones: [ms('2026-09-01')] }, { rag: 'red', reasonKey: 'project.rag.reason.overdueLong' }],
  ['red spend beats amber overdue', { ...half, reports: spent(0), milestones: [ms('2026-11-01')] }, { rag: 'red', reasonKey: 'project.rag.reason.underspend' }],
];

describe('computeRag (rules.md §10)', () => {
  it.each(cases)('%s', (_name, change, expected) => {
    const result = computeRag({ ...base, ...change });
    expect(result.rag).toBe(expected.rag);
    expect(result.reasonKey).toBe(expected.reasonKey);
    if (expected.params) expect(result.params).toMatchObject(expected.params);
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2025-11-15', '2027-11-15', '2026-11-15'],
    ['2026-01-01', '2026-01-02', '2026-01-01'],
    ['2026-01-01', '2026-12-31', '2026-07-02'],
  ])('half-time of %s … %s is %s', (s, e, h) => expect(halfTimeOf(s, e)).toBe(h));
  it.each([['2026-01', '2025-12'], ['2026-11', '2026-10'], ['2026-10', '2026-09']])('month before %s is %s', (m, p) => expect(previousMonth(m)).toBe(p));
});
