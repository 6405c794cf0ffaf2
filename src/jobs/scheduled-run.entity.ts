import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per scheduled task and period ("radar", "2026-12-06"): the process that inserts it runs
 * the task for that period, every other process (cluster workers, other hosts) skips it.
 */
@Entity('scheduled_run')
export class ScheduledRun {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  slot: string;

  @Column({ type: 'varchar', length: 64 })
  owner: string;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;
}
