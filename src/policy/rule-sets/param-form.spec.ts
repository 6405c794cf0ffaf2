import { describe, expect, it } from '@jest/globals';
import { ALL_PARAM_PROGRAMS, DEFAULT_PARAMS, PARAM_SPECS, PROVISIONAL_PATHS, paramPaths, validateParams, type ParamProgram, type ParamSpec } from '../engine/params.js';
import { PARAMS_2026_1 } from '../engine/params-2026-1.js';
import { catalogue } from '../../i18n/i18n.js';
import '../../i18n/all-catalogues.js';
import { buildParamForm, cellOf, columnsOf, formPath, intUnit, paramsFromForm, parseCell, type Cell, type FormItem, type LeafItem } from './param-form.js';
import { paramCriteria } from './param-criteria.js';
import { fractionFromPercent, parseDecimal, percentFromFraction, wanFromYuan, yuanFromWan } from './param-units.js';

const t = (key: string) => key;
const leaves = (items: FormItem[]) => items.filter((i): i is LeafItem => i.type !== 'heading');

/** What a browser posts for the form as rendered (ticked boxes only, every text input). */
function bodyOf(items: FormItem[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (name: string, value: string) => {
    const prev = body[name];
    body[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  for (const item of leaves(items)) {
    if (item.type === 'table') body[item.rowsName] = String(item.rowCount);
    for (const input of [...item.inputs, ...item.rows.flatMap((r) => r.cells)]) {
      if (input.control === 'static') continue;
      if (input.control === 'checkbox') {
        if (input.checked) put(input.name, input.value);
      } else body[input.name] = input.value;
    }
  }
  return body;
}

describe('exact unit conversions', () => {
  it.each<[number, string]>([
    [0.03, '3'],
    [0.1, '10'],
    [0.055, '5.5'],
    [1, '100'],
    [1.2, '120'],
    [0, '0'],
    [92 / 365, '25.205479452054796'],
    [1e-7, '0.00001'],
  ])('fraction %p is %p %%, and back exactly', (fraction, percent) => {
    expect(percentFromFraction(fraction)).toBe(percent);
    expect(fractionFromPercent(parseDecimal(percent)!)).toBe(fraction);
  });

  it.each<[string, number]>([
    ['3', 0.03],
    ['7', 0.07],
    ['0.3', 0.003],
    ['57', 0.57],
    ['29', 0.29],
  ])('%p %% is stored as %p (the literal, no float residue)', (percent, fraction) => {
    expect(fractionFromPercent(parseDecimal(percent)!)).toBe(fraction);
  });

  it.each<[number, string]>([
    [100000, '10'],
    [500000000, '50000'],
    [12345, '1.2345'],
    [0.5, '0.00005'],
  ])('%p yuan is %p 万元, and back exactly', (yuan, wan) => {
    expect(wanFromYuan(yuan)).toBe(wan);
    expect(yuanFromWan(parseDecimal(wan)!)).toBe(yuan);
  });
});

describe('reading one input', () => {
  it.each<[Cell, string, unknown, string | undefined]>([
    ['fraction', '3', 0.03, undefined],
    ['fraction', ' 3.5 ', 0.035, undefined],
    ['fraction', '101', undefined, 'ruleSet.form.percent'],
    ['fraction', '-1', undefined, 'ruleSet.form.percent'],
    ['growth', '-20', -0.2, undefined],
    ['growth', '-101', undefined, 'ruleSet.form.growth'],
    ['rate', '120', 1.2, undefined],
    ['money', '10', 100000, undefined],
    ['money', '-1', undefined, 'ruleSet.form.nonNegative'],
    ['int', '3', 3, undefined],
    ['int', '2.5', undefined, 'ruleSet.form.nonNegativeInteger'],
    ['points', '1.5', 1.5, undefined],
    ['year', '2027', 2027, undefined],
    ['year', '27.5', undefined, 'ruleSet.form.year'],
    ['number', 'abc', undefined, 'ruleSet.form.number'],
    ['number', '1e3', undefined, 'ruleSet.form.number'],
    ['int', '', undefined, undefined],
  ])('%s %p → %p (%p)', (cell, text, value, problem) => {
    const r = parseCell(cell, text);
    expect(r.value).toBe(value);
    expect(r.problem).toBe(problem);
  });
});

describe('the spec → fields walk', () => {
  it.each<[string, string, string, string]>([
    ['money', 'revenueMin', 'money', 'wanYuan'],
    ['fraction', 'rdIntensityMin', 'fraction', 'percent'],
    ['growth', 'growthMin', 'growth', 'percent'],
    ['points', 'scorePassMark', 'points', 'points'],
    ['int', 'recognitionValidityYears', 'int', 'years'],
    ['int', 'minAgeDays', 'int', 'days'],
    ['int', 'maxEmployees', 'int', 'people'],
    ['int', 'ipClassIMin', 'int', 'items'],
    ['int', 'directAwardMaxUnitRank', 'int', 'rank'],
    ['int', 'fromYear', 'year', 'none'],
    ['int', 'edition', 'int', 'none'],
    ['number', 'growthBands', 'percentNumber', 'percent'],
    ['number', 'transformationBands', 'number', 'items'],
  ])('%s %s → a %s input in %s', (kind, key, cell, unit) => {
    expect(cellOf(kind, key)).toEqual({ cell, unit });
  });

  it.each<[string, ParamSpec, string]>([
    ['fraction bands', { kind: 'bands', value: 'fraction', points: 'number' }, 'min:fraction points:points strict:bool'],
    ['range bands', { kind: 'bands', value: 'int', points: 'range' }, 'min:int points:points points:points strict:bool'],
    ['rd tiers', { kind: 'rdTiers' }, 'maxSales:money min:fraction'],
    ['upper bands', { kind: 'upperBands' }, 'max:fraction points:points'],
    ['rate rows', { kind: 'rates' }, 'fromYear:year toYear:year rate:rate octDecRate:rate manufacturing:rate techSme:rate icOrMachineTool:rate'],
  ])('%s have the columns %s', (_name, spec, columns) => {
    expect(columnsOf(spec, 'x').map((c) => `${c.key}:${c.cell}`).join(' ')).toBe(columns);
  });

  it.each<[string, string]>([
    ['recognitionValidityYears', 'years'],
    ['nicheMinYears', 'years'],
    ['employeesBelow', 'people'],
    ['contestIpMin', 'items'],
    ['numerator', 'none'],
  ])('%s counts in %s', (key, unit) => {
    expect(intUnit(key)).toBe(unit);
  });

  it.each(ALL_PARAM_PROGRAMS.map((p) => [p]))('%s: one field per parameter, provisional flags from the rule set', (program) => {
    const items = buildParamForm(program, DEFAULT_PARAMS[program] as never, { provisional: PROVISIONAL_PATHS[program], editable: true, t });
    expect(leaves(items).map((i) => i.path)).toEqual(paramPaths(program));
    for (const p of PROVISIONAL_PATHS[program]) {
      const flagged = leaves(items).filter((i) => i.path === p || p.startsWith(`${i.path}.`) || i.path.startsWith(`${p}.`));
      expect(flagged.length > 0 && flagged.every((i) => i.provisional)).toBe(true);
    }
  });

  it.each(ALL_PARAM_PROGRAMS.map((p) => [p]))('%s: the defaults shown and posted back unchanged are the same parameters', (program) => {
    const params = DEFAULT_PARAMS[program] as unknown as Record<string, unknown>;
    const parsed = paramsFromForm(program, bodyOf(buildParamForm(program, params, { provisional: [], editable: true, t })));
    expect(parsed.errors).toEqual({});
    expect(parsed.params).toEqual(params);
    expect(validateParams(program, parsed.params)).toEqual([]);
  });

  it.each(Object.keys(PARAMS_2026_1).map((p) => [p as ParamProgram]))('%s 2026.1 (edition 1, optional parts absent) comes back unchanged', (program) => {
    const params = (PARAMS_2026_1 as unknown as Record<string, Record<string, unknown>>)[program]!;
    const parsed = paramsFromForm(program, bodyOf(buildParamForm(program, params, { provisional: [], editable: true, t })));
    expect(parsed.errors).toEqual({});
    expect(parsed.params).toEqual(params);
  });

  it('a percentage typed on the form is stored as the engine fraction exactly', () => {
    const body = bodyOf(buildParamForm('gazelle', DEFAULT_PARAMS.gazelle as never, { provisional: [], editable: true, t }));
    body['f:rdIntensityMin'] = '7';
    expect(paramsFromForm('gazelle', body).params.rdIntensityMin).toBe(0.07);
  });

  it('a blank row is dropped and the engine’s row numbers map back to the form’s', () => {
    const items = buildParamForm('high-tech', DEFAULT_PARAMS['high-tech'] as never, { provisional: [], editable: true, t });
    const body = bodyOf(items);
    body['f:rdTiers.0.maxSales'] = '';
    body['f:rdTiers.0.min'] = '';
    const parsed = paramsFromForm('high-tech', body);
    expect(parsed.params.rdTiers).toEqual([{ maxSales: 200000000, min: 0.04 }, { maxSales: null, min: 0.03 }]);
    expect(formPath('rdTiers[0].maxSales', parsed.rowMaps)).toBe('rdTiers[1].maxSales');
    expect(formPath('revenueMin', parsed.rowMaps)).toBe('revenueMin');
  });

  it('a missing or bad value is a field message keyed by its path, other values kept', () => {
    const body = bodyOf(buildParamForm('young-eagle', DEFAULT_PARAMS['young-eagle'] as never, { provisional: [], editable: true, t }));
    body['f:revenueMin'] = '-5';
    body['f:ventureMin'] = '';
    const parsed = paramsFromForm('young-eagle', body);
    expect(parsed.errors).toEqual({ 'params.revenueMin': 'ruleSet.form.nonNegative', 'params.ventureMin': 'ruleSet.form.required' });
    const again = buildParamForm('young-eagle', DEFAULT_PARAMS['young-eagle'] as never, { provisional: [], editable: true, t, submitted: body, errors: parsed.errors });
    const revenue = leaves(again).find((i) => i.path === 'revenueMin')!.inputs[0]!;
    expect([revenue.value, revenue.error]).toEqual(['-5', 'ruleSet.form.nonNegative']);
  });

  it.each<[ParamProgram, string, string[]]>([
    ['young-eagle', 'revenueMin', ['YE-REVENUE']],
    ['high-tech', 'score.growthBands[0].points', ['HT-SCORE']],
    ['gazelle', 'recognitionValidityYears', []],
  ])('%s %s feeds %p', (program, path, codes) => {
    expect(paramCriteria(program, path)).toEqual(codes);
  });
});

describe('labels', () => {
  /** Every key the walk can label: parameter keys, column keys, enum codes. */
  const keys = new Set<string>(['low', 'high', 'pointsLow', 'pointsHigh', 'criterion', 'document', 'numerator', 'denominator']);
  const codes = new Set<string>();
  const walk = (spec: ParamSpec, key: string) => {
    if (key) keys.add(key);
    if (spec.kind === 'object') for (const [k, s] of Object.entries(spec.fields)) walk(s, k);
    else if (spec.kind === 'optional') walk(spec.of, '');
    else if (spec.kind === 'enum' || spec.kind === 'enumList') spec.values.forEach((v) => codes.add(v));
    for (const c of columnsOf(spec, key)) keys.add(c.key);
  };
  for (const program of ALL_PARAM_PROGRAMS) walk(PARAM_SPECS[program], '');
  const wanted = [...[...keys].map((k) => `ruleSet.param.${k}`), ...[...codes].map((c) => `ruleSet.code.${c}`)];

  it.each(['zh-CN', 'en'] as const)('every parameter, column and code has a %s label (no raw keys)', (locale) => {
    const cat = catalogue(locale);
    expect(wanted.filter((k) => !Object.prototype.hasOwnProperty.call(cat, k))).toEqual([]);
  });
});
