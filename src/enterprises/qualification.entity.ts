import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

/** A certificate, award, institution, standard, investment or project (api.md qualifications). */
@Entity('qualification')
@Index('ix_qualification_enterprise', ['enterpriseId'])
@Index('ix_qualification_kind_valid', ['kind', 'validUntil'])
export class Qualification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  level: string | null;

  /** Contest rank (excellence|third|second|first). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  rank: string | null;

  /** Unit rank of an S&T award, or drafter rank of a standard. */
  @Column({ name: 'position_rank', type: 'integer', nullable: true })
  positionRank: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: yuanAsFen })
  amount: number | null;

  /** Date obtained (YYYY-MM-DD). */
  @Column({ name: 'obtained_on', type: 'varchar', length: 10 })
  obtainedOn: string;

  @Column({ name: 'valid_until', type: 'varchar', length: 10, nullable: true })
  validUntil: string | null;

  @Column({ name: 'certificate_number', type: 'varchar', length: 64, nullable: true })
  certificateNumber: string | null;

  /** Name of the external ranking for an imported unicorn label. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  ranking: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  /** Provenance (api.md "Facts and provenance"): where the fact came from, the source's date, who recorded it when. */
  @Column({ type: 'varchar', length: 20, default: 'import' })
  source: string;

  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true })
  sourceAsOf: string | null;

  @Column({ name: 'recorded_by', type: 'integer', nullable: true })
  recordedBy: number | null;

  @Column({ name: 'recorded_at', type: Date, nullable: true })
  recordedAt: Date | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
