import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

export type TaxMode = 'audit' | 'deemed';

/** The enterprise file's profile. Scope columns (district, zone) are what access control filters on. */
@Entity('enterprise')
@Index('ix_enterprise_district_updated', ['districtCode', 'updatedAt'])
@Index('ix_enterprise_zone', ['zoneCode'])
@Index('ix_enterprise_tier', ['currentTier'])
@Index('ix_enterprise_field', ['highTechField'])
@Index('ix_enterprise_officer', ['assignedOfficerId'])
@Index('ix_enterprise_updated', ['updatedAt'])
@Index('ix_enterprise_name', ['name'])
@Index('ix_enterprise_name_normalized', ['nameNormalized'])
// City-scale list indexes (migration 1764100000000-ListIndexes, docs/performance.md).
@Index('ix_enterprise_live_district_name', ['districtCode', 'name', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_updated', ['updatedAt', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_district_tier', ['districtCode', 'currentTier', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_district_field', ['districtCode', 'highTechField', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_tier_updated', ['currentTier', 'updatedAt'])
@Index('ix_enterprise_field_updated', ['highTechField', 'updatedAt'])
@Index('ix_enterprise_established', ['establishedOn'])
@Index('ix_enterprise_created', ['createdAt'])
@Index('ix_enterprise_live_district_tier_updated', ['districtCode', 'currentTier', 'updatedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_district_field_updated', ['districtCode', 'highTechField', 'updatedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_tier', ['currentTier', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_field', ['highTechField', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_live_officer', ['assignedOfficerId', 'deletedAt'], { where: 'deleted_at IS NULL' })
@Index('ix_enterprise_id_deleted', ['id', 'deletedAt'])
@Index('ix_enterprise_merged_into', ['mergedIntoId'])
export class Enterprise {
  @PrimaryGeneratedColumn()
  id: number;

  /** Unified Social Credit Code, upper-case, check character verified. */
  @Index('uq_enterprise_uscc', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** Name without legal-form suffixes, punctuation and spaces: for duplicate warnings. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 128 })
  nameNormalized: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode: string;

  @Column({ name: 'zone_code', type: 'varchar', length: 16, nullable: true })
  zoneCode: string | null;

  @Column({ name: 'established_on', type: 'varchar', length: 10, nullable: true })
  establishedOn: string | null;

  /** GB/T 4754 code, e.g. C3911. */
  @Column({ name: 'industry_code', type: 'varchar', length: 8, nullable: true })
  industryCode: string | null;

  @Column({ name: 'tax_mode', type: 'varchar', length: 8, nullable: true })
  taxMode: TaxMode | null;

  @Column({ name: 'high_tech_field', type: 'varchar', length: 32, nullable: true })
  highTechField: string | null;

  @Column({ name: 'registered_capital', type: 'bigint', nullable: true, transformer: yuanAsFen })
  registeredCapital: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address: string | null;

  @Column({ name: 'assigned_officer_id', type: 'integer', nullable: true })
  assignedOfficerId: number | null;

  /** Comma-separated free tags as typed; enterprise_tag holds them one a row for filtering. */
  @Column({ type: 'varchar', length: 255, default: '' })
  tags: string;

  /** Derived from recognitions (the ladder module keeps it current); denormalised for list filters. */
  @Column({ name: 'current_tier', type: 'varchar', length: 24, nullable: true })
  currentTier: string | null;

  /** Whether an R&D auxiliary ledger is kept (SD-LEDGER); null = unknown. */
  @Column({ name: 'rd_ledger', type: 'boolean', nullable: true })
  rdLedger: boolean | null;

  /** Products or services in the State's restricted/eliminated categories (TS-INDUSTRY); null = not established. */
  @Column({ name: 'restricted_category', type: 'boolean', nullable: true })
  restrictedCategory: boolean | null;

  /** Set on a duplicate merged into another file (the survivor); the duplicate is soft-deleted. */
  @Column({ name: 'merged_into_id', type: 'integer', nullable: true })
  mergedIntoId: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at' })
  deletedAt: Date | null;
}
