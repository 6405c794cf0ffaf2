import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A background job in the database: progress is visible to every process, a lease (owner +
 * heartbeat) makes sure only one process runs it, and the cursor lets a job resume after a crash.
 */
@Entity('job')
@Index('ix_job_status', ['status', 'createdAt'])
@Index('ix_job_kind', ['kind', 'createdAt'])
export class Job {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 12 })
  status: JobStatus;

  @Column({ type: 'simple-json' })
  params: Record<string, any>;

  @Column({ name: 'progress_done', type: 'integer', default: 0 })
  progressDone: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal: number;

  /** Last processed key (e.g. enterprise id): work after it is still to do. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  cursor: string | null;

  @Column({ type: 'simple-json', nullable: true })
  summary: Record<string, any> | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'heartbeat_at', type: Date, nullable: true })
  heartbeatAt: Date | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;
}
