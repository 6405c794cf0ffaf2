import { describe, expect, it } from '@jest/globals';
import { hasOwn, inheritedEnumerableKeys, lookupTable, ownValue } from './own-key.js';
import { resolveSort } from './list-query.js';

const PLAIN: Record<string, string> = { name: 'e.name', updatedAt: 'e.updated_at' };
const TABLE = lookupTable({ name: 'e.name', updatedAt: 'e.updated_at' });
const INHERITED = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'prototype'];

describe('own-key lookups', () => {
  it.each([
    ['name', 'e.name'],
    ['updatedAt', 'e.updated_at'],
    ['missing', undefined],
    ['', undefined],
    ...INHERITED.map((k) => [k, undefined] as const),
  ])('ownValue(plain table, %j) is %j', (key, expected) => {
    expect(ownValue(PLAIN, key)).toBe(expected);
    expect(ownValue(TABLE, key)).toBe(expected);
    expect(hasOwn(PLAIN, key)).toBe(expected !== undefined);
  });

  it.each([[undefined], [null], [1], [{}], [['name']], [Symbol('name')]])('a key that is not a string (%p) is never found', (key) => {
    expect(hasOwn(PLAIN, key)).toBe(false);
    expect(ownValue(PLAIN, key)).toBeUndefined();
  });

  it('a lookup table has no prototype and is frozen: [] and `in` see own keys only', () => {
    expect(Object.getPrototypeOf(TABLE)).toBeNull();
    expect(Object.isFrozen(TABLE)).toBe(true);
    for (const k of INHERITED) {
      expect((TABLE as Record<string, unknown>)[k]).toBeUndefined();
      expect(k in TABLE).toBe(false);
    }
    expect(Object.keys(TABLE)).toEqual(['name', 'updatedAt']);
  });

  it.each([
    ['__proto__'], ['-__proto__'], ['constructor'], ['+toString'], ['valueOf'], ['hasOwnProperty'], ['__defineGetter__'], ['prototype'], ['nope'],
  ])('resolveSort refuses %j with a sort detail (a plain table too)', (sort) => {
    expect(() => resolveSort(sort, PLAIN)).toThrow(/sort must be one of name, updatedAt/);
  });

  it.each([
    ['name', 'e.name', 'ASC'],
    ['-updatedAt', 'e.updated_at', 'DESC'],
  ])('resolveSort(%j) is %s %s', (sort, expression, direction) => {
    expect(resolveSort(sort, PLAIN)).toMatchObject({ expression, direction });
  });

  it('the test setup seals the built-in prototypes: a write onto Object.prototype throws (test/support/freeze-prototypes.ts)', () => {
    const target = {} as Record<string, Record<string, unknown>>;
    expect(() => {
      target['__proto__']!['polluted'] = true;
    }).toThrow(TypeError);
    expect(Object.isSealed(Object.prototype) && Object.isSealed(Array.prototype) && Object.isSealed(Function.prototype)).toBe(true);
    expect(inheritedEnumerableKeys()).toEqual([]);
  });
});
