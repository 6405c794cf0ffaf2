import { describe, expect, it } from '@jest/globals';
import { recorderIds, sourceBadge } from './source-badge.js';

const names = new Map([[7, '李科员']]);

describe('the source badge of a fact', () => {
  it.each<[string, Parameters<typeof sourceBadge>[1], Partial<NonNullable<ReturnType<typeof sourceBadge>>> | null]>([
    ['no source → no badge', { source: null }, null],
    ['IP office, dated, recorded by a named officer', { source: 'ip-office', sourceAsOf: '2026-03-02', recordedBy: 7, recordedAt: '2026-03-05T02:00:00Z' },
      { label: '知识产权局', authoritative: true, selfReported: false, title: '来源：知识产权局；来源日期：2026-03-02；记录：李科员，2026-03-05 10:00' }],
    ['import without a date, by the system', { source: 'import', recordedBy: null, recordedAt: null }, { label: '批量导入', authoritative: false, title: '来源：批量导入；来源日期：—；记录：系统，—' }],
    ['self-reported', { source: 'enterprise', recordedBy: 9 }, { authoritative: false, selfReported: true }],
    ['a recorder the viewer may not know reads "staff"', { source: 'officer', recordedBy: 9, recordedAt: '2026-03-05T02:00:00Z' }, { authoritative: true, title: '来源：工作人员核实；来源日期：—；记录：工作人员，2026-03-05 10:00' }],
  ])('%s', (_label, fact, expected) => {
    const badge = sourceBadge('zh-CN', fact, names);
    if (expected === null) expect(badge).toBeNull();
    else expect(badge).toMatchObject(expected);
  });

  it('English hover text', () => {
    expect(sourceBadge('en', { source: 'tax', sourceAsOf: '2025-05-31', recordedBy: 7, recordedAt: '2026-03-05T02:00:00Z' }, names)!.title)
      .toBe('Source: Tax; as of 2025-05-31; recorded by 李科员, 2026-03-05 10:00');
  });

  it('recorder ids: distinct, known users only', () => {
    expect(recorderIds([{ recordedBy: 7 }, { recordedBy: null }], [{ recordedBy: 7 }, { recordedBy: 3 }, {}])).toEqual([7, 3]);
  });
});
