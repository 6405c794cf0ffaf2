import type { DataSource, EntityManager } from 'typeorm';

/**
 * Where raw SQL runs: the DataSource (any pooled connection) or a transaction's EntityManager (its
 * connection, seeing its own uncommitted writes). Loaders that a transaction may call take either,
 * so that inside one they do not take a second connection (second-connection-guard.ts).
 */
export type Queryable = DataSource | EntityManager;

/** The DataSource behind either (for its driver type and options). */
export function dataSourceOf(q: Queryable): DataSource {
  return 'dataSource' in q && !('manager' in q) ? q.dataSource : (q as DataSource);
}

export function isPostgres(q: Queryable): boolean {
  return dataSourceOf(q).options.type === 'postgres';
}
