import { formatDate, formatInteger, formatPercent, formatWan, formatYuan } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import type { Json } from './engine/criteria.js';
import {
  ACTIVITY_TYPE_LABELS,
  CONTEST_RANK_LABELS,
  FLAG_LABELS,
  HIGH_TECH_FIELD_LABELS,
  IP_KIND_LABELS,
  QUALIFICATION_KIND_LABELS,
  type Label,
} from './engine/labels.js';

/**
 * An engine criterion's `actual` as a person reads it: money in 元/万元, ratios as percentages,
 * enumerations by their catalogue label, lists as counts, objects as labelled parts — never JSON.
 * Pure: the engine stays machine-readable, every page that shows an evaluation calls this.
 */
export type ActualKind = 'money' | 'ratio' | 'count' | 'items' | 'persons' | 'points' | 'days' | 'date' | 'records' | 'list' | 'enum' | 'flag' | 'text';

/** The kind of a bare (non-object) actual, by criterion code. */
const KIND_BY_CODE: ReadonlyArray<readonly [RegExp, ActualKind]> = [
  [/-REVENUE$/, 'money'],
  [/^YE-PATH-VC$/, 'money'],
  [/-(RD|RD-DOMESTIC|STAFF|PS|GROWTH)$/, 'ratio'],
  [/-CREDIT$|^HT-COMPLIANCE$/, 'records'],
  [/^YE-AGE$/, 'date'],
  [/^YE-PATH-(AWARD|RDINST|PROJECT|STANDARD)$/, 'count'],
  [/^YE-PATH$|^TS-DIRECT$/, 'list'],
  // The SRDI ladder (rules.md §7).
  [/^LG-(MAIN|DEBT)$/, 'ratio'],
  [/^SP-SCORE$/, 'points'],
  [/^LG-IP$/, 'items'],
];

/** The kind of each part of an object actual, by its key. */
const KIND_BY_PART: Readonly<Record<string, ActualKind>> = {
  employees: 'persons',
  salesRevenue: 'money',
  totalAssets: 'money',
  ventureInvestment: 'money',
  g: 'ratio',
  mainBusinessShare: 'ratio',
  days: 'days',
  establishedOn: 'date',
  expiresOn: 'date',
  industryCode: 'text',
  prefix: 'text',
  items: 'items',
  ipItems: 'items',
  classI: 'items',
  classII: 'items',
  classIIUnused: 'items',
  classIIUsed: 'items',
  total: 'points',
  min: 'points',
  max: 'points',
  stStaff: 'points',
  eligibleProjects: 'count',
  projects: 'count',
  softwareEnterprise: 'flag',
  softwareProduct: 'flag',
  hnte: 'flag',
  tianjin: 'flag',
  feesPaid: 'flag',
  kind: 'enum',
  status: 'enum',
  award: 'enum',
  // The SRDI ladder (rules.md §7).
  operatingRevenue: 'money',
  equityFinancing: 'money',
  rd: 'money',
  rdTotal: 'money',
  ratio: 'ratio',
  rdStaffShare: 'ratio',
  validUntil: 'date',
  since: 'date',
  nicheMarket: 'text',
  routes: 'list',
  ip: 'points',
  growth: 'points',
  debt: 'points',
  sei: 'points',
  main: 'points',
  // The R&D post-subsidy (rules.md §8).
  rdExpense: 'money',
  priorRdExpense: 'money',
};

/** Enumeration values the engine reports, with the catalogues that name them. */
const ENGINE_ENUMS: ReadonlyArray<Readonly<Record<string, Label>>> = [
  FLAG_LABELS,
  HIGH_TECH_FIELD_LABELS,
  IP_KIND_LABELS,
  QUALIFICATION_KIND_LABELS,
  CONTEST_RANK_LABELS,
  ACTIVITY_TYPE_LABELS,
];

export function actualKind(code: string): ActualKind | null {
  for (const [pattern, kind] of KIND_BY_CODE) if (pattern.test(code)) return kind;
  return null;
}

export function formatActual(code: string, actual: Json | undefined, locale: Locale): string {
  if (actual === null || actual === undefined) return '—';
  if (Array.isArray(actual)) return formatAs(actualKind(code) ?? 'list', actual, locale);
  if (typeof actual === 'object') {
    const parts = Object.entries(actual as Record<string, Json | undefined>)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `${partLabel(key, locale)} ${formatAs(KIND_BY_PART[key] ?? guessKind(v), v ?? null, locale)}`);
    return parts.length ? parts.join(locale === 'en' ? '; ' : '；') : '—';
  }
  return formatAs(actualKind(code) ?? guessKind(actual), actual, locale);
}

function guessKind(value: Json | undefined): ActualKind {
  if (typeof value === 'boolean') return 'flag';
  if (typeof value === 'number') return 'count';
  if (Array.isArray(value)) return 'list';
  return 'enum';
}

function formatAs(kind: ActualKind, value: Json, locale: Locale): string {
  if (value === null) return '—';
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  if (Array.isArray(value)) {
    if (value.length === 0) return t(kind === 'records' ? 'actual.noRecords' : 'actual.none');
    return t(kind === 'records' ? 'actual.records' : 'actual.listCount', { n: value.length });
  }
  if (typeof value === 'object') return formatActual('', value, locale);
  if (typeof value === 'boolean') return t(value ? 'actual.yes' : 'actual.no');
  if (typeof value === 'number') {
    switch (kind) {
      case 'money':
        return Math.abs(value) >= 10_000 ? formatWan(value, locale) : formatYuan(value, locale);
      case 'ratio':
        return formatPercent(value, 1);
      case 'persons':
      case 'items':
      case 'points':
      case 'days':
        return t(`actual.unit.${kind}`, { n: formatInteger(value) });
      default:
        return Number.isInteger(value) ? formatInteger(value) : String(Math.round(value * 100) / 100);
    }
  }
  if (kind === 'date') return formatDate(value);
  if (kind === 'text') return value;
  return enumLabel(value, locale);
}

function partLabel(key: string, locale: Locale): string {
  const k = `actual.part.${key}`;
  const label = translate(locale, k);
  return label === k ? key : label;
}

/** An enumeration value by its label: engine catalogues first, then the page catalogue, else as given. */
export function enumLabel(value: string, locale: Locale): string {
  for (const labels of ENGINE_ENUMS) if (Object.hasOwn(labels, value)) return labels[value]![locale];
  const k = `actual.enum.${value}`;
  const label = translate(locale, k);
  return label === k ? value : label;
}
