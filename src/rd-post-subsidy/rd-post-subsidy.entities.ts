import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Money in fen as a JS number (bigint columns come back as strings from PostgreSQL). */
const fen = { to: (v: number | null) => v, from: (v: unknown) => (v === null || v === undefined ? null : Number(v)) };

export const ROUND_STATUSES = ['open', 'calculated', 'published'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const CLAIM_STATUSES = ['granted', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

@Entity('rd_post_subsidy_round')
export class RdPostSubsidyRound {
  @PrimaryGeneratedColumn() id: number;
  /** The fiscal year whose R&D growth is rewarded (N-1 of the evaluation). */
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'bigint', transformer: fen }) budget: number;
  @Column({ type: 'varchar', length: 16 }) status: RoundStatus;
  @Column({ name: 'total_requested', type: 'bigint', nullable: true, transformer: fen }) totalRequested: number | null;
  @Column({ name: 'total_granted', type: 'bigint', nullable: true, transformer: fen }) totalGranted: number | null;
  /** budget ÷ total claims when scaled ('1' when not), as calculated. */
  @Column({ type: 'varchar', length: 16, nullable: true }) factor: string | null;
  @Column({ name: 'as_of', type: 'varchar', length: 10, nullable: true }) asOf: string | null;
  @Column({ name: 'calculated_at', type: Date, nullable: true }) calculatedAt: Date | null;
  @Column({ name: 'published_at', type: Date, nullable: true }) publishedAt: Date | null;
  @Column({ name: 'created_by', type: 'integer', nullable: true }) createdBy: number | null;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}

@Entity('rd_post_subsidy_claim')
export class RdPostSubsidyClaim {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'round_id', type: 'integer' }) roundId: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'bigint', transformer: fen }) requested: number;
  @Column({ type: 'bigint', transformer: fen }) granted: number;
  @Column({ type: 'varchar', length: 16 }) status: ClaimStatus;
  @Column({ name: 'paid_on', type: 'varchar', length: 10, nullable: true }) paidOn: string | null;
  @Column({ name: 'payment_reference', type: 'varchar', length: 64, nullable: true }) paymentReference: string | null;
  @Column({ name: 'paid_by', type: 'integer', nullable: true }) paidBy: number | null;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}
