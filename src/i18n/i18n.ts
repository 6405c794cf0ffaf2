import { en } from './catalogues/en.js';
import { zhCN } from './catalogues/zh-CN.js';
import { hasOwn, ownValue } from '../common/own-key.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

export type { Catalogue } from './catalogue.js';
import type { Catalogue } from './catalogue.js';
/** Each feature module keeps its own labels in `<module>/messages.ts`, both languages side by side. */
export type ModuleMessages = Record<Locale, Catalogue>;

// Keys are often built from request text (`action.${action}`, `status.${status}`): tables without a
// prototype, and lookups of own keys only, so `constructor` is a missing key, never a function.
// Feature catalogues are registered into them (src/i18n/all-catalogues.ts): this module imports no
// feature module, so a feature may import i18n without a circle.
const catalogues: Record<Locale, Catalogue> = {
  'zh-CN': Object.assign(Object.create(null), zhCN),
  en: Object.assign(Object.create(null), en),
};

/** Merges a module's catalogue over the core one (later registrations win, as the old import order did). */
export function registerMessages(module: ModuleMessages): void {
  Object.assign(catalogues['zh-CN'], module['zh-CN']);
  Object.assign(catalogues.en, module.en);
}

export function catalogue(locale: Locale): Catalogue {
  return ownValue(catalogues, locale) ?? catalogues[DEFAULT_LOCALE];
}

/**
 * Looks a key up in the locale's catalogue, falling back to Chinese and finally to the key itself
 * (so a missing translation is visible, never a crash). `{name}` placeholders are filled from params.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = ownValue(catalogue(locale), key) ?? ownValue(catalogues[DEFAULT_LOCALE], key) ?? String(key);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (hasOwn(params, name) ? String(params[name]) : whole));
}
