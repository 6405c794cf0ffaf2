import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { FrozenEvaluation } from './offer-rules.js';

export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * An offer (免申即享, rules.md §11): the policy found an enterprise eligible for a programme it has
 * not claimed that year. Holds the evaluation it was made from, frozen with its rule-set versions.
 * Its status changes only through OFFER_MACHINE (offer-machine.ts), each change audited.
 */
@Entity('offer')
@Index('ux_offer_enterprise_programme_year', ['enterpriseId', 'programme', 'year'], { unique: true })
@Index('ix_offer_programme_year_status', ['programme', 'year', 'status'])
@Index('ix_offer_status_created', ['status', 'createdAt'])
@Index('ix_offer_year', ['year'])
@Index('ix_offer_application', ['applicationId'])
export class Offer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** A programme of the engine (OFFER_PROGRAMMES: tech-sme … super-deduction, the SRDI rungs, rd-post-subsidy). */
  @Column({ type: 'varchar', length: 24 })
  programme: string;

  /** The evaluation year N. */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 12 })
  status: OfferStatus;

  @Column({ name: 'fast_track', type: 'boolean', default: false })
  fastTrack: boolean;

  @Column({ type: 'simple-json' })
  evaluation: FrozenEvaluation;

  /** The programme's money for the enterprise in yuan where it has one (super-deduction: the estimated tax saving); the take-up report sums it. */
  @Column({ type: 'bigint', nullable: true })
  benefit: string | number | null;

  /** Why it was withdrawn or declined (a catalogue key for withdrawals, the enterprise's words for a decline). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Last day the offer stands (YYYY-MM-DD): the end of the year or OFFER_EXPIRY_DAYS after it was made. */
  @Column({ name: 'expires_on', type: 'varchar', length: 10 })
  expiresOn: string;

  /** When an enterprise user first opened the offer page. */
  @Column({ name: 'opened_at', type: Date, nullable: true })
  openedAt: Date | null;

  @Column({ name: 'accepted_at', type: Date, nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'decided_at', type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
