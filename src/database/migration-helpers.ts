import { TableColumn, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations written with TypeORM's schema-builder API, so one migration set
 * serves SQLite and PostgreSQL. Only the timestamp type differs between the two.
 */
export function timestampType(qr: QueryRunner): string {
  return qr.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
}

export const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
export const str = (name: string, length: number, nullable = false, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...extra });
export const int = (name: string, nullable = false, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...extra });
export const money = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true });
export const bool = (name: string, def?: boolean, nullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable, ...(def === undefined ? {} : { default: def }) });
export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const ts = (qr: QueryRunner, name: string, nullable = false): TableColumnOptions => ({ name, type: timestampType(qr), isNullable: nullable });
export const tsNow = (qr: QueryRunner, name: string): TableColumnOptions => ({ name, type: timestampType(qr), default: 'CURRENT_TIMESTAMP' });
export const version = (): TableColumnOptions => ({ name: 'version', type: 'integer', default: 1 });

export function column(options: TableColumnOptions): TableColumn {
  return new TableColumn(options);
}
