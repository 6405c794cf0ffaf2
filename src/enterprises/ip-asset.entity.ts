import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An IP item (patent, variety, copyright, trademark …) as in api.md's ipAssets. */
@Entity('ip_asset')
@Index('ix_ip_asset_enterprise', ['enterpriseId'])
@Index('ix_ip_asset_expires', ['expiresOn'])
export class IpAsset {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 24 })
  kind: string;

  /** Registration number, unique across the city (the IP office's natural key). */
  @Index('uq_ip_asset_number', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ name: 'granted_on', type: 'varchar', length: 10, nullable: true })
  grantedOn: string | null;

  @Column({ name: 'expires_on', type: 'varchar', length: 10, nullable: true })
  expiresOn: string | null;

  @Column({ type: 'varchar', length: 12, default: 'own' })
  acquisition: string;

  @Column({ name: 'used_in_high_tech_application', type: 'boolean', default: false })
  usedInHighTechApplication: boolean;

  @Column({ name: 'related_to_main_products', type: 'boolean', default: false })
  relatedToMainProducts: boolean;

  @Column({ type: 'boolean', default: false })
  pledged: boolean;

  /** Co-owners' names or USCCs; empty when solely owned. */
  @Column({ name: 'co_owners', type: 'simple-json', nullable: true })
  coOwners: string[] | null;

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
