import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

/**
 * One SRDI fact of a file (rules.md §7) with its provenance: the value as text (a date, a number, a
 * boolean or a choice, parsed by srdi-facts.ts), who stated it when, and — for the key link of a
 * chain — the officer who verified it. No row = unknown.
 */
@Entity('srdi_fact')
@Index('uq_srdi_fact_enterprise_fact', ['enterpriseId', 'fact'], { unique: true })
export class SrdiFact {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'varchar', length: 32 }) fact: string;
  @Column({ type: 'varchar', length: 128 }) value: string;
  /** Free text beside the value, e.g. who assessed the 专精特新 score. */
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true }) sourceAsOf: string | null;
  @Column({ name: 'recorded_by', type: 'integer', nullable: true }) recordedBy: number | null;
  /** When this value was recorded (set on every change: the provenance of the value, not of the row). */
  @Column({ name: 'recorded_at', type: Date, default: () => 'CURRENT_TIMESTAMP' }) recordedAt: Date;
  @Column({ name: 'verified_by', type: 'integer', nullable: true }) verifiedBy: number | null;
  @Column({ name: 'verified_at', type: Date, nullable: true }) verifiedAt: Date | null;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}

/** SRDI figures of one fiscal year: paid-in equity financing from qualified investors (yuan; fen in the column) and R&D staff. */
@Entity('srdi_year')
@Index('uq_srdi_year_enterprise_year', ['enterpriseId', 'year'], { unique: true })
export class SrdiYear {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'integer' }) year: number;
  @Column({ name: 'equity_financing', type: 'bigint', nullable: true, transformer: yuanAsFen }) equityFinancing: number | null;
  @Column({ name: 'rd_staff', type: 'integer', nullable: true }) rdStaff: number | null;
  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true }) sourceAsOf: string | null;
  @Column({ name: 'recorded_by', type: 'integer', nullable: true }) recordedBy: number | null;
  /** When this value was recorded (set on every change: the provenance of the value, not of the row). */
  @Column({ name: 'recorded_at', type: Date, default: () => 'CURRENT_TIMESTAMP' }) recordedAt: Date;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}
