import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export type ImportStatus = 'planned' | 'invalid' | 'committed';

/** One row error: spreadsheet row number, the column as headed in the file, a message key and its parameters. */
export interface ImportRowError {
  row: number;
  column: string | null;
  key: string;
  params?: Record<string, unknown>;
}

/** One parsed row as stored with the job: normalised values by column key. */
export interface ImportRow {
  row: number;
  values: Record<string, unknown>;
}

/**
 * An import: who uploaded what (kind, file SHA-256), the parsed rows kept so the dry run can be
 * committed by id without uploading again, the counts, the row errors, and whether it was committed.
 */
@Entity('import_job')
@Index('ix_import_job_created', ['createdBy', 'createdAt'])
@Index('ix_import_job_status', ['status'])
@Index('ix_import_job_sha256', ['fileSha256'])
@Index('ix_import_job_committed_by', ['committedBy'])
export class ImportJob {
  @PrimaryGeneratedColumn()
  id: number;

  /** enterprises | financials | ip-assets | credit-lists */
  @Column({ type: 'varchar', length: 24 })
  kind: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** What the file is an extract of (a fact source code: tax, ip-office, credit-china …); null = `import`. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  source: string | null;

  @Column({ name: 'file_format', type: 'varchar', length: 8 })
  fileFormat: string;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256: string;

  @Column({ name: 'file_size', type: 'integer' })
  fileSize: number;

  @Column({ name: 'total_rows', type: 'integer', default: 0 })
  totalRows: number;

  @Column({ name: 'create_count', type: 'integer', default: 0 })
  createCount: number;

  @Column({ name: 'update_count', type: 'integer', default: 0 })
  updateCount: number;

  @Column({ name: 'unchanged_count', type: 'integer', default: 0 })
  unchangedCount: number;

  @Column({ name: 'error_count', type: 'integer', default: 0 })
  errorCount: number;

  @Column({ type: 'simple-json', nullable: true })
  errors: ImportRowError[] | null;

  /** Ignored columns and other notes on the file. */
  @Column({ type: 'simple-json', nullable: true })
  warnings: { key: string; params?: Record<string, unknown> }[] | null;

  /** The first planned changes, for the report (row, action, key, changed fields). */
  @Column({ type: 'simple-json', nullable: true })
  preview: unknown[] | null;

  @Column({ type: 'simple-json', nullable: true })
  rows: ImportRow[] | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @Column({ name: 'created_by_name', type: 'varchar', length: 64 })
  createdByName: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'committed_at', type: Date, nullable: true })
  committedAt: Date | null;

  @Column({ name: 'committed_by', type: 'integer', nullable: true })
  committedBy: number | null;

  @VersionColumn()
  version: number;
}
