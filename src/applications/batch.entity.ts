import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { TIERS } from '../ladder/tiers.js';
import { SRDI_RUNGS } from './workflow/workflows.js';

export const BATCH_STATUSES = ['open', 'notice', 'announced'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Programmes that are decided in batches with a public notice and a published list (the SRDI rungs too, rules.md §7). */
export const LIST_PROGRAMMES = [...TIERS, 'high-tech', ...SRDI_RUNGS] as const;
export type ListProgramme = (typeof LIST_PROGRAMMES)[number];

/**
 * A batch of one programme and year (e.g. 2026 young eagle, batch 1): applications are gathered
 * while it is open, the public notice runs for it (default 10 working days), and its announcement
 * creates the recognitions and publishes the list.
 */
@Entity('application_batch')
@Index('uq_application_batch_name', ['programme', 'year', 'name'], { unique: true })
@Index('ix_application_batch_status', ['status'])
@Index('ix_application_batch_list', ['programme', 'year', 'status'])
export class ApplicationBatch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  programme: ListProgramme;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  status: BatchStatus;

  @Column({ name: 'notice_starts_on', type: 'varchar', length: 10, nullable: true })
  noticeStartsOn: string | null;

  @Column({ name: 'notice_ends_on', type: 'varchar', length: 10, nullable: true })
  noticeEndsOn: string | null;

  @Column({ name: 'notice_working_days', type: 'integer', nullable: true })
  noticeWorkingDays: number | null;

  @Column({ name: 'announced_on', type: 'varchar', length: 10, nullable: true })
  announcedOn: string | null;

  @Column({ name: 'announced_by', type: 'integer', nullable: true })
  announcedBy: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** An objection received during the public notice, recorded and then resolved (upheld or dismissed). */
@Entity('objection')
@Index('ix_objection_application', ['applicationId'])
@Index('ix_objection_batch_status', ['batchId', 'status'])
export class Objection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId: number | null;

  @Column({ name: 'received_on', type: 'varchar', length: 10 })
  receivedOn: string;

  /** Who objected (may be withheld: anonymous objections are accepted). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  objector: string | null;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 12 })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_by', type: 'integer', nullable: true })
  resolvedBy: number | null;

  @Column({ name: 'resolved_at', type: Date, nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'recorded_by', type: 'integer', nullable: true })
  recordedBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
