import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CHECK_SUBJECTS = ['ip-assets', 'qualifications', 'credit'] as const;
export const CHECK_RESULTS = ['none', 'records'] as const;

/** "Checked with the IP office on 2026-03-02: none" — turns an empty list from unknown into none (rules.md "Unknown is not none"). */
@Entity('fact_check')
@Index('ix_fact_check_enterprise', ['enterpriseId', 'subject', 'checkedOn'])
export class FactCheck {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'varchar', length: 20 }) subject: string;
  @Column({ name: 'checked_on', type: 'varchar', length: 10 }) checkedOn: string;
  @Column({ type: 'varchar', length: 10 }) result: string;
  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'recorded_by', type: 'integer', nullable: true }) recordedBy: number | null;
  @CreateDateColumn({ name: 'recorded_at' }) recordedAt: Date;
}
