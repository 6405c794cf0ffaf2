import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ApplicationType } from './workflow/workflows.js';

/**
 * An application of an enterprise (tier recognition, HNTE certification, super-deduction pre-check,
 * IP-pledge loan). Its status changes only through the type's state machine; each change writes an
 * ApplicationHistory row in the same transaction.
 */
@Entity('application')
@Index('ix_application_enterprise', ['enterpriseId'])
@Index('ix_application_status_due', ['status', 'dueOn'])
@Index('ix_application_type_year', ['type', 'year'])
@Index('ix_application_batch', ['batchId'])
@Index('ix_application_updated', ['updatedAt'])
@Index('ix_application_due', ['dueOn'])
@Index('ix_application_created_by', ['createdBy'])
export class Application {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 32 })
  type: ApplicationType;

  /** The rung applied for (tier recognition only). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  tier: string | null;

  /** The evaluation / programme year. */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  /** The type's form (validated by the type's DTO), prefilled from the file. */
  @Column({ type: 'simple-json' })
  form: Record<string, unknown>;

  /** The published-list batch (tier recognition and HNTE), assigned by a manager. */
  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId: number | null;

  /** When the current status was entered. */
  @Column({ name: 'status_since', type: Date })
  statusSince: Date;

  /** Due date of the current stage (YYYY-MM-DD), null when the stage has none. */
  @Column({ name: 'due_on', type: 'varchar', length: 10, nullable: true })
  dueOn: string | null;

  /** The due date was counted across a year with no published holiday calendar (plain Monday–Friday). */
  @Column({ name: 'due_provisional', type: 'boolean', default: false })
  dueProvisional: boolean;

  @Column({ name: 'submitted_at', type: Date, nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'decided_at', type: Date, nullable: true })
  decidedAt: Date | null;

  /** What the last decision recorded (e.g. the super-deduction amount, the HNTE certificate). */
  @Column({ type: 'simple-json', nullable: true })
  decision: Record<string, unknown> | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @Column({ name: 'created_by_role', type: 'varchar', length: 16 })
  createdByRole: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

export const HISTORY_KINDS = ['transition', 'comment', 'document', 'repayment', 'subsidy', 'objection', 'batch'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/**
 * The application's history as typed entries: every transition (who, when, from, to, comment) and
 * every comment, upload, repayment, subsidy and objection. Append-only. `isPublic` entries are
 * shown to the enterprise; internal notes are not.
 */
@Entity('application_history')
@Index('ix_application_history_app', ['applicationId', 'at'])
@Index('ix_application_history_actor', ['actorId', 'at'])
export class ApplicationHistory {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: HistoryKind;

  @Column({ type: 'varchar', length: 32, nullable: true })
  action: string | null;

  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 32, nullable: true })
  toStatus: string | null;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'is_public', type: 'boolean', default: true })
  isPublic: boolean;

  /** Data recorded with the step (valuation, loan terms, registration number …). */
  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ type: Date })
  at: Date;
}

/**
 * The engine's evaluation frozen at submission (and at each resubmission and pledge registration):
 * rule-set versions, the input snapshot and the result, so a reviewer sees what the applicant saw
 * and a decision can be reproduced after the numbers change.
 */
@Entity('application_evaluation')
@Index('ix_application_evaluation_app', ['applicationId', 'createdAt'])
export class ApplicationEvaluation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  /** submit | resubmit | register-pledge */
  @Column({ type: 'varchar', length: 24 })
  trigger: string;

  @Column({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  /** programme → rule-set version. */
  @Column({ name: 'rule_sets', type: 'simple-json' })
  ruleSets: Record<string, string>;

  @Column({ type: 'simple-json' })
  input: Record<string, unknown>;

  @Column({ type: 'simple-json' })
  result: Record<string, unknown>;

  /** eligible | ineligible | incomplete */
  @Column({ type: 'varchar', length: 12 })
  outcome: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/**
 * A document attached to an application against one checklist item. The file itself lives in the
 * documents module (DocumentsService, owner kind `application`); this row says which requirement
 * it answers, and keeps the name, size and digest for the checklist.
 */
@Entity('application_document')
@Index('ix_application_document_app', ['applicationId', 'requirement'])
@Index('ix_application_document_document', ['documentId'])
export class ApplicationDocument {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column({ type: 'varchar', length: 48 })
  requirement: string;

  /** The document's id in the documents module. */
  @Column({ name: 'document_id', type: 'integer', nullable: true })
  documentId: number | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'mime_type', type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'uploaded_by', type: 'integer', nullable: true })
  uploadedBy: number | null;

  @Column({ name: 'uploaded_by_name', type: 'varchar', length: 64 })
  uploadedByName: string;

  @Column({ name: 'uploaded_at', type: Date })
  uploadedAt: Date;
}
