import type { DataSource } from 'typeorm';

type Escape = (sql: string, parameters: Record<string, unknown>) => [string, unknown[]];

/** Prepared statements a connection keeps (TypeORM's default is 100, first in first out). */
export const SQLITE_STATEMENT_CACHE = 500;

/**
 * TypeORM's SQLite drivers write a number parameter into the SQL as a literal (`enterprise_id = 8`)
 * instead of binding it, because better-sqlite3 binds a JS number as a REAL: `8.0` would compare
 * unequal to a TEXT column holding '8'. So every file, year and id made new SQL: better-sqlite3
 * compiled each statement afresh — the file page called `prepare()` 19 times per request (0.86 ms of
 * ~15 ms of CPU, 120,000 enterprises) — and those one-off statements pushed the hot ones (session,
 * unread count, lists) out of TypeORM's statement cache of 100.
 * On a database that has been ANALYZEd, SQLite (built with STAT4) still recompiles a statement inside
 * step() when a value compared with a sampled index changes, so most of that saving does not show in
 * the total there (docs/performance.md); the hot statements do stay cached.
 *
 * Here a safe-integer parameter is handed over as a BigInt instead, which better-sqlite3 binds as a
 * 64-bit INTEGER — exactly what the literal was — so the SQL is the same for every value and is
 * compiled once. Other numbers (fractions) stay literals as before; arrays (`:...ids`) were bound
 * already and are unchanged. PostgreSQL binds every parameter anyway: nothing to do there.
 */
export function bindSqliteIntegers(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const driver = dataSource.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters) => escape(sql, withIntegersBound(parameters));
  return dataSource;
}

/** A copy of the parameters with safe integers as BigInt (the caller's object is left as it was). */
export function withIntegersBound(parameters: Record<string, unknown>): Record<string, unknown> {
  if (!parameters) return parameters;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(parameters)) {
    const value = parameters[key];
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      copy ??= { ...parameters };
      copy[key] = BigInt(value);
    }
  }
  return copy ?? parameters;
}

/** JSON.stringify that writes a BigInt as its digits (parameters compared or used as cache keys). */
export function parametersKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
