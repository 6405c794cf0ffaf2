import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { parametersKey } from './sqlite-integer-parameters.js';

/**
 * SQL of a query builder, written by TypeORM once per *shape* and reused with each call's
 * parameter values. A shape is the caller's name for everything that decides the SQL's text —
 * which filters are present, the scope's kind, the sort, the page — but not the values (those are
 * bound). Writing the SQL (select expressions, property names, metadata look-ups) was ~9 % of the
 * projects page's CPU and ~11 % of what it allocated (docs/performance.md).
 *
 * Parameter names may differ between calls of one shape (the access scope numbers its own), so the
 * values are matched by the order the query builder received them, which one code path keeps. A
 * shape whose parameters TypeORM changes while writing the SQL, or whose count of parameters
 * differs from the first call's, is written afresh every time: never wrong, only not faster.
 */
interface Written {
  sql: string;
  names: string[];
}

const MAX_SHAPES = 1000;
/** Per data source: its driver writes the SQL (quoting, placeholders). */
const writtenBy = new WeakMap<DataSource, Map<string, Written | null>>();
let verifying = false;

/**
 * Outside production (NODE_ENV development and test) every shaped call also lets TypeORM write the
 * SQL and throws if the two differ: a shape that misses a filter fails the first test that uses it.
 */
export function verifyShapedSql(on: boolean): void {
  verifying = on;
}

/** A shape whose SQL is not the SQL its query would have: the caller's shape misses something. */
export class ShapeDriftError extends Error {
  constructor(shape: string) {
    super(`Shaped SQL "${shape}" differs from the query builder's own: the shape misses part of the query`);
  }
}

/**
 * `source` holds this call's parameter values; `write` gives the query whose SQL is wanted (by
 * default `source` itself; a count passes a clone of its list that selects COUNT(*), same
 * parameters) and is called only when the shape's SQL is not yet written.
 */
export function shapedSql<T extends ObjectLiteral>(source: SelectQueryBuilder<T>, shape: string, write: () => SelectQueryBuilder<T> = () => source): [string, unknown[]] {
  const params = source.getParameters();
  const names = Object.keys(params);
  let written = writtenBy.get(source.dataSource);
  if (!written) writtenBy.set(source.dataSource, (written = new Map()));
  let known = written.get(shape);
  if (known === undefined) {
    const q = write();
    const sql = q.getQuery();
    known = sameNames(Object.keys(q.getParameters()), names) ? { sql, names } : null;
    if (written.size >= MAX_SHAPES) written.delete(written.keys().next().value!);
    written.set(shape, known);
  }
  if (!known || known.names.length !== names.length) return write().getQueryAndParameters();
  const renamed: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) renamed[known.names[i]!] = params[names[i]!];
  const shaped = source.dataSource.driver.escapeQueryWithParameters(known.sql, renamed);
  if (verifying && parametersKey(shaped) !== parametersKey(write().getQueryAndParameters())) throw new ShapeDriftError(shape);
  return shaped;
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
