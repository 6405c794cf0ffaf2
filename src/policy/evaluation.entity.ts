import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One evaluation of a stored enterprise exactly as it was made: the asOf date, the rule-set
 * versions, the input snapshot and the result. Explanations are not stored: the engine is
 * deterministic and rule sets are immutable, so they are regenerated from facts + versions.
 */
@Entity('evaluation')
@Index('ix_evaluation_enterprise', ['enterpriseId', 'createdAt'])
@Index('ix_evaluation_batch', ['batchId'])
export class Evaluation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  /** program → rule-set version used. */
  @Column({ name: 'rule_sets', type: 'simple-json' })
  ruleSets: Record<string, string>;

  @Column({ type: 'simple-json' })
  facts: Record<string, any>;

  /** program → { outcome, criteria: { code: outcome } }, plus the ladder. */
  @Column({ type: 'simple-json' })
  result: Record<string, any>;

  @Column({ name: 'highest_tier', type: 'varchar', length: 24, nullable: true })
  highestTier: string | null;

  /** The engine version that produced the result (ENGINE_VERSION); null for rows recorded before it was stored. */
  @Column({ name: 'engine_version', type: 'varchar', length: 16, nullable: true })
  engineVersion: string | null;

  /** Programme → criterion code → the sources of the facts it used (null for rows recorded before they were stored). */
  @Column({ type: 'simple-json', nullable: true })
  sources: Record<string, Record<string, string[]>> | null;

  /** manual | batch | submission */
  @Column({ type: 'varchar', length: 12 })
  source: string;

  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/**
 * The latest evaluation of each enterprise, one row each, with an outcome column per programme
 * (eligible | ineligible | incomplete | not-applicable, '' when not evaluated):
 * what lists, reports and the cultivation pool filter and count on (indexed, aggregated in SQL).
 */
@Entity('eligibility_status')
@Index('ix_eligibility_next_gap', ['nextTier', 'gapCount'])
@Index('ix_eligibility_high_tech', ['highTech', 'htUnmetCount'])
export class EligibilityStatus {
  @PrimaryColumn({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  @Column({ name: 'tech_sme', type: 'varchar', length: 16 }) techSme: string;
  @Column({ name: 'young_eagle', type: 'varchar', length: 16 }) youngEagle: string;
  @Column({ type: 'varchar', length: 16 }) gazelle: string;
  @Column({ name: 'leader_candidate', type: 'varchar', length: 16 }) leaderCandidate: string;
  @Column({ type: 'varchar', length: 16 }) leader: string;
  @Column({ name: 'high_tech', type: 'varchar', length: 16 }) highTech: string;
  @Column({ name: 'super_deduction', type: 'varchar', length: 16 }) superDeduction: string;
  /** The SRDI rungs and the post-subsidy (issue 16): null until a batch after their migration writes the row. */
  @Column({ name: 'innovative_sme', type: 'varchar', length: 16, nullable: true }) innovativeSme: string | null;
  @Column({ name: 'srdi_sme', type: 'varchar', length: 16, nullable: true }) srdiSme: string | null;
  @Column({ name: 'little_giant', type: 'varchar', length: 16, nullable: true }) littleGiant: string | null;
  @Column({ name: 'rd_post_subsidy', type: 'varchar', length: 16, nullable: true }) rdPostSubsidy: string | null;

  @Column({ name: 'highest_tier', type: 'varchar', length: 24, nullable: true })
  highestTier: string | null;

  @Column({ name: 'next_tier', type: 'varchar', length: 24, nullable: true })
  nextTier: string | null;

  /** Criteria of the next tier not met (the ladder gap). */
  @Column({ name: 'gap_count', type: 'integer' })
  gapCount: number;

  @Column({ name: 'gap_codes', type: 'varchar', length: 255 })
  gapCodes: string;

  /** HNTE criteria not met: the seedling screen's first sort key. */
  @Column({ name: 'ht_unmet_count', type: 'integer' })
  htUnmetCount: number;

  @Column({ name: 'ht_unmet_codes', type: 'varchar', length: 255 })
  htUnmetCodes: string;

  /** Estimated super-deduction (yuan) and tax saving, for aggregate reports. */
  @Column({ name: 'sd_extra_deduction', type: 'bigint', nullable: true })
  sdExtraDeductionFen: string | number | null;

  @Column({ name: 'sd_tax_saving', type: 'bigint', nullable: true })
  sdTaxSavingFen: string | number | null;

  @Column({ name: 'evaluation_id', type: 'integer', nullable: true })
  evaluationId: number | null;

  @Column({ name: 'evaluated_at' })
  evaluatedAt: Date;
}
