import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { shapedSql } from '../database/shaped-sql.js';
import { parametersKey } from '../database/sqlite-integer-parameters.js';
import { InvalidInputError } from './errors.js';
import { ownValue } from './own-key.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page?: number;
  pageSize?: number;
  sort?: string;
}

export const MAX_PAGE_SIZE = 200;
export const MAX_PAGE = 1_000_000;

/**
 * The one list helper: validated paging and a whitelisted sort (`-updatedAt` = descending) applied
 * to a query builder, then items and total. Sort keys map to SQL expressions so no user text
 * reaches SQL; the id is always the tie-breaker so pages are stable.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  request: PageRequest,
  sortable: Record<string, string>,
  defaultSort: string,
  idColumn: string,
): Promise<Page<T>> {
  return paginateWith(qb, request, sortable, defaultSort, idColumn, (q) => q.getMany());
}

/**
 * Options of paginateWith. `rowsUnique`: the query's joins cannot repeat a row (each is on the
 * joined table's primary key), so the total is COUNT(*) rather than TypeORM's COUNT(DISTINCT id).
 * `cacheTotalFrom`: the total from which it is kept a few seconds (default LARGE_TOTAL), for a
 * list whose count is dear well below that (each row joined to another table to be counted).
 */
export interface PaginateOptions {
  rowsUnique?: boolean;
  cacheTotalFrom?: number;
  /**
   * The caller's name for everything in its query that decides the SQL's text except the sort and
   * the page (which paginateWith adds): then the count's and the page's SQL are written once per
   * shape (src/database/shaped-sql.ts) and the page's rows come raw (`rawRows`).
   */
  shape?: string;
}

/** The page's raw rows: through the shaped SQL when the list has a shape, else TypeORM's getRawMany. */
export type RawRows = <Row>() => Promise<Row[]>;

/**
 * paginate with the page's rows fetched by the caller — raw rows and a small mapper on hot read
 * paths, where TypeORM's entity hydration was a large share of the page (docs/performance.md).
 */
export async function paginateWith<T extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<T>,
  request: PageRequest,
  sortable: Record<string, string>,
  defaultSort: string,
  idColumn: string,
  fetch: (qb: SelectQueryBuilder<T>, rawRows: RawRows) => Promise<R[]>,
  options: PaginateOptions = {},
): Promise<Page<R>> {
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? 50;
  // An absurd page number would become an OFFSET the database cannot parse: refuse it as input.
  if (!Number.isSafeInteger(page) || page < 1 || page > MAX_PAGE) throw new InvalidInputError(`page must be an integer between 1 and ${MAX_PAGE}`, [{ field: 'page', message: `must be between 1 and ${MAX_PAGE}` }]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`, [{ field: 'pageSize', message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  const { expression, direction } = resolveSort(request.sort || defaultSort, sortable);
  qb.orderBy(expression, direction).addOrderBy(idColumn, direction);
  // Shaped SQL runs on the data source's own connection: a query inside a transaction keeps TypeORM's path.
  if (options.shape !== undefined && Reflect.get(qb, 'queryRunner')) options = { ...options, shape: undefined };
  const total = await countOf(qb, options);
  const paged = qb.offset((page - 1) * pageSize).limit(pageSize);
  const rawRows: RawRows = async <Row>() => {
    if (!options.shape) return paged.getRawMany<Row>();
    const [sql, parameters] = shapedSql(paged, `${options.shape}|${expression} ${direction}|${page}|${pageSize}`);
    return (await paged.dataSource.query(sql, parameters)) as Row[];
  };
  const items = await fetch(paged, rawRows);
  return { items, total, page, pageSize };
}

/**
 * The list's total. Without joins, GROUP BY or DISTINCT the rows cannot repeat, so it is COUNT(*) of
 * the filtered query: PostgreSQL answers that from a covering index (index-only scan), whereas
 * TypeORM's getCount() issues COUNT(DISTINCT id), which forces a heap scan and a sort — 67 ms
 * instead of 3.7 ms for Binhai's 43,000 files at 120,000 enterprises (docs/performance.md).
 * PostgreSQL returns the count as a string (BIGINT): Number() it.
 */
async function countOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, options: PaginateOptions): Promise<number> {
  const plain = countsPlainRows(qb, options);
  // A shaped plain count needs no clone to write its SQL: the clone is made only the first time.
  let counting: SelectQueryBuilder<T> | undefined;
  const build = () => (counting ??= plain ? countingQuery(qb).select('COUNT(*)', 'cnt') : countingQuery(qb));
  const shaped = plain && options.shape !== undefined;
  const [sql, parameters] = shaped ? shapedSql(qb, `${options.shape}|count`, build) : build().getQueryAndParameters();
  const key = `${sql}\u0000${parametersKey(parameters)}`;
  const cached = largeTotals.get(key);
  if (cached && Date.now() - cached.at < LARGE_TOTAL_TTL_MS) return cached.total;
  const total = shaped
    ? Number(((await qb.dataSource.query(sql, parameters)) as { cnt: string | number }[])[0]?.cnt ?? 0)
    : plain ? Number((await build().getRawOne<{ cnt: string | number }>())?.cnt ?? 0) : await build().getCount();
  if (total >= (options.cacheTotalFrom ?? LARGE_TOTAL)) {
    if (largeTotals.size >= LARGE_TOTAL_ENTRIES) largeTotals.delete(largeTotals.keys().next().value!);
    largeTotals.set(key, { at: Date.now(), total });
  } else if (cached) {
    largeTotals.delete(key);
  }
  return total;
}

function countingQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb.clone().orderBy().offset(undefined).limit(undefined);
}

/**
 * Large totals are kept a few seconds per process, keyed by the count's SQL and parameters (the
 * caller's scope and filters are in both). Counting Binhai's 43,000 files is ~1.3 ms of SQLite CPU
 * (3.7 ms on PostgreSQL) on every page of its list — 15 % of the list page at 120,000 enterprises —
 * and a "43,118 files" that is a few seconds old is still right to the reader. Below LARGE_TOTAL
 * (every filtered list, every test database) the total stays exact on every request.
 */
export const LARGE_TOTAL = 5_000;
const LARGE_TOTAL_TTL_MS = 5_000;
const LARGE_TOTAL_ENTRIES = 500;
const largeTotals = new Map<string, { at: number; total: number }>();

/** Whether COUNT(*) of the query is its number of distinct rows (else TypeORM's COUNT(DISTINCT id)). */
function countsPlainRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, options: PaginateOptions): boolean {
  const map = qb.expressionMap;
  return !((map.joinAttributes.length && !options.rowsUnique) || map.groupBys.length || map.selectDistinct || map.havings.length);
}

export function resolveSort(sort: string, sortable: Record<string, string>): { key: string; expression: string; direction: 'ASC' | 'DESC' } {
  const text = typeof sort === 'string' ? sort : '';
  const direction = text.startsWith('-') ? 'DESC' : 'ASC';
  const key = text.replace(/^[-+]/, '');
  // Own keys only: `sort=__proto__` used to hand TypeORM Object.prototype as its ORDER BY map (src/common/own-key.ts).
  const expression = ownValue(sortable, key);
  if (typeof expression !== 'string') {
    throw new InvalidInputError(`sort must be one of ${Object.keys(sortable).join(', ')} (prefix - for descending)`, [
      { field: 'sort', message: `unknown sort key "${key.slice(0, 40)}"` },
    ]);
  }
  return { key, expression, direction };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
