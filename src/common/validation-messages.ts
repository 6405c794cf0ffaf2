import { getMetadataStorage, type ValidationError } from 'class-validator';
import { catalogue, translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';

/**
 * One field problem as a catalogue key plus parameters, so the same problem can be shown in any
 * language later (the JSON face translates it per request, the HTML face per page).
 */
export interface FieldProblem {
  /** api.md path: `financials[0].year`. */
  field: string;
  key: string;
  params: Record<string, unknown>;
}

/**
 * Where a form's field labels are: a map field → catalogue key, or a key prefix (`'ip'` → `ip.<field>`).
 * Fields not found there fall back to `label.<field>`, `figure.<field>`, `appForm.<field>`.
 */
export type FieldLabels = Record<string, string> | string;

/**
 * class-validator constraint name (the keys of `error.constraints`) → catalogue message id
 * (`constraint.<id>`). Custom validators are found by their own name (`constraint.isUscc`) or
 * by a `context: { messageKey }` on the decorator, so new validators plug in without touching this.
 */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  isNotEmpty: 'required', isDefined: 'required', arrayNotEmpty: 'required',
  isIn: 'choice', isEnum: 'choice', isNotIn: 'choice', isBoolean: 'boolean',
  isCalendarDate: 'date', isDateString: 'date', isISO8601: 'date', isDate: 'date', minDate: 'minDate', maxDate: 'maxDate',
  maxLength: 'maxLength', minLength: 'minLength', length: 'length',
  isInt: 'integer', isNumber: 'number', isNumberString: 'number', isDecimal: 'number', isYuan: 'yuan',
  min: 'min', max: 'max', isPositive: 'positive', isNegative: 'negative',
  arrayMinSize: 'arrayMinSize', arrayMaxSize: 'arrayMaxSize', arrayUnique: 'arrayUnique',
  isArray: 'list', isString: 'text', isObject: 'invalid', nestedValidation: 'invalid',
  isEmail: 'email', isEmailAddress: 'email', isUrl: 'url', isUscc: 'uscc',
  matches: 'format', isAlphanumeric: 'format', isHexColor: 'format', isUUID: 'format',
  whitelistValidation: 'unknown', unknownValue: 'invalid',
};

const isMissing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** The arguments a decorator was given (`@Max(100)` → [100]), read from class-validator's metadata, not from its English text. */
export function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  return constraintMeta(target, property, name)?.constraints ?? [];
}

function constraintMeta(target: object | undefined, property: string, name: string): { constraints?: unknown[]; context?: unknown } | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const storage = getMetadataStorage();
  for (const m of storage.getTargetValidationMetadatas(target.constructor, '', true, false)) {
    if (m.propertyName !== property) continue;
    const metaName = m.name ?? (m.constraintCls ? storage.getTargetValidatorConstraints(m.constraintCls)[0]?.name : undefined) ?? m.type;
    if (metaName === name || m.type === name) return m;
  }
  return undefined;
}

/** The catalogue key and parameters for one failed constraint. */
export function problemOf(name: string, args: unknown[], value: unknown, context?: Record<string, unknown>): { key: string; params: Record<string, unknown> } {
  const { messageKey, ...contextParams } = context ?? {};
  if (typeof messageKey === 'string') return { key: messageKey, params: contextParams };
  if (name !== 'whitelistValidation' && (isMissing(value) || (name === 'arrayMinSize' && isMissing(value)))) return { key: 'constraint.required', params: {} };
  const id = CONSTRAINT_MESSAGES[name] ?? name;
  const params: Record<string, unknown> = {};
  if (['min', 'minLength', 'arrayMinSize', 'minDate'].includes(name)) params.min = args[0];
  if (['max', 'maxLength', 'arrayMaxSize', 'maxDate'].includes(name)) params.max = args[0];
  if (name === 'length') Object.assign(params, { min: args[0], max: args[1] });
  if (params.min instanceof Date) params.min = params.min.toISOString().slice(0, 10);
  if (params.max instanceof Date) params.max = params.max.toISOString().slice(0, 10);
  return { key: `constraint.${id}`, params };
}

/** A specific catalogue key given as a decorator's message; the generic ones give way to the labelled sentences here. */
const isCatalogueKey = (text: string) => /^[\w-]+(\.[\w-]+)+$/.test(text) && text !== 'validation.invalid' && text !== 'validation.required' && Object.hasOwn(catalogue('zh-CN'), text);

/** Flattens class-validator's error tree into one problem per field (the first failed constraint, the most basic). */
export function fieldProblems(errors: ValidationError[], parent = '', prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : `${prefix}${error.property}`;
    const names = Object.keys(error.constraints ?? {});
    if (names.length) {
      // Required first: an empty field gets "fill this in", not "too short" or "not a number".
      const name = names.find((n) => n === 'isNotEmpty' || n === 'isDefined') ?? names[names.length - 1]!;
      const meta = constraintMeta(error.target, error.property, name);
      const own = error.constraints?.[name];
      // A decorator may name its own catalogue key as message (`{ message: 'reports.validation.year' }`).
      const context = (error.contexts?.[name] ?? meta?.context ?? (own && isCatalogueKey(own) && !isMissing(error.value) ? { messageKey: own } : undefined)) as Record<string, unknown> | undefined;
      const { key, params } = problemOf(name, meta?.constraints ?? [], error.value, context);
      out.push({ field: path, key, params });
    }
    if (error.children?.length) out.push(...fieldProblems(error.children, path));
  }
  return out;
}

/** Where field labels live in the catalogue: shared ones, enterprise figures, application forms. */
const LABEL_PREFIXES = ['label', 'figure', 'appForm'];

/** The label of a field in the locale: explicit map, else `label.<name>`, else `figure.<name>`, else the name. */
export function fieldLabel(locale: Locale, field: string, labels: FieldLabels = {}): string {
  const leaf = field.replace(/\[\d+\]/g, '').split('.').pop() ?? field;
  const cat = catalogue(locale);
  const prefixes = typeof labels === 'string' ? [labels, ...LABEL_PREFIXES] : LABEL_PREFIXES;
  const map = typeof labels === 'string' ? {} : labels;
  const key = (Object.hasOwn(map, field) ? map[field] : Object.hasOwn(map, leaf) ? map[leaf] : undefined) ?? prefixes.map((p) => `${p}.${leaf}`).find((k) => Object.hasOwn(cat, k));
  return key ? translate(locale, key) : leaf;
}

function formatParam(locale: Locale, v: unknown): unknown {
  return typeof v === 'number' ? new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN').format(v) : v;
}

/** The problem as a sentence in the locale that names the field by its label. */
export function problemMessage(locale: Locale, p: FieldProblem, labels?: FieldLabels): string {
  const params: Record<string, unknown> = { label: fieldLabel(locale, p.field, labels) };
  for (const [k, v] of Object.entries(p.params)) params[k] = formatParam(locale, v);
  const text = translate(locale, p.key, params);
  // An unknown key (a custom validator without a message yet) still gives a sentence, never a raw key.
  return text === p.key ? translate(locale, 'constraint.invalid', params) : text;
}
