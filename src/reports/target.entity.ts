import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The metrics a target can be set for (rules.md §6: HNTE count; leading enterprises incl. candidates, cumulative). */
export const TARGET_METRICS = ['hnte', 'leaders'] as const;
/**
 * Every metric a plan period can set: the two the dashboard counts, and rules.md §6's R&D ratios
 * (R&D / GDP; R&D / operating income of industrial enterprises above designated size), which are
 * shown with their plan but not measured here; and tech-based SMEs (the plan cockpit counts those
 * recognised in the year; no figure is seeded — an administrator enters it). Ratios are stored in
 * hundredths of a percent.
 */
export const PLAN_METRICS = ['hnte', 'leaders', 'rd-gdp', 'rd-industry', 'tech-sme'] as const;
export type TargetMetric = (typeof PLAN_METRICS)[number];
export const PERCENT_METRICS: readonly TargetMetric[] = ['rd-gdp', 'rd-industry'];
export const isPercentMetric = (m: string): boolean => (PERCENT_METRICS as readonly string[]).includes(m);

/**
 * A target for a metric in a year, for the whole city (`districtCode` = '') or one district.
 * Each belongs to the plan period its year falls in (plan_period) and names its source document.
 * Seeded with the 14th Five-Year plan's 2020 baseline and 2025 goal; administrators edit them.
 */
@Entity('target')
@Index('uq_target_metric_year_district', ['metric', 'year', 'districtCode'], { unique: true })
export class Target {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  metric: TargetMetric;

  @Column({ type: 'integer' })
  year: number;

  /** '' = the whole city; otherwise a district code. */
  @Column({ name: 'district_code', type: 'varchar', length: 6, default: '' })
  districtCode: string;

  @Column({ type: 'integer' })
  value: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Index('ix_target_plan_period')
  @Column({ name: 'plan_period_id', type: 'integer', nullable: true })
  planPeriodId: number | null;

  /** The document the figure comes from (e.g. the plan, or a district's own plan). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  source: string | null;

  @Index('ix_target_updated_by')
  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
