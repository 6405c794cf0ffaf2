import { describe, expect, it } from '@jest/globals';
import { fmtMoney, fmtNumber, fmtPct, fmtPp } from './format.js';

describe('format', () => {
  it.each([
    [1_800_000, '180 万元', '¥1.8M'],
    [200_000_000, '2 亿元', '¥200M'],
    [188_000_000, '1.88 亿元', '¥188M'],
    [12_300_000, '1,230 万元', '¥12.3M'],
    [100_000, '10 万元', '¥100,000'],
    [88_888.89, '8.89 万元', '¥88,888.89'],
    [5_000, '5,000 元', '¥5,000'],
    [-1_500_000, '-150 万元', '-¥1.5M'],
  ])('money %d → %s / %s', (n, zh, en) => {
    expect(fmtMoney('zh-CN', n)).toBe(zh);
    expect(fmtMoney('en', n)).toBe(en);
  });

  it.each([
    [0.03, '3.0%'],
    [0.021, '2.1%'],
    [0.0295, '2.95%'],
    [0.25, '25.0%'],
    [0.731707, '73.17%'],
  ])('percentage %d → %s', (f, s) => {
    expect(fmtPct(f)).toBe(s);
  });

  it('percentage points in both languages', () => {
    expect(fmtPp('zh-CN', 0.009)).toBe('0.9 个百分点');
    expect(fmtPp('en', 0.009)).toBe('0.9 pp');
  });

  it('numbers group thousands and trim zeros', () => {
    expect(fmtNumber(1234567.5)).toBe('1,234,567.5');
    expect(fmtNumber(12)).toBe('12');
    expect(fmtNumber(-0.001)).toBe('0');
  });
});
