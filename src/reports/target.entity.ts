import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The metrics a target can be set for (rules.md §6: HNTE count; leading enterprises incl. candidates, cumulative). */
export const TARGET_METRICS = ['hnte', 'leaders'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/**
 * A target for a metric in a year, for the whole city (`districtCode` = '') or one district.
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
