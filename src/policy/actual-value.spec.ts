import { describe, expect, it } from '@jest/globals';
import { formatActual } from './actual-value.js';
import type { Json } from './engine/criteria.js';

describe('formatActual: what the eligibility pages show as 实际值', () => {
  it.each([
    ['YE-REVENUE', 34_000_000, 'zh-CN', '3,400.00 万元'],
    ['GZ-REVENUE', 8_500.5, 'zh-CN', '8,500.50 元'],
    ['LC-REVENUE', 123_456_789, 'en', '¥12,345.68 (10k)'],
    ['YE-PATH-VC', 5_000_000, 'zh-CN', '500.00 万元'],
    ['GZ-RD', 0.03244114241469282, 'zh-CN', '3.2%'],
    ['HT-STAFF', 0.1, 'en', '10.0%'],
    ['LD-GROWTH', 0.2051, 'zh-CN', '20.5%'],
    ['TS-TAX', 'audit', 'zh-CN', '查账征收'],
    ['SD-TAX', 'deemed', 'en', 'Deemed taxation'],
    ['HT-FIELD', 'new-materials', 'zh-CN', '新材料'],
    ['TS-CREDIT', [], 'zh-CN', '无记录'],
    ['YE-CREDIT', [{ kind: 'dishonest', on: '2025-03-01' }, { kind: 'safety', on: '2025-04-01' }], 'zh-CN', '2 条记录'],
    ['HT-COMPLIANCE', [], 'en', 'No records'],
    ['TS-DIRECT', ['hnte-certificate', 'st-award'], 'zh-CN', '2 项'],
    ['YE-PATH', [], 'zh-CN', '无'],
    ['YE-AGE', '2021-06-01', 'zh-CN', '2021-06-01'],
    ['YE-PATH-AWARD', 2, 'zh-CN', '2'],
    ['SD-LEDGER', true, 'zh-CN', '是'],
    ['SD-LEDGER', false, 'en', 'No'],
    ['TS-SIZE', { employees: 34, salesRevenue: 21_000_000, totalAssets: 9_000 }, 'zh-CN', '职工 34 人；销售收入 2,100.00 万元；资产总额 9,000.00 元'],
    ['TS-SIZE', { employees: 34, salesRevenue: null, totalAssets: null }, 'en', 'Employees 34 persons; Sales revenue —; Total assets —'],
    ['GZ-GROWTH', { g: 0.153, ventureInvestment: 6_000_000 }, 'zh-CN', '平均增长率 15.3%；创业投资 600.00 万元'],
    ['HT-AGE', { establishedOn: '2020-01-01', days: 400 }, 'zh-CN', '成立日期 2020-01-01；已成立 400 天'],
    ['HT-IP', { classI: 1, classIIUnused: 3, classIIUsed: 0 }, 'zh-CN', 'I 类 1 件；未使用 II 类 3 件；已使用 II 类 0 件'],
    ['TS-SCORE', { total: 72, min: 60, max: 100, stStaff: 20 }, 'en', 'Score 72 points; Lowest 60 points; Highest 100 points; S&T staff score 20 points'],
    ['YE-PATH-HIGHTECH', { hnte: true, tianjin: false }, 'zh-CN', '高新技术企业证书 是；天津市高新技术企业证书 否'],
    ['YE-PATH-CONTEST', { award: { level: 'national', rank: 'first' }, ipItems: 2 }, 'zh-CN', '获奖 级别 国家级；名次 一等奖；知识产权 2 件'],
    ['IPP-VALID', { kind: 'invention-patent', status: 'valid', expiresOn: '2031-01-01', feesPaid: true }, 'zh-CN', '类型 发明专利；状态 有效；到期日 2031-01-01；已缴费 是'],
    ['TS-INDUSTRY', { industryCode: 'I6510' }, 'zh-CN', '行业代码 I6510'],
    ['YE-REG', '120116', 'zh-CN', '120116'],
    ['YE-REVENUE', null, 'zh-CN', '—'],
  ] as const)('%s %j (%s) → %s', (code, actual, locale, shown) => {
    expect(formatActual(code, actual as Json, locale)).toBe(shown);
  });

  it('never shows JSON', () => {
    for (const actual of [{ a: 1, b: { c: [1] } }, [{ x: 1 }], { nested: { deep: true } }] as Json[]) {
      expect(formatActual('X-UNKNOWN', actual, 'zh-CN')).not.toMatch(/[{}"[\]]/);
    }
  });
});
