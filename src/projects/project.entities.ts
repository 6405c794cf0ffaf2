import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

const money = (name: string) => ({ name, type: 'bigint' as const, default: 0, transformer: yuanAsFen });

/** Parameters of the RAG reason, JSON in a text column (portable). */
export const paramsJson = {
  to: (v: Record<string, unknown> | null | undefined) => (v === null || v === undefined ? null : JSON.stringify(v)),
  from: (v: string | null): Record<string, string | number> | null => (v ? (JSON.parse(v) as Record<string, string | number>) : null),
};

/** A key project (rules.md §10): one lead enterprise, a type, a plan, a status and its RAG. */
@Entity('project')
@Index('ix_project_lead', ['leadEnterpriseId'])
@Index('ix_project_type', ['type', 'id'])
@Index('ix_project_status', ['status', 'id'])
@Index('ix_project_rag', ['rag', 'id'])
@Index('ix_project_updated', ['updatedAt', 'id'])
@Index('ix_project_name', ['name', 'id'])
@Index('ix_project_start', ['startOn', 'id'])
@Index('ix_project_end', ['endOn', 'id'])
@Index('ix_project_rag_updated', ['rag', 'updatedAt', 'id'])
@Index('ix_project_status_updated', ['status', 'updatedAt', 'id'])
@Index('ix_project_type_updated', ['type', 'updatedAt', 'id'])
export class Project {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'lead_enterprise_id', type: 'integer' }) leadEnterpriseId: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20 }) type: string;
  @Column({ name: 'start_on', type: 'varchar', length: 10 }) startOn: string;
  @Column({ name: 'end_on', type: 'varchar', length: 10 }) endOn: string;
  @Column({ type: 'varchar', length: 12 }) status: string;
  @Column({ type: 'varchar', length: 8, nullable: true }) rag: string | null;
  @Column({ name: 'rag_reason', type: 'varchar', length: 64, nullable: true }) ragReason: string | null;
  @Column({ name: 'rag_params', type: 'text', nullable: true, transformer: paramsJson }) ragParams: Record<string, string | number> | null;
  @Column({ name: 'rag_computed_on', type: 'varchar', length: 10, nullable: true }) ragComputedOn: string | null;
  /** Latest report's progress (percent), kept for the list. */
  @Column({ type: 'integer', nullable: true }) progress: number | null;
  @Column({ name: 'status_note', type: 'varchar', length: 500, nullable: true }) statusNote: string | null;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy: number | null;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** Another enterprise taking part (reads the project in its portal). */
@Entity('project_participant')
@Index('uq_project_participant', ['projectId', 'enterpriseId'], { unique: true })
@Index('ix_project_participant_enterprise', ['enterpriseId'])
export class ProjectParticipant {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'project_id', type: 'integer' }) projectId: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
}

/** The budget of one year by source, in yuan (fen in the columns). */
@Entity('project_budget')
@Index('uq_project_budget_year', ['projectId', 'year'], { unique: true })
export class ProjectBudget {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'project_id', type: 'integer' }) projectId: number;
  @Column({ type: 'integer' }) year: number;
  @Column(money('government')) government: number;
  @Column(money('self_funded')) self: number;
}

@Entity('project_milestone')
@Index('ix_project_milestone_project', ['projectId', 'dueOn'])
@Index('ix_project_milestone_open', ['status', 'dueOn'])
export class ProjectMilestone {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'project_id', type: 'integer' }) projectId: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ name: 'due_on', type: 'varchar', length: 10 }) dueOn: string;
  @Column({ type: 'varchar', length: 500 }) deliverable: string;
  @Column({ type: 'varchar', length: 10 }) status: string;
  @Column({ name: 'actual_on', type: 'varchar', length: 10, nullable: true }) actualOn: string | null;
  @Column({ name: 'accepted_by', type: 'integer', nullable: true }) acceptedBy: number | null;
  @Column({ name: 'accepted_at', type: Date, nullable: true }) acceptedAt: Date | null;
  @VersionColumn() version: number;
}

/** A monthly progress report, submitted by the lead enterprise and reviewed by the officer. */
@Entity('project_report')
@Index('uq_project_report_month', ['projectId', 'month'], { unique: true })
@Index('ix_project_report_status', ['status', 'month'])
export class ProjectReport {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'project_id', type: 'integer' }) projectId: number;
  @Column({ type: 'varchar', length: 7 }) month: string;
  @Column({ type: 'integer' }) progress: number;
  @Column(money('spend')) spend: number;
  @Column({ type: 'varchar', length: 2000, default: '' }) issues: string;
  @Column({ type: 'varchar', length: 10 }) status: string;
  @Column({ name: 'submitted_by', type: 'integer', nullable: true }) submittedBy: number | null;
  @Column({ name: 'submitted_at', type: Date }) submittedAt: Date;
  @Column({ name: 'reviewed_by', type: 'integer', nullable: true }) reviewedBy: number | null;
  @Column({ name: 'reviewed_at', type: Date, nullable: true }) reviewedAt: Date | null;
  @Column({ name: 'review_note', type: 'varchar', length: 500, nullable: true }) reviewNote: string | null;
  @VersionColumn() version: number;
}

/** Government funding paid in tranches: each released when its milestone is accepted. */
@Entity('project_tranche')
@Index('uq_project_tranche_milestone', ['milestoneId'], { unique: true })
@Index('ix_project_tranche_project', ['projectId'])
export class ProjectTranche {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'project_id', type: 'integer' }) projectId: number;
  @Column({ name: 'milestone_id', type: 'integer' }) milestoneId: number;
  @Column(money('amount')) amount: number;
  @Column({ name: 'released_at', type: Date, nullable: true }) releasedAt: Date | null;
  @Column({ name: 'released_by', type: 'integer', nullable: true }) releasedBy: number | null;
  @VersionColumn() version: number;
}
