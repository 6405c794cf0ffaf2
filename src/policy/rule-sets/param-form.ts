import { PARAM_SPECS, type ParamProgram, type ParamSpec } from '../engine/params.js';
import { hasOwn } from '../../common/own-key.js';
import { paramCriteria } from './param-criteria.js';
import { fractionFromPercent, parseDecimal, percentFromFraction, wanFromYuan, yuanFromWan } from './param-units.js';

/**
 * The rule-set form, derived from the parameter spec that validates the JSON (PARAM_SPECS): one
 * labelled input per leaf, in the units a person reads (万元, %, 年, 人, 分), tables for bands, tiers
 * and rate rows, checkboxes for lists of codes. `buildParamForm` walks spec + values into flat items
 * for the view; `paramsFromForm` walks the same spec over a submitted body back into engine values
 * (exactly: see param-units.ts). Labels come through the injected `t` (catalogue keys
 * `ruleSet.param.<key>`, `ruleSet.unit.<unit>`), so this stays pure.
 */

/** How one input's text maps to an engine value. */
export type Cell = 'money' | 'fraction' | 'growth' | 'rate' | 'percentNumber' | 'int' | 'points' | 'number' | 'year' | 'bool' | 'enum' | 'text';
export type Unit = 'wanYuan' | 'percent' | 'years' | 'days' | 'people' | 'points' | 'items' | 'rank' | 'none';

export interface Column {
  key: string;
  cell: Cell;
  unit: Unit;
  /** Blank → null (an open end). */
  nullable?: boolean;
  /** Blank → the key is left out. */
  optional?: boolean;
  /** For [low, high] point ranges: which end. */
  index?: 0 | 1;
  values?: readonly string[];
}

export interface Input {
  name: string;
  /** Engine path of the value (bracket form, form row numbers). */
  path: string;
  control: 'number' | 'text' | 'select' | 'checkbox' | 'static';
  value: string;
  checked?: boolean;
  options?: { value: string; label: string; selected: boolean }[];
  label?: string;
  unit?: string;
  error?: string;
  /** Id of the parameter's label (inputs inside a row or pair have no label of their own). */
  labelledBy?: string;
}

/** One parameter (a leaf of the spec): a field, a set of checkboxes or a table of rows. */
export interface LeafItem {
  type: 'field' | 'checks' | 'table';
  path: string;
  label: string;
  unit: string;
  provisional: boolean;
  criteria: string[];
  inputs: Input[];
  columns: { label: string; unit: string }[];
  rows: { cells: Input[] }[];
  rowsName: string;
  rowCount: number;
  errors: string[];
  hint: string;
}
export interface HeadingItem {
  type: 'heading';
  path: string;
  label: string;
  level: number;
  provisional: boolean;
}
export type FormItem = HeadingItem | LeafItem;

export type Translate = (key: string) => string;
type Leaf = LeafItem;

// ---- the spec → cells walk --------------------------------------------------------------------

/** Whole numbers named by their key: 年, 天, 人, 名 or 项. */
export function intUnit(key: string): Unit {
  if (/Years$/.test(key)) return 'years';
  if (/Days$/.test(key)) return 'days';
  if (/^(maxEmployees|employeesBelow)$/.test(key)) return 'people';
  if (/Rank$/.test(key)) return 'rank';
  if (/^(ip\w*Min|contestIpMin)$/.test(key)) return 'items';
  return 'none';
}

/** The cell of a scalar spec kind under a key (growth bands hold growth rates, shown as %). */
export function cellOf(kind: string, key: string): { cell: Cell; unit: Unit } {
  switch (kind) {
    case 'money':
      return { cell: 'money', unit: 'wanYuan' };
    case 'fraction':
    case 'growth':
    case 'rate':
      return { cell: kind, unit: 'percent' };
    case 'points':
      return { cell: 'points', unit: 'points' };
    case 'int':
      return /^(fromYear|toYear)$/.test(key) ? { cell: 'year', unit: 'none' } : { cell: 'int', unit: intUnit(key) };
    case 'number':
      return /growth/i.test(key) ? { cell: 'percentNumber', unit: 'percent' } : { cell: 'number', unit: 'items' };
    default:
      return { cell: 'number', unit: 'none' };
  }
}

