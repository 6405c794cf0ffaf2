import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * One dated value of a reference setting (setting-definitions.ts): in effect from `effectiveFrom`
 * until the next record of the same key. Changing a number for next year is a new record; the old
 * one stays, so a past date still resolves to what was in force then.
 */
@Entity('reference_setting')
@Index('uq_reference_setting_key_from', ['key', 'effectiveFrom'], { unique: true })
export class ReferenceSetting {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'setting_key', type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'effective_from', type: 'varchar', length: 10 })
  effectiveFrom: string;

  @Column({ type: 'varchar', length: 64 })
  value: string;

  /** The document or decision the value comes from. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Index('ix_reference_setting_updated_by')
  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
