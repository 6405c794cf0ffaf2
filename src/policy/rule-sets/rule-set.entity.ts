import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const RULE_SET_STATUSES = ['draft', 'active', 'retired'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

/**
 * The numbers of one programme as versioned data (rules.md: criteria are code, numbers are data).
 * Published rule sets are immutable: a change is a new draft, previewed, then published; the old
 * one is retired, never deleted, so past decisions stay reproducible.
 */
@Entity('rule_set')
@Index('uq_rule_set_program_version', ['program', 'version'], { unique: true })
@Index('ix_rule_set_program_status', ['program', 'status', 'effectiveFrom'])
export class RuleSetRecord {
  @PrimaryGeneratedColumn()
  id: number;

  /** tech-sme … super-deduction, ip-pledge */
  @Column({ type: 'varchar', length: 24 })
  program: string;

  /** The published name, e.g. "2026.1". */
  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'varchar', length: 12 })
  status: RuleSetStatus;

  @Column({ name: 'effective_from', type: 'varchar', length: 10 })
  effectiveFrom: string;

  @Column({ type: 'simple-json' })
  params: Record<string, any>;

  /** Parameter paths not confirmed against the official text. */
  @Column({ type: 'simple-json' })
  provisional: string[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'based_on_id', type: 'integer', nullable: true })
  basedOnId: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'published_at', type: Date, nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'integer', nullable: true })
  publishedBy: number | null;

  /** Accepting a fast-track offer of this programme files the application straight onto the list (rules.md §11; offers module). */
  @Column({ type: 'boolean', default: false })
  automatic: boolean;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}
