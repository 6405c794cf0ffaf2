import type { DataSource } from 'typeorm';

/**
 * A test's own SQL on either database (the HTTP suite runs on SQLite and on PostgreSQL): `?` or `$n`
 * placeholders, written either way, become the driver's (PostgreSQL `$1…`, SQLite `?`).
 */
export function portableSql(dataSource: DataSource, query: string): string {
  if (dataSource.options.type === 'postgres') {
    let i = 0;
    return /\$\d/.test(query) ? query : query.replace(/\?/g, () => `$${++i}`);
  }
  return query.replace(/\$\d+/g, '?');
}

/** `sql(query, params)` over the app's data source, placeholders made portable. */
export const sqlOn =
  (dataSource: () => DataSource) =>
  <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    dataSource().query(portableSql(dataSource(), query), params);