const col = (key: string, kind: string, extra: Partial<Column> = {}, unitKey = key): Column => ({ key, ...cellOf(kind, unitKey), ...extra });

/** The columns of a table-shaped spec (bands, tiers, rate rows, lists of objects). */
export function columnsOf(spec: ParamSpec, key: string): Column[] {
  switch (spec.kind) {
    case 'bands': {
      // Counted bands (IP items, achievements) are in 件; share bands in %; growth bands in %.
      const min = spec.value === 'int' ? { ...col('min', 'int'), unit: 'items' as const } : col('min', spec.value, {}, spec.value === 'number' ? key : 'min');
      const pts: Column[] = spec.points === 'range' ? [col('points', 'points', { index: 0 }), col('points', 'points', { index: 1 })] : [col('points', 'points')];
      return [min, ...pts, { key: 'strict', cell: 'bool', unit: 'none', optional: true }];
    }
    case 'rdTiers':
      return [col('maxSales', 'money', { nullable: true }), col('min', 'fraction')];
    case 'upperBands':
      return [col('max', 'fraction'), col('points', 'points')];
    case 'rates':
      return [
        col('fromYear', 'int', { nullable: true }),
        col('toYear', 'int', { nullable: true }),
        col('rate', 'rate'),
        ...['octDecRate', 'manufacturing', 'techSme', 'icOrMachineTool'].map((k) => col(k, 'rate', { optional: true })),
      ];
    case 'list':
      if (spec.of.kind === 'object')
        return Object.entries(spec.of.fields).map(([k, s]) => (s.kind === 'enum' ? { key: k, cell: 'enum' as const, unit: 'none' as const, values: s.values } : col(k, s.kind)));
      return [col('value', spec.of.kind)];
    default:
      return [];
  }
}

const isTable = (spec: ParamSpec) => ['bands', 'rdTiers', 'upperBands', 'rates', 'list'].includes(spec.kind);

/** Field names avoid brackets (the body parser would nest them): `rates[2].rate` → `f:rates.2.rate`. */
export const fieldName = (path: string) => `f:${path.replace(/\[(\d+)\]/g, '.$1')}`;
const join = (base: string, key: string | number) => (typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** An engine value as the text of its input. */
export function cellText(cell: Cell, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (!isNum(v)) return typeof v === 'string' ? v : '';
  switch (cell) {
    case 'money':
      return wanFromYuan(v);
    case 'fraction':
    case 'growth':
    case 'rate':
    case 'percentNumber':
      return percentFromFraction(v);
    default:
      return String(v);
  }
}

// ---- building the form -------------------------------------------------------------------------

export interface BuildOptions {
  provisional: readonly string[];
  /** The submitted body when re-rendering: its texts win over the stored values. */
  submitted?: Record<string, unknown>;
  /** Field messages keyed `params.<path>` (form row numbers). */
  errors?: Record<string, string>;
  /** Draft being edited: tables get blank rows to add to. */
  editable: boolean;
  t: Translate;
}

const isProvisional = (provisional: readonly string[], path: string) => provisional.some((p) => p === path || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));

/** A parameter's label: `ruleSet.param.<programme>.<key>` where one key means something else in one programme, else `ruleSet.param.<key>`. */
export function paramLabel(t: Translate, key: string, program?: string): string {
  const own = program ? t(`ruleSet.param.${program}.${key}`) : undefined;
  return own !== undefined && own !== `ruleSet.param.${program}.${key}` ? own : t(`ruleSet.param.${key}`);
}
/** "（万元）" / " (10k yuan)": the brackets are the language's. */
const unitLabel = (t: Translate, unit: Unit) => (unit === 'none' ? '' : t('ruleSet.form.unit').replace('{unit}', t(`ruleSet.unit.${unit}`)));

