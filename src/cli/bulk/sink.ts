import type { DataSource, QueryRunner } from 'typeorm';

/** A value bound into an INSERT: dates and booleans are converted per dialect. */
export type Cell = string | number | boolean | Date | null;

interface Buffer {
  table: string;
  columns: string[];
  rows: Cell[][];
}

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766; PostgreSQL's wire limit is 65535. */
const MAX_PARAMS = { sqlite: 32_000, postgres: 60_000 } as const;
const MAX_ROWS_PER_STATEMENT = 500;

interface SqliteHandle {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  exec(sql: string): unknown;
  pragma(sql: string): unknown;
}

/** TypeORM stores datetimes in SQLite as UTC `YYYY-MM-DD HH:MM:SS.SSS`; the same here. */
export function sqliteDatetime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Collects rows per table and writes them as multi-row parameterised INSERTs, in chunks, inside
 * one transaction per batch. Tables are flushed in the order they were first declared, so parents
 * (enterprise) always land before their children within a batch (foreign keys stay on).
 * SQLite goes straight to better-sqlite3 with cached prepared statements; PostgreSQL through
 * TypeORM's query runner with $n placeholders.
 */
export class BulkSink {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly buffers = new Map<string, Buffer>();
  private readonly statements = new Map<string, { run(...params: unknown[]): unknown }>();
  private readonly sqlite: SqliteHandle | null;
  private runner: QueryRunner | null = null;
  rowsWritten = 0;
  readonly rowsByTable = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.sqlite = this.dialect === 'sqlite' ? (dataSource.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection : null;
  }

  /**
   * Declares a buffer of rows for a table (columns in the order rows are given). Declaration order
   * is flush order; `key` lets one table have two buffers flushed at different points (users
   * before enterprises for staff, after them for enterprise logins).
   */
  table(table: string, columns: string[], key = table): void {
    if (!this.buffers.has(key)) this.buffers.set(key, { table, columns, rows: [] });
  }

  add(key: string, row: Cell[]): void {
    const buffer = this.buffers.get(key);
    if (!buffer) throw new Error(`buffer ${key} not declared`);
    if (row.length !== buffer.columns.length) throw new Error(`${buffer.table}: ${row.length} values for ${buffer.columns.length} columns`);
    buffer.rows.push(row);
  }

  /** Settings for a one-off bulk load (SQLite: bigger cache, no fsync per commit). */
  async prepareForLoad(): Promise<void> {
    if (this.sqlite) {
      this.sqlite.pragma('synchronous = OFF');
      this.sqlite.pragma('cache_size = -262144');
      this.sqlite.pragma('temp_store = MEMORY');
    }
  }

  /** Writes every buffered row in one transaction. */
  async flushBatch(): Promise<void> {
    if (this.sqlite) {
      this.sqlite.exec('BEGIN');
      try {
        for (const buffer of this.buffers.values()) this.writeSqlite(buffer);
        this.sqlite.exec('COMMIT');
      } catch (err) {
        this.sqlite.exec('ROLLBACK');
        throw err;
      }
      return;
    }
    this.runner ??= this.dataSource.createQueryRunner();
    await this.runner.startTransaction();
    try {
      for (const buffer of this.buffers.values()) await this.writePostgres(buffer);
      await this.runner.commitTransaction();
    } catch (err) {
      await this.runner.rollbackTransaction();
      throw err;
    }
  }

  private chunkSize(columns: number): number {
    return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS[this.dialect] / columns)));
  }

  private count(buffer: Buffer, n: number): void {
    this.rowsWritten += n;
    this.rowsByTable.set(buffer.table, (this.rowsByTable.get(buffer.table) ?? 0) + n);
  }

  private writeSqlite(buffer: Buffer): void {
    const size = this.chunkSize(buffer.columns.length);
    for (let i = 0; i < buffer.rows.length; i += size) {
      const chunk = buffer.rows.slice(i, i + size);
      const key = `${buffer.table}:${chunk.length}`;
      let statement = this.statements.get(key);
      if (!statement) {
        const tuple = `(${buffer.columns.map(() => '?').join(', ')})`;
        statement = this.sqlite!.prepare(`INSERT INTO "${buffer.table}" (${buffer.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(chunk.length).fill(tuple).join(', ')}`);
        this.statements.set(key, statement);
      }
      const params: unknown[] = [];
      for (const row of chunk) {
        for (const v of row) params.push(v instanceof Date ? sqliteDatetime(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v);
      }
      statement.run(...params);
      this.count(buffer, chunk.length);
    }
    buffer.rows = [];
  }

  private async writePostgres(buffer: Buffer): Promise<void> {
    const size = this.chunkSize(buffer.columns.length);
    const cols = buffer.columns.length;
    for (let i = 0; i < buffer.rows.length; i += size) {
      const chunk = buffer.rows.slice(i, i + size);
      const tuples = chunk.map((_, r) => `(${buffer.columns.map((_c, c) => `$${r * cols + c + 1}`).join(', ')})`);
      await this.runner!.query(
        `INSERT INTO "${buffer.table}" (${buffer.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
        chunk.flat(),
      );
      this.count(buffer, chunk.length);
    }
    buffer.rows = [];
  }

  /** After the load: statistics for the planner, sequences past explicit ids, WAL folded in. */
  async finish(explicitIdTables: string[]): Promise<void> {
    if (this.sqlite) {
      this.sqlite.pragma('synchronous = NORMAL');
      this.sqlite.exec('ANALYZE');
      this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return;
    }
    for (const table of explicitIdTables) {
      await this.dataSource.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT MAX(id) FROM "${table}"), 1))`);
    }
    await this.dataSource.query('ANALYZE');
    await this.runner?.release();
  }
}
