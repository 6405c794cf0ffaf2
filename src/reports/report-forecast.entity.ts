import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One enterprise's line of a forecast run (job of kind `report-forecast`): the highest rung it is
 * eligible for today, the highest rung its projected figures reach next year, and the money its
 * current ladder gap is short by (where the engine can say). The dashboard aggregates the rows of
 * the last completed run in SQL, joined to the live enterprise for the filters and the access scope.
 */
@Entity('report_forecast')
@Index('ix_report_forecast_enterprise', ['enterpriseId', 'jobId'])
@Index('ix_report_forecast_job', ['jobId', 'enterpriseId', 'projectedTier', 'eligibleTier', 'projected', 'shortfallFen'])
export class ReportForecast {
  @PrimaryColumn({ name: 'job_id', type: 'integer' })
  jobId: number;

  @PrimaryColumn({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** Highest rung eligible now (asOf = the run's date), null when none. */
  @Column({ name: 'eligible_tier', type: 'varchar', length: 24, nullable: true })
  eligibleTier: string | null;

  /** Highest rung eligible next year on the projected figures, null when none. */
  @Column({ name: 'projected_tier', type: 'varchar', length: 24, nullable: true })
  projectedTier: string | null;

  /** False when the file had no figures for last year, so nothing could be projected. */
  @Column({ type: 'boolean' })
  projected: boolean;

  /** Money short on the current gap to the next rung (fen), summed over criteria that state an amount. */
  @Column({ name: 'shortfall', type: 'bigint', nullable: true })
  shortfallFen: string | number | null;
}

/**
 * A forecast run's lines counted by district, zone, rung recognised at the time of the run, rung
 * eligible now and projected rung (written when the run completes): what the dashboard sums, under
 * the access scope and filters, instead of joining 120,000 lines to the files on every request.
 */
@Entity('report_forecast_cell')
@Index('ix_report_forecast_cell_job', ['jobId', 'districtCode', 'zoneCode'])
export class ReportForecastCell {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'job_id', type: 'integer' })
  jobId: number;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode: string;

  @Column({ name: 'zone_code', type: 'varchar', length: 16, nullable: true })
  zoneCode: string | null;

  @Column({ name: 'current_tier', type: 'varchar', length: 24, nullable: true })
  currentTier: string | null;

  @Column({ name: 'eligible_tier', type: 'varchar', length: 24, nullable: true })
  eligibleTier: string | null;

  @Column({ name: 'projected_tier', type: 'varchar', length: 24, nullable: true })
  projectedTier: string | null;

  @Column({ type: 'boolean' })
  projected: boolean;

  @Column({ type: 'integer' })
  n: number;
}
