import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * A read made on every request whose SQL never changes, only its parameters: the SQL is built once
 * by TypeORM's query builder (so it stays right for SQLite and PostgreSQL alike, quoting and
 * placeholders included) and then run as text with each call's named parameters. Building the SQL
 * (select expressions, property names, escaping) cost about as much CPU as running it for the
 * session row and the unread count (docs/performance.md). Outside transactions only.
 */
export class PreparedRead<P extends Record<string, unknown>, R> {
  private sql?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly build: (dataSource: DataSource) => SelectQueryBuilder<ObjectLiteral>,
  ) {}

  /** The SQL with `:name` placeholders, as the query builder writes it. */
  get text(): string {
    this.sql ??= this.build(this.dataSource).getQuery();
    return this.sql;
  }

  async all(params: P): Promise<R[]> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(this.text, params);
    return (await this.dataSource.query(sql, values)) as R[];
  }

  async first(params: P): Promise<R | undefined> {
    return (await this.all(params))[0];
  }
}
