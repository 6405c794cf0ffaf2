import { describe, expect, it } from '@jest/globals';
import type { ImportRowError } from './import-job.entity.js';
import { createChanges, linkedRows, plannedUpdate, updateChanges } from './plan-rows.js';

describe('linkedRows: one row per key, linked to a visible enterprise', () => {
  const files = new Map([['A', { id: 1 }], ['B', { id: 2 }]]);
  const run = (rows: [number, string, string][]) => {
    const errors: ImportRowError[] = [];
    const out = linkedRows(rows.map(([row, uscc, n]) => ({ row, values: { uscc, n } })), { keyOf: (v) => String(v.n), link: (u) => files.get(u) ?? null, duplicateColumn: '编号', usccColumn: '统一社会信用代码' }, errors);
    return { keys: out.map((r) => `${r.row}:${r.key}:${r.enterprise.id}`), errors: errors.map((e) => `${e.row}:${e.column}:${e.key}`) };
  };
  it.each<[string, [number, string, string][], string[], string[]]>([
    ['all distinct and known', [[2, 'A', 'x'], [3, 'B', 'y']], ['2:x:1', '3:y:2'], []],
    ['a key seen earlier → duplicateInFile', [[2, 'A', 'x'], [3, 'B', 'x']], ['2:x:1'], ['3:编号:import.error.duplicateInFile']],
    ['unknown or hidden USCC → unknownEnterprise', [[2, 'Z', 'x']], [], ['2:统一社会信用代码:import.error.unknownEnterprise']],
    ['a duplicate is reported before its USCC is looked at', [[2, 'Z', 'x'], [3, 'Z', 'x']], [], ['2:统一社会信用代码:import.error.unknownEnterprise', '3:编号:import.error.duplicateInFile']],
  ])('%s', (_label, rows, keys, errors) => {
    expect(run(rows)).toEqual({ keys, errors });
  });
});

describe('changes a row makes', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    ['stated and different', { a: 1, b: 2 }, { a: 1, b: 3 }, { b: { from: 2, to: 3 } }],
    ['left out is never cleared', { a: 1 }, { a: undefined }, {}],
    ['unknown on file → set', { a: null }, { a: 5 }, { a: { from: null, to: 5 } }],
    ['lists compare by value', { c: ['x'] }, { c: ['x'] }, {}],
  ])('update: %s', (_label, before, wanted, expected) => {
    expect(updateChanges(before, wanted)).toEqual(expected);
  });

  it('create: only what the file states', () => {
    expect(createChanges({ a: 1, b: undefined, c: null })).toEqual({ a: { from: null, to: 1 }, c: { from: null, to: null } });
  });

  it.each<[string, Record<string, { from: unknown; to: unknown }>, string]>([
    ['no change → unchanged', {}, 'unchanged'],
    ['a change → update', { a: { from: 1, to: 2 } }, 'update'],
  ])('%s', (_label, changes, action) => {
    expect(plannedUpdate({ row: 4, key: 'k', values: {}, enterprise: { id: 9 } }, { id: 3, version: 2 }, changes)).toMatchObject({ action, id: 3, version: 2, enterpriseId: 9, row: 4 });
  });
});
