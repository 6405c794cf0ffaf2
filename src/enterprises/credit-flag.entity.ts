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

  @Column({ name: 'flagged_on', type: 'varchar', length: 10 })
  flaggedOn: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
