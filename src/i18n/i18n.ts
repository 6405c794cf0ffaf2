import { messages as applicationMessages } from '../applications/messages.js';
import { messages as auditMessages } from '../audit/messages.js';
import { messages as authMessages } from '../auth/messages.js';
import { messages as calendarMessages } from '../calendar/messages.js';
import { messages as commonMessages } from '../common/messages.js';
import { messages as cultivationMessages } from '../cultivation/messages.js';
import { messages as documentMessages } from '../documents/messages.js';
import { messages as enterpriseMessages } from '../enterprises/messages.js';
import { messages as importMessages } from '../imports/messages.js';
import { messages as notificationMessages } from '../notifications/messages.js';
import { messages as planPeriodMessages } from '../plan-periods/messages.js';
import { messages as policyMessages } from '../policy/messages.js';
import { messages as portalMessages } from '../portal/messages.js';
import { messages as radarMessages } from '../radar/messages.js';
import { messages as reportMessages } from '../reports/messages.js';
import { messages as settingMessages } from '../settings/messages.js';
import { en } from './catalogues/en.js';
import { zhCN } from './catalogues/zh-CN.js';
import { hasOwn, ownValue } from '../common/own-key.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';

export type Catalogue = Record<string, string>;
/** Each feature module keeps its own labels in `<module>/messages.ts`, both languages side by side. */
export type ModuleMessages = Record<Locale, Catalogue>;

/** Feature catalogues merged over the core one. A new module adds its import here. */
const MODULES: ModuleMessages[] = [commonMessages, enterpriseMessages, documentMessages, importMessages, policyMessages, radarMessages, reportMessages, authMessages, applicationMessages, notificationMessages, portalMessages, cultivationMessages, planPeriodMessages, settingMessages, calendarMessages, auditMessages];

// Keys are often built from request text (`action.${action}`, `status.${status}`): tables without a
// prototype, and lookups of own keys only, so `constructor` is a missing key, never a function.
const catalogues: Record<Locale, Catalogue> = {
  'zh-CN': Object.freeze(Object.assign(Object.create(null), zhCN, ...MODULES.map((m) => m['zh-CN']))),
  en: Object.freeze(Object.assign(Object.create(null), en, ...MODULES.map((m) => m.en))),
};

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
