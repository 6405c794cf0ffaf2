import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { CalendarDayKind } from '../applications/workflow/working-days.js';

/**
 * One year of the State Council's holiday arrangement. Only a `published` year is used for
 * deadlines; a draft is being entered. The year's version guards every edit of its days.
 */
@Entity('holiday_calendar_year')
export class HolidayCalendarYear {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'draft' | 'published';

  /** The notice it comes from, e.g. 国办发明电〔2025〕7号. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  @Column({ name: 'published_at', type: Date, nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** A public holiday, or a weekend day declared a working day (调休上班). */
@Entity('holiday_calendar_day')
export class HolidayCalendarDay {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('ix_holiday_calendar_day_year')
  @Column({ type: 'integer' })
  year: number;

  @Index('uq_holiday_calendar_day_date', { unique: true })
  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CalendarDayKind;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/** Working days of a workflow stage (the numeric entries of STAGE_DEADLINES, editable). */
@Entity('stage_deadline')
export class StageDeadline {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  status: string;

  @Column({ name: 'working_days', type: 'integer' })
  workingDays: number;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
