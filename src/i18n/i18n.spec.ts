import { describe, expect, it } from '@jest/globals';
import { en } from './catalogues/en.js';
import { zhCN } from './catalogues/zh-CN.js';
import { translate } from './i18n.js';

describe('message catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('fill placeholders and fall back to the key when missing', () => {
    expect(translate('zh-CN', 'home.welcome', { name: '李明' })).toBe('欢迎，李明');
    expect(translate('en', 'home.welcome', { name: 'Li' })).toBe('Welcome, Li');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
