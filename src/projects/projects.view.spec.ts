import { describe, expect, it } from '@jest/globals';
import '../i18n/all-catalogues.js';
import type { Locale } from '../i18n/locale.js';
import type { ProjectListItem } from './projects.service.js';
import { projectListRows } from './projects.view.js';

const DISTRICTS = [{ code: '120116', nameZh: '滨海新区', nameEn: 'Binhai New Area' }];

const item = (over: Partial<ProjectListItem>): ProjectListItem => ({
  id: 7, name: '项目', type: 'tech-upgrade', leadEnterpriseId: 1, leadEnterpriseName: '牵头企业', districtCode: '120116', startOn: '2026-01-05', endOn: '2027-06-30',
  status: 'active', rag: 'green', ragReason: '按计划推进。', ragReasonKey: 'project.rag.reason.onTrack', ragParams: {}, ragComputedOn: '2026-03-01', progress: 40, version: 1,
  updatedAt: new Date(0), ...over,
});

/** The cells the list template used to word with rag-badge, tk, date and codeName, one case per line. */
describe('projectListRows', () => {
  it.each<[string, Partial<ProjectListItem>, Locale, Record<string, unknown>]>([
    ['green', {}, 'zh-CN', { ragClass: 'bg-green-lt', ragLabel: '绿', typeLabel: '技术改造', statusLabel: '实施中', districtName: '滨海新区', dates: '2026-01-05 – 2027-06-30', progressText: '40%' }],
    ['red', { rag: 'red' }, 'zh-CN', { ragClass: 'bg-red-lt', ragLabel: '红' }],
    ['amber', { rag: 'amber' }, 'zh-CN', { ragClass: 'bg-yellow-lt' }],
    ['no RAG (suspended)', { rag: null, status: 'suspended' }, 'zh-CN', { rag: null, ragClass: '', ragLabel: '—' }],
    ['no progress yet', { progress: null }, 'zh-CN', { progressText: '—' }],
    ['progress 0 reads as none', { progress: 0 }, 'zh-CN', { progressText: '—' }],
    ['unknown district: its code', { districtCode: '129999' }, 'zh-CN', { districtName: '129999' }],
    ['English', {}, 'en', { ragLabel: 'Green', typeLabel: 'Technology upgrade', statusLabel: 'Active', districtName: 'Binhai New Area' }],
    ['the row keeps what it links and shows', {}, 'zh-CN', { id: 7, name: '项目', leadEnterpriseName: '牵头企业', ragReason: '按计划推进。' }],
  ])('%s', (_case, over, locale, expected) => {
    expect(projectListRows([item(over)], locale, DISTRICTS)[0]).toMatchObject(expected);
  });
});
