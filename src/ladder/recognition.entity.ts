import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A recognition on the ladder (tier + year + batch) or a certificate (HNTE), with validity.
 * The enterprise's current tier is derived from these.
 */
@Entity('recognition')
@Index('ix_recognition_enterprise', ['enterpriseId', 'validUntil'])
@Index('ix_recognition_tier_year', ['tier', 'year'])
@Index('ix_recognition_valid_until', ['validUntil'])
export class Recognition {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** tech-sme | young-eagle | gazelle | leader-candidate | leader | unicorn | high-tech */
  @Column({ type: 'varchar', length: 24 })
  tier: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  batch: string | null;

  @Column({ name: 'certificate_number', type: 'varchar', length: 64, nullable: true })
  certificateNumber: string | null;

  @Column({ name: 'valid_from', type: 'varchar', length: 10 })
  validFrom: string;

  @Column({ name: 'valid_until', type: 'varchar', length: 10 })
  validUntil: string;

  /** import | application | manual */
  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source: string;

  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
