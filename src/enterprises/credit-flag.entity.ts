import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An adverse credit record (abnormal-operation list, dishonesty, accident …) with its date. */
@Entity('credit_flag')
@Index('ix_credit_flag_enterprise', ['enterpriseId'])
export class CreditFlag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** listedOn (api.md): the date listed, or the date of the event (misconduct, accident, violation). */
  @Column({ name: 'flagged_on', type: 'varchar', length: 10 })
  flaggedOn: string;

  /** Removed from the list on this date; null = still listed (or an event, which is never removed). */
  @Column({ name: 'removed_on', type: 'varchar', length: 10, nullable: true })
  removedOn: string | null;

  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true })
  sourceAsOf: string | null;

  @Column({ name: 'recorded_by', type: 'integer', nullable: true })
  recordedBy: number | null;

  @Column({ name: 'recorded_at', type: Date, nullable: true })
  recordedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
