import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';
import type { MembershipStatus } from './membership-machine.js';

/** One non-met HNTE criterion of a seedling, with the engine's explanation in both languages. */
export interface SeedlingReason {
  code: string;
  outcome: string;
  shortfall?: Record<string, unknown>;
  zh: string;
  en: string;
}

/**
 * A high-tech candidate found by one screening run (the run is the background job's id): the rank
 * score (thousandths, lower = closer, see ranking.ts), what is not met and why in the enterprise's
 * own numbers, and the size figures the screen filters on. Written once by the job, never edited;
 * older runs are pruned.
 */
@Entity('seedling')
@Index('ix_seedling_run_rank', ['runId', 'cityRank'])
@Index('ix_seedling_run_district_rank', ['runId', 'districtCode', 'districtRank'])
@Index('ix_seedling_run_field_rank', ['runId', 'highTechField', 'cityRank'])
@Index('ix_seedling_enterprise', ['enterpriseId'])
export class Seedling {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode: string;

  @Column({ name: 'high_tech_field', type: 'varchar', length: 32, nullable: true })
  highTechField: string | null;

  /** Operating revenue of N-1 (yuan). */
  @Column({ type: 'bigint', nullable: true, transformer: yuanAsFen })
  revenue: number | null;

  @Column({ type: 'integer', nullable: true })
  employees: number | null;

  @Column({ name: 'revenue_band', type: 'varchar', length: 4, nullable: true })
  revenueBand: string | null;

  @Column({ name: 'employee_band', type: 'varchar', length: 4, nullable: true })
  employeeBand: string | null;

  /** Rank score in thousandths (1050 = 1.05). */
  @Column({ type: 'integer' })
  score: number;

  @Column({ name: 'unmet_count', type: 'integer' })
  unmetCount: number;

  @Column({ name: 'missing_count', type: 'integer' })
  missingCount: number;

  /** Comma-separated HT-* codes not met (unmet, missing, uncertain). */
  @Column({ name: 'open_codes', type: 'varchar', length: 255 })
  openCodes: string;

  @Column({ type: 'simple-json' })
  reasons: SeedlingReason[];

  /** Position within the district in this run (1 = closest). */
  @Column({ name: 'district_rank', type: 'integer', nullable: true })
  districtRank: number | null;

  /** Position city-wide in this run: the list order (score, unmet, missing, enterprise id). */
  @Column({ name: 'city_rank', type: 'integer', nullable: true })
  cityRank: number | null;

