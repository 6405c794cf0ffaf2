import { describe, expect, it } from '@jest/globals';
import { catalogue, translate } from './i18n.js';

describe('message catalogues', () => {
  it('have the same keys in Chinese and English (core and every module)', () => {
    expect(Object.keys(catalogue('en')).sort()).toEqual(Object.keys(catalogue('zh-CN')).sort());
  });

  it('have no empty labels', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.entries(catalogue(locale)).filter(([, v]) => !v.trim())).toEqual([]);
    }
  });

  it('fill placeholders and fall back to the key when missing', () => {
    expect(translate('zh-CN', 'home.welcome', { name: '李明' })).toBe('欢迎，李明');
    expect(translate('en', 'home.welcome', { name: 'Li' })).toBe('Welcome, Li');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
