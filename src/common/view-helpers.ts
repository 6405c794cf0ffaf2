import type { HelperOptions } from 'handlebars';
import { translate } from '../i18n/i18n.js';
import { isLocale, type Locale } from '../i18n/locale.js';
import { formatDate, formatDateTime, formatInteger, formatPercent, formatWan, formatYuan } from './format.js';

/** The page's locale, set by the request pipeline into res.locals (the template's root context). */
function localeOf(options: HelperOptions): Locale {
  const locale = (options?.data?.root as { locale?: string } | undefined)?.locale;
  return isLocale(locale) ? locale : 'zh-CN';
}

/** Handlebars helpers: they format and translate, they never decide. All output is escaped by hbs. */
export const viewHelpers: Record<string, (...args: any[]) => unknown> = {
  t(key: string, options: HelperOptions) {
    return translate(localeOf(options), String(key), options.hash ?? {});
  },
  /** Translate a key built from a prefix and a value: {{tk "role." user.role}}. */
  tk(prefix: string, value: unknown, options: HelperOptions) {
    if (value === null || value === undefined || value === '') return '—';
    return translate(localeOf(options), `${prefix}${String(value)}`);
  },
  yuan(value: unknown, options: HelperOptions) {
    return formatYuan(value, localeOf(options));
  },
  wan(value: unknown, options: HelperOptions) {
    return formatWan(value, localeOf(options));
  },
  int: (value: unknown) => formatInteger(value),
  percent: (value: unknown) => formatPercent(value),
  date: (value: unknown) => formatDate(value),
  datetime: (value: unknown) => formatDateTime(value),
  eq: (a: unknown, b: unknown) => String(a ?? '') === String(b ?? ''),
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  selected: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'selected' : ''),
  checked: (a: unknown) => (a === true || a === 'true' || a === 'on' || a === 1 ? 'checked' : ''),
  /** A literal list for option loops: {{#each (array 3 6 12)}}. */
  array: (...args: unknown[]) => args.slice(0, -1),
  /** True when an object (e.g. field errors) has any key. */
  any: (value: unknown) => !!value && typeof value === 'object' && Object.keys(value).length > 0,
  /** A list URL keeping its filters, ready for `page=` to be appended: {{listUrl "/x" q=q role=role}}. */
  listUrl(base: string, options: HelperOptions) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.hash ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${base}?${qs}${qs ? '&' : ''}`;
  },
  /** A reference code by its localised name, from the page's rows: {{codeName districtCode @root.districts}}; the code when unknown. */
  codeName(code: unknown, rows: { code: string; nameZh?: string; nameEn?: string }[] | null | undefined, options: HelperOptions) {
    if (code === null || code === undefined || code === '') return '—';
    const row = Array.isArray(rows) ? rows.find((r) => r.code === code) : undefined;
    return row ? viewHelpers.refName(row, options) : String(code);
  },
  /** The localised name of a bilingual reference row ({nameZh, nameEn}). */
  refName(row: { nameZh?: string; nameEn?: string } | null | undefined, options: HelperOptions) {
    if (!row) return '—';
    return localeOf(options) === 'en' ? (row.nameEn ?? row.nameZh ?? '') : (row.nameZh ?? row.nameEn ?? '');
  },
};
