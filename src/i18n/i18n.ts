import { en } from './catalogues/en.js';
import { zhCN } from './catalogues/zh-CN.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

export type Catalogue = Record<string, string>;

const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };

export function catalogue(locale: Locale): Catalogue {
  return catalogues[locale];
}

/**
 * Looks a key up in the locale's catalogue, falling back to Chinese and finally to the key itself
 * (so a missing translation is visible, never a crash). `{name}` placeholders are filled from params.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
