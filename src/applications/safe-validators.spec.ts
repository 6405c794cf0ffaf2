import { describe, expect, it } from '@jest/globals';
import { isEmailAddress, isYuan } from './safe-validators.js';

describe('validators that never throw', () => {
  it.each([
    [12.34, true], [0, true], [5_000_000, true], [0.1 + 0.2, false], [12.345, false], [1e-320, false], [Number.NaN, false], [Infinity, false], ['12.34', false], [null, false],
  ])('isYuan(%p) = %p', (value, expected) => expect(isYuan(value)).toBe(expected));

  it.each([
    ['it@example.cn', true], ['Li.Ming+apps@binhai.example.cn', true], ['not-an-address', false], ['\ud800\ud800\ud800', false], ['\ud800@\ud800.cn', false], [`${'a'.repeat(250)}@x.cn`, false], [42, false],
  ])('isEmailAddress(%p) = %p', (value, expected) => expect(isEmailAddress(value)).toBe(expected));
});