/** Extra blank rows offered under a table on a draft. */
export const BLANK_ROWS = 2;

export function buildParamForm(program: ParamProgram, params: Record<string, unknown>, opts: BuildOptions): FormItem[] {
  const items: FormItem[] = [];
  const { t } = opts;
  const text = (name: string, fallback: string): string => {
    const raw = opts.submitted?.[name];
    return opts.submitted && typeof raw === 'string' ? raw : fallback;
  };
  const err = (path: string) => opts.errors?.[`params.${path}`];
  const leaf = (type: Leaf['type'], path: string, key: string, unit: Unit): Leaf => ({
    type,
    path,
    label: paramLabel(t, key, program),
    unit: unitLabel(t, unit),
    hint: '',
    provisional: isProvisional(opts.provisional, path),
    criteria: paramCriteria(program, path),
    inputs: [],
    columns: [],
    rows: [],
    rowsName: `n:${path}`,
    rowCount: 0,
    errors: [],
  });
  const numberInput = (path: string, cell: Cell, value: unknown): Input => {
    const name = fieldName(path);
    return { name, path, control: cell === 'text' ? 'text' : 'number', value: text(name, cellText(cell, value)), error: err(path) };
  };

  const walk = (spec: ParamSpec, value: unknown, path: string, key: string, level: number): void => {
    if (spec.kind === 'optional') return walk(spec.of, value, path, key, level);
    if (spec.kind === 'object') {
      if (path) items.push({ type: 'heading', path, label: paramLabel(t, key), level, provisional: isProvisional(opts.provisional, path) });
      const obj = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
      for (const [k, sub] of Object.entries(spec.fields)) walk(sub, hasOwn(obj, k) ? obj[k] : undefined, join(path, k), k, level + 1);
      return;
    }
    if (isTable(spec)) return void items.push(table(spec, value, path, key));
    switch (spec.kind) {
      case 'range': {
        const item = leaf('field', path, key, 'points');
        const pair = Array.isArray(value) ? value : [];
        item.inputs = [0, 1].map((i) => ({ ...numberInput(join(path, i), 'points', pair[i]), label: t(i === 0 ? 'ruleSet.param.low' : 'ruleSet.param.high') }));
        return void items.push(item);
      }
      case 'fractionPair': {
        const item = leaf('field', path, key, 'none');
        const pair = (value ?? {}) as Record<string, unknown>;
        item.inputs = ['numerator', 'denominator'].map((k) => ({ ...numberInput(join(path, k), 'int', pair[k]), label: paramLabel(t, k) }));
        return void items.push(item);
      }
      case 'enum': {
        const item = leaf('field', path, key, 'none');
        const name = fieldName(path);
        const current = text(name, typeof value === 'string' ? value : '');
        item.inputs = [{ name, path, control: 'select', value: current, error: err(path), options: spec.values.map((v) => ({ value: v, label: t(`ruleSet.code.${v}`), selected: v === current })) }];
        return void items.push(item);
      }
      case 'enumList': {
        const item = leaf('checks', path, key, 'none');
        const name = fieldName(path);
        const chosen = opts.submitted ? submittedList(opts.submitted[name]) : Array.isArray(value) ? value.map(String) : [];
        item.inputs = spec.values.map((v) => ({ name, path, control: 'checkbox', value: v, checked: chosen.includes(v), label: t(`ruleSet.code.${v}`) }));
        item.errors = collect(path);
        return void items.push(item);
      }
      case 'prefixes': {
        const item = leaf('field', path, key, 'none');
        const name = fieldName(path);
        item.hint = t('ruleSet.form.prefixesHint');
        item.inputs = [{ name, path, control: 'text', value: text(name, Array.isArray(value) ? value.join(', ') : ''), error: err(path) ?? collect(path).join(' ') }];
        return void items.push(item);
      }
      case 'references': {
        const item = leaf('table', path, key, 'none');
        const refs = (value ?? {}) as Record<string, unknown>;
        item.columns = [{ label: t('ruleSet.param.criterion'), unit: '' }, { label: t('ruleSet.param.document'), unit: '' }];
        item.rows = spec.codes.map((code) => {
          const p = join(path, code);
          const name = fieldName(p);
          return { cells: [{ name: '', path: p, control: 'static', value: code }, { name, path: p, control: 'text', value: text(name, typeof refs[code] === 'string' ? (refs[code] as string) : ''), error: err(p) }] };
        });
        return void items.push(item);
      }
      default: {
        const { cell, unit } = cellOf(spec.kind, key);
        const item = leaf('field', path, key, unit);
        item.inputs = [numberInput(path, cell, value)];
        return void items.push(item);
      }
    }
  };

  /** Messages under a path that no input shows (a row's order, a list's shape). */
  const collect = (path: string): string[] =>
    Object.entries(opts.errors ?? {})
      .filter(([k]) => k === `params.${path}` || k.startsWith(`params.${path}[`) || k.startsWith(`params.${path}.`))
      .map(([, v]) => v);

  const table = (spec: ParamSpec, value: unknown, path: string, key: string): Leaf => {
    const item = leaf('table', path, key, 'none');
    const columns = columnsOf(spec, key);
    item.columns = columns.map((c) => ({
      label: c.index === undefined ? paramLabel(t, c.key) : t(c.index === 0 ? 'ruleSet.param.pointsLow' : 'ruleSet.param.pointsHigh'),
      unit: [unitLabel(t, c.unit), c.nullable ? t('ruleSet.form.blankOpen') : ''].join(''),
    }));
    const stored = Array.isArray(value) ? value : [];
    const submittedRows = Number(opts.submitted?.[item.rowsName]);
    const count = opts.submitted && Number.isInteger(submittedRows) && submittedRows >= 0 ? Math.min(submittedRows, 200) : stored.length + (opts.editable ? BLANK_ROWS : 0);
    const shown = new Set<string>();
    for (let i = 0; i < count; i++) {
      const row = stored[i];
      item.rows.push({
        cells: columns.map((c) => {
          const p = rowPath(path, i, c);
          shown.add(`params.${p}`);
          const raw = rowValue(spec, row, c);
          const name = fieldName(p);
          if (c.cell === 'bool') {
            const on = opts.submitted ? isOn(opts.submitted[name]) : raw === true;
            return { name, path: p, control: 'checkbox', value: 'true', checked: on, error: err(p) };
          }
          if (c.cell === 'enum') {
            const current = text(name, typeof raw === 'string' ? raw : '');
            return { name, path: p, control: 'select', value: current, error: err(p), options: [{ value: '', label: '', selected: current === '' }, ...(c.values ?? []).map((v) => ({ value: v, label: v, selected: v === current }))] };
          }
          return { ...numberInput(p, c.cell, raw), error: err(p) };
        }),
      });
    }
    item.rowCount = count;
    item.errors = collect(path).filter((m) => !Object.entries(opts.errors ?? {}).some(([k, v]) => v === m && shown.has(k)));
    return item;
  };

  walk(PARAM_SPECS[program], params, '', '', 0);
  for (const item of items) if (item.type !== 'heading') for (const input of [...item.inputs, ...item.rows.flatMap((r) => r.cells)]) input.labelledBy = `lbl-${item.path}`;
  return items;
}

