import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One enterprise's line of a forecast run (job of kind `report-forecast`): the highest rung it is
 * eligible for today, the highest rung its projected figures reach next year, and the money its
 * current ladder gap is short by (where the engine can say). The dashboard aggregates the rows of
 * the last completed run in SQL, joined to the live enterprise for the filters and the access scope.
 */
@Entity('report_forecast')
@Index('ix_report_forecast_enterprise', ['enterpriseId', 'jobId'])
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