  @Column({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  @Column({ name: 'evaluated_at', type: Date })
  evaluatedAt: Date;
}

/**
 * An enterprise in the high-tech cultivation pool for one year: proposed by an officer, admitted by
 * a manager, cultivated against a plan, closed by the HNTE outcome or rolled over into next year.
 */
@Entity('cultivation_membership')
@Index('uq_cultivation_membership_enterprise_year', ['enterpriseId', 'year'], { unique: true })
@Index('ix_cultivation_membership_year_status', ['year', 'status'])
@Index('ix_cultivation_membership_officer', ['assignedOfficerId'])
@Index('ix_cultivation_membership_application', ['applicationId'])
@Index('ix_cultivation_membership_rolled_from', ['rolledFromId'])
@Index('ix_cultivation_membership_enterprise', ['enterpriseId', 'status'])
export class CultivationMembership {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** The pool year. */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  @Column({ name: 'assigned_officer_id', type: 'integer', nullable: true })
  assignedOfficerId: number | null;

  /** Services offered (comma-separated: training, patent-agency, rd-ledger, audit-firm). */
  @Column({ type: 'varchar', length: 255, default: '' })
  services: string;

  @Column({ name: 'proposed_by', type: 'integer', nullable: true })
  proposedBy: number | null;

  @Column({ name: 'proposed_at', type: Date })
  proposedAt: Date;

  @Column({ name: 'proposal_note', type: 'varchar', length: 500, nullable: true })
  proposalNote: string | null;

  @Column({ name: 'admitted_by', type: 'integer', nullable: true })
  admittedBy: number | null;

  @Column({ name: 'admitted_at', type: Date, nullable: true })
  admittedAt: Date | null;

  @Column({ name: 'closed_by', type: 'integer', nullable: true })
  closedBy: number | null;

  @Column({ name: 'closed_at', type: Date, nullable: true })
  closedAt: Date | null;

  /** The linked HNTE application (applications module), when there is one. */
  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId: number | null;

  /** The membership of the previous year this one was rolled over from. */
  @Column({ name: 'rolled_from_id', type: 'integer', nullable: true })
  rolledFromId: number | null;

  /** Rank score (thousandths) of the screening the proposal came from, if any. */
  @Column({ name: 'seedling_score', type: 'integer', nullable: true })
  seedlingScore: number | null;

  /** HT-* code → outcome when proposed: the start line of the plan's progress. */
  @Column({ type: 'simple-json', nullable: true })
  baseline: Record<string, string> | null;

  /** The evaluation recorded at the proposal (progress counts the enterprise's evaluations from it on). */
  @Column({ name: 'baseline_evaluation_id', type: 'integer', nullable: true })
  baselineEvaluationId: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** One criterion to fix in a member's plan, with its target date (progress is derived from the stored evaluations). */
@Entity('cultivation_plan_item')
@Index('uq_cultivation_plan_item', ['membershipId', 'criterionCode'], { unique: true })
export class CultivationPlanItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'membership_id', type: 'integer' })
  membershipId: number;

  @Column({ name: 'criterion_code', type: 'varchar', length: 24 })
  criterionCode: string;

  @Column({ name: 'target_date', type: 'varchar', length: 10 })
  targetDate: string;

  @Column({ name: 'baseline_outcome', type: 'varchar', length: 12 })
  baselineOutcome: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @VersionColumn()
  version: number;
}

/** The membership's history: every transition, plan change, link and re-evaluation outcome. Append-only. */
@Entity('cultivation_history')
@Index('ix_cultivation_history_membership', ['membershipId', 'at'])
export class CultivationHistory {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'membership_id', type: 'integer' })
  membershipId: number;

  /** propose | admit | decline | withdraw | certify | not-yet | roll-over | rolled-in | plan | link | regression */
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ type: Date })
  at: Date;
}

export const SERVICE_LOG_KINDS = ['training', 'patent-agency', 'rd-ledger', 'audit-firm', 'visit'] as const;
export type ServiceLogKind = (typeof SERVICE_LOG_KINDS)[number];

/** A service delivered or a visit made for a member (also written to the enterprise's timeline). */
@Entity('cultivation_service')
@Index('ix_cultivation_service_membership', ['membershipId', 'deliveredOn'])
@Index('ix_cultivation_service_enterprise', ['enterpriseId'])
export class CultivationServiceLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'membership_id', type: 'integer' })
  membershipId: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 24 })
  kind: ServiceLogKind;

  @Column({ name: 'delivered_on', type: 'varchar', length: 10 })
  deliveredOn: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'officer_id', type: 'integer', nullable: true })
  officerId: number | null;

  @Column({ name: 'officer_name', type: 'varchar', length: 64 })
  officerName: string;

  @Column({ name: 'activity_id', type: 'integer', nullable: true })
  activityId: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/** New HNTE certifications targeted for a year, city-wide (`area` = 'city') or for one district. */
@Entity('cultivation_target')
@Index('uq_cultivation_target_year_area', ['year', 'area'], { unique: true })
export class CultivationTarget {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  year: number;

  /** 'city' or a district code. */
  @Column({ type: 'varchar', length: 8 })
  area: string;

  @Column({ name: 'new_certifications', type: 'integer' })
  newCertifications: number;

  /** Conversion rate assumed while the pool has no closed year (percent), optional. */
  @Column({ name: 'assumed_rate_pct', type: 'integer', nullable: true })
  assumedRatePct: number | null;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