function rowPath(path: string, i: number, c: Column): string {
  const row = join(path, i);
  if (c.key === 'value') return row;
  const p = join(row, c.key);
  return c.index === undefined ? p : join(p, c.index);
}

function rowValue(spec: ParamSpec, row: unknown, c: Column): unknown {
  if (spec.kind === 'list' && c.key === 'value') return row;
  if (row === null || typeof row !== 'object') return undefined;
  const v = hasOwn(row as Record<string, unknown>, c.key) ? (row as Record<string, unknown>)[c.key] : undefined;
  return c.index === undefined ? v : Array.isArray(v) ? v[c.index] : undefined;
}

const isOn = (v: unknown) => v === 'true' || v === 'on' || v === '1' || (Array.isArray(v) && v.some(isOn));
const submittedList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

// ---- reading the form back ---------------------------------------------------------------------

export interface FormParse {
  params: Record<string, unknown>;
  /** `params.<path>` (form row numbers) → catalogue key. */
  errors: Record<string, string>;
  /** Paths ticked as provisional. */
  provisional: string[];
  /** A table's stored row → its row on the form (blank rows are dropped), to place the engine's messages. */
  rowMaps: Record<string, number[]>;
}

/** Reads one input; blank is `undefined`, a problem is a catalogue key. */
export function parseCell(cell: Cell, raw: unknown): { value?: unknown; problem?: string } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return {};
  if (cell === 'text' || cell === 'enum') return { value: text };
  const d = parseDecimal(text);
  if (!d) return { problem: 'ruleSet.form.number' };
  switch (cell) {
    case 'money':
      return d.isNegative() ? { problem: 'ruleSet.form.nonNegative' } : { value: yuanFromWan(d) };
    case 'fraction':
      return d.isNegative() || d.greaterThan(100) ? { problem: 'ruleSet.form.percent' } : { value: fractionFromPercent(d) };
    case 'growth':
      return d.lessThan(-100) ? { problem: 'ruleSet.form.growth' } : { value: fractionFromPercent(d) };
    case 'rate':
      return d.isNegative() ? { problem: 'ruleSet.form.nonNegative' } : { value: fractionFromPercent(d) };
    case 'percentNumber':
      return { value: fractionFromPercent(d) };
    case 'int':
      return d.isInteger() && !d.isNegative() ? { value: d.toNumber() } : { problem: 'ruleSet.form.nonNegativeInteger' };
    case 'year':
      return d.isInteger() && d.greaterThanOrEqualTo(1900) && d.lessThanOrEqualTo(2200) ? { value: d.toNumber() } : { problem: 'ruleSet.form.year' };
    case 'points':
      return d.isNegative() ? { problem: 'ruleSet.form.nonNegative' } : { value: d.toNumber() };
    default:
      return { value: d.toNumber() };
  }
}

