import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bindSqliteIntegers, parametersKey, withIntegersBound } from './sqlite-integer-parameters.js';

let plain: DataSource;
let bound: DataSource;

async function open(): Promise<DataSource> {
  const ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
  await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT, amount REAL)');
  await ds.query("INSERT INTO t (id, code, amount) VALUES (8, '8', 2.5), (9, '9', 3), (10, 'x', NULL)");
  return ds;
}

beforeAll(async () => {
  plain = await open();
  bound = bindSqliteIntegers(await open());
});
afterAll(async () => {
  await plain.destroy();
  await bound.destroy();
});

const byId = (ds: DataSource, id: unknown) => ds.createQueryBuilder().select('t.id', 'id').from('t', 't').where('t.id = :id', { id });

describe('withIntegersBound', () => {
  it.each([
    ['a safe integer', 8, 8n],
    ['zero', 0, 0n],
    ['a negative integer', -3, -3n],
    ['a fraction stays a number (written as a literal, as before)', 2.5, 2.5],
    ['an integer beyond 2^53 stays a number', 2 ** 60, 2 ** 60],
    ['a string', '8', '8'],
    ['a boolean', true, true],
    ['null', null, null],
  ])('%s', (_name, value, expected) => {
    expect(withIntegersBound({ v: value }).v).toEqual(expected);
  });

  it('leaves arrays (bound already) and the caller\'s object as they were', () => {
    const params = { ids: [1, 2], n: 3 };
    const copy = withIntegersBound(params);
    expect(copy).toEqual({ ids: [1, 2], n: 3n });
    expect(params).toEqual({ ids: [1, 2], n: 3 });
    const none = { s: 'a' };
    expect(withIntegersBound(none)).toBe(none);
  });
});

describe('bindSqliteIntegers on a better-sqlite3 data source', () => {
  it('one SQL text for every id: the integer is a bound parameter, not a literal', () => {
    const [a, pa] = byId(bound, 8).getQueryAndParameters();
    const [b, pb] = byId(bound, 9).getQueryAndParameters();
    expect(a).toBe(b);
    expect(a).toMatch(/= \?/);
    expect([pa, pb]).toEqual([[8n], [9n]]);
    // TypeORM's own driver writes each id into the SQL.
    expect(byId(plain, 8).getQueryAndParameters()[0]).not.toBe(byId(plain, 9).getQueryAndParameters()[0]);
  });

  it.each([
    ['INTEGER column = integer', 't.id = :v', 8, [8]],
    ['TEXT column = integer (an INTEGER, not a REAL 8.0, so it reads as \'8\')', 't.code = :v', 8, [8]],
    ['REAL column > integer', 't.amount > :v', 2, [8, 9]],
    ['REAL column = fraction', 't.amount = :v', 2.5, [8]],
    ['arithmetic stays integer', 't.id + :v = 18', 10, [8]],
    ['text concatenation of an integer', "('#' || :v) = '#9'", 9, [8, 9, 10]],
  ])('%s: same rows as TypeORM\'s literal', async (_name, where, v, ids) => {
    const run = (ds: DataSource) => ds.createQueryBuilder().select('t.id', 'id').from('t', 't').where(where, { v }).orderBy('t.id').getRawMany<{ id: number }>();
    const [withLiteral, withBound] = await Promise.all([run(plain), run(bound)]);
    expect(withBound).toEqual(withLiteral);
    expect(withBound.map((r) => r.id)).toEqual(ids);
  });

  it('answers plain numbers (no BigInt in results)', async () => {
    const rows = await byId(bound, 9).addSelect(':n + 1', 'next').setParameter('n', 41).getRawMany<{ id: unknown; next: unknown }>();
    expect(rows).toEqual([{ id: 9, next: 42 }]);
  });

  it('parametersKey writes a BigInt apart from the number and the string of the same digits', () => {
    expect(parametersKey([8n])).toBe('["8n"]');
    expect(new Set([parametersKey([8n]), parametersKey([8]), parametersKey(['8'])]).size).toBe(3);
  });
});
