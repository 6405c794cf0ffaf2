import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A plan period (the 14th Five-Year plan, 2021–2025 from its 2020 baseline; the 15th, 2026–2030):
 * the targets of reports and of the cultivation arithmetic belong to one, and a report of a year
 * reads the period that year falls in. A new period is data, added on /admin/reference/plan-periods.
 */
@Entity('plan_period')
@Index('ix_plan_period_years', ['firstYear', 'lastYear'])
export class PlanPeriod {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_plan_period_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 60 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 60 })
  nameEn: string;

  /** The year the plan's baseline figures describe (2020 for the 14th plan). */
  @Column({ name: 'base_year', type: 'integer' })
  baseYear: number;

  @Column({ name: 'first_year', type: 'integer' })
  firstYear: number;

  @Column({ name: 'last_year', type: 'integer' })
  lastYear: number;

  /** The plan document the targets come from; null while it is not published or not entered. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  document: string | null;

  @Index('ix_plan_period_updated_by')
  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