/**
 * The parameters typed on the form. Every leaf is read from the body (the form shows them all); an
 * optional part left wholly blank stays absent, as in an edition-1 rule set.
 */
export function paramsFromForm(program: ParamProgram, body: Record<string, unknown>): FormParse {
  const errors: Record<string, string> = {};
  const rowMaps: Record<string, number[]> = {};
  const need = (path: string) => (errors[`params.${path}`] ??= 'ruleSet.form.required');
  const raw = (path: string) => body[fieldName(path)];

  /** Returns the value and whether every input under it was blank. */
  const read = (spec: ParamSpec, path: string, key: string, optional: boolean): { value?: unknown; blank: boolean } => {
    if (spec.kind === 'optional') return read(spec.of, path, key, true);
    if (spec.kind === 'object') {
      const out: Record<string, unknown> = {};
      const marks = Object.keys(errors).length;
      let blank = true;
      for (const [k, sub] of Object.entries(spec.fields)) {
        const r = read(sub, join(path, k), k, sub.kind === 'optional');
        if (!r.blank) blank = false;
        if (r.value !== undefined) out[k] = r.value;
      }
      if (blank && optional) {
        // Wholly blank optional part: absent, and its "required" messages do not apply.
        for (const k of Object.keys(errors).slice(marks)) delete errors[k];
        return { blank: true };
      }
      return { value: out, blank };
    }
    if (isTable(spec)) return readTable(spec, path, key, optional);
    const scalar = (cell: Cell, p: string, req: boolean) => {
      const r = parseCell(cell, raw(p));
      if (r.problem) errors[`params.${p}`] = r.problem;
      else if (r.value === undefined && req) need(p);
      return r;
    };
    switch (spec.kind) {
      case 'range': {
        const ends = [0, 1].map((i) => scalar('points', join(path, i), !optional));
        const blank = ends.every((e) => e.value === undefined && !e.problem);
        return { value: blank ? undefined : ends.map((e) => e.value), blank };
      }
      case 'fractionPair': {
        const parts = ['numerator', 'denominator'].map((k) => [k, scalar('int', join(path, k), !optional)] as const);
        const blank = parts.every(([, e]) => e.value === undefined && !e.problem);
        return { value: blank ? undefined : Object.fromEntries(parts.map(([k, e]) => [k, e.value])), blank };
      }
      case 'enum': {
        const r = scalar('enum', path, !optional);
        return { value: r.value, blank: r.value === undefined };
      }
      case 'enumList': {
        const chosen = submittedList(raw(path));
        return { value: spec.values.filter((v) => chosen.includes(v)).concat(chosen.filter((v) => !spec.values.includes(v))), blank: chosen.length === 0 };
      }
      case 'prefixes': {
        const text = typeof raw(path) === 'string' ? (raw(path) as string) : '';
        const list = text.split(/[,，、\s]+/).filter(Boolean).map((s) => s.toUpperCase());
        return { value: list, blank: list.length === 0 };
      }
      case 'references': {
        const out: Record<string, string> = {};
        for (const code of spec.codes) {
          const v = raw(join(path, code));
          if (typeof v === 'string' && v.trim() !== '') out[code] = v.trim();
        }
        const blank = Object.keys(out).length === 0;
        return { value: blank && optional ? undefined : out, blank };
      }
      default: {
        const r = scalar(cellOf(spec.kind, key).cell, path, !optional);
        return { value: r.value, blank: r.value === undefined && !r.problem };
      }
    }
  };

  const readTable = (spec: ParamSpec, path: string, key: string, optional: boolean): { value?: unknown; blank: boolean } => {
    const columns = columnsOf(spec, key);
    const count = Math.min(Math.max(0, Number(body[`n:${path}`]) || 0), 200);
    const rows: unknown[] = [];
    const map: number[] = [];
    for (let i = 0; i < count; i++) {
      const texts = columns.map((c) => body[fieldName(rowPath(path, i, c))]);
      // A row left wholly blank (a spare row, or one cleared to delete it) is not a row.
      if (texts.every((v, j) => (columns[j]!.cell === 'bool' ? !isOn(v) : typeof v !== 'string' || v.trim() === ''))) continue;
      let row: Record<string, unknown> | unknown = {};
      for (const [j, c] of columns.entries()) {
        const p = rowPath(path, i, c);
        if (c.cell === 'bool') {
          if (isOn(texts[j])) (row as Record<string, unknown>)[c.key] = true;
          continue;
        }
        const r = parseCell(c.cell, texts[j]);
        if (r.problem) errors[`params.${p}`] = r.problem;
        let v = r.value;
        if (v === undefined) {
          if (c.optional) continue;
          if (c.nullable) v = null;
          else need(p);
        }
        if (c.key === 'value') row = v;
        else if (c.index !== undefined) {
          const pair = ((row as Record<string, unknown>)[c.key] ??= []) as unknown[];
          pair[c.index] = v;
        } else (row as Record<string, unknown>)[c.key] = v;
      }
      rows.push(row);
      map.push(i);
    }
    rowMaps[path] = map;
    const blank = rows.length === 0;
    return { value: blank && optional ? undefined : rows, blank };
  };

  const params = (read(PARAM_SPECS[program], '', '', false).value ?? {}) as Record<string, unknown>;
  const provisional = submittedList(body.prov);
  return { params, errors, provisional, rowMaps };
}

/** An engine message's path (stored row numbers) as the form's path (form row numbers). */
export function formPath(enginePath: string, rowMaps: Record<string, number[]>): string {
  const m = /^(.*?)\[(\d+)\](.*)$/.exec(enginePath);
  if (!m || !hasOwn(rowMaps, m[1]!)) return enginePath;
  const row = rowMaps[m[1]!]![Number(m[2])];
  return row === undefined ? enginePath : `${m[1]}[${row}]${m[3]}`;
}
