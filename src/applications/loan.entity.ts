import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

const money = (name: string) => ({ name, type: 'bigint' as const, nullable: true, transformer: yuanAsFen });

/**
 * The loan side of an IP-pledge application (rules.md §5.2), one row per application: what each
 * step recorded — valuation, the bank's terms, credit enhancement, contracts, pledge registration,
 * disbursement, cancellation, default, compensation and disposal.
 */
@Entity('pledge_loan')
@Index('ix_pledge_loan_maturity', ['maturityOn'])
@Index('ix_pledge_loan_registration', ['registrationNumber'])
export class PledgeLoan {
  @PrimaryColumn({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column(money('requested_amount')) requestedAmount: number | null;
  @Column({ name: 'requested_term_months', type: 'integer', nullable: true }) requestedTermMonths: number | null;

  @Column({ name: 'appraisal_agency', type: 'varchar', length: 128, nullable: true }) appraisalAgency: string | null;
  @Column(money('appraised_value')) appraisedValue: number | null;
  @Column(money('appraisal_fee')) appraisalFee: number | null;
  @Column({ name: 'valued_on', type: 'varchar', length: 10, nullable: true }) valuedOn: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true }) bank: string | null;
  @Column(money('loan_amount')) loanAmount: number | null;
  /** Annual interest rate in basis points (4.35% = 435). */
  @Column({ name: 'annual_rate_bp', type: 'integer', nullable: true }) annualRateBp: number | null;
  @Column({ name: 'term_months', type: 'integer', nullable: true }) termMonths: number | null;
  @Column({ name: 'start_on', type: 'varchar', length: 10, nullable: true }) startOn: string | null;
  @Column({ name: 'maturity_on', type: 'varchar', length: 10, nullable: true }) maturityOn: string | null;

  /** guarantee | insurance | risk-fund */
  @Column({ name: 'credit_enhancement', type: 'varchar', length: 16, nullable: true }) creditEnhancement: string | null;
  @Column({ name: 'enhancement_provider', type: 'varchar', length: 128, nullable: true }) enhancementProvider: string | null;

  @Column({ name: 'contract_number', type: 'varchar', length: 64, nullable: true }) contractNumber: string | null;
  @Column({ name: 'contracts_signed_on', type: 'varchar', length: 10, nullable: true }) contractsSignedOn: string | null;

  @Column({ name: 'registration_number', type: 'varchar', length: 64, nullable: true }) registrationNumber: string | null;
  @Column({ name: 'registered_on', type: 'varchar', length: 10, nullable: true }) registeredOn: string | null;

  @Column({ name: 'disbursed_on', type: 'varchar', length: 10, nullable: true }) disbursedOn: string | null;
  @Column(money('disbursed_amount')) disbursedAmount: number | null;

  /** The pledge was cancelled with the IP office (assets released). */
  @Column({ name: 'cancelled_on', type: 'varchar', length: 10, nullable: true }) cancelledOn: string | null;

  @Column({ name: 'default_on', type: 'varchar', length: 10, nullable: true }) defaultOn: string | null;
  @Column(money('principal_loss')) principalLoss: number | null;
  @Column(money('fund_compensation')) fundCompensation: number | null;
  @Column(money('bank_loss')) bankLoss: number | null;
  @Column({ name: 'compensated_on', type: 'varchar', length: 10, nullable: true }) compensatedOn: string | null;

  @Column({ name: 'disposed_on', type: 'varchar', length: 10, nullable: true }) disposedOn: string | null;
  @Column(money('disposal_proceeds')) disposalProceeds: number | null;

  /** IPP-GRADE (rules.md §5.4), set at bank review and again when an enhancement is arranged; null = not graded. */
  @Column({ name: 'risk_grade', type: 'varchar', length: 1, nullable: true }) riskGrade: string | null;
  @Column({ name: 'risk_points', type: 'integer', nullable: true }) riskPoints: number | null;
  /** Points per factor: { assets, coverage, enterprise, enhancement } and the coverage ratio. */
  @Column({ name: 'risk_factors', type: 'simple-json', nullable: true }) riskFactors: { assets: number; coverage: number; enterprise: number; enhancement: number; coverageRatio: string } | null;
  /** The fund's share of a principal loss for this grade, a decimal string ("0.3"; "0" for D). */
  @Column({ name: 'risk_fund_share', type: 'varchar', length: 12, nullable: true }) riskFundShare: string | null;
  @Column({ name: 'risk_graded_on', type: 'varchar', length: 10, nullable: true }) riskGradedOn: string | null;
  @Column({ name: 'risk_rule_set_version', type: 'varchar', length: 32, nullable: true }) riskRuleSetVersion: string | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** One repayment of principal and/or interest. */
@Entity('loan_repayment')
@Index('ix_loan_repayment_app', ['applicationId', 'paidOn'])
export class LoanRepayment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column({ name: 'paid_on', type: 'varchar', length: 10 })
  paidOn: string;

  @Column({ type: 'bigint', transformer: yuanAsFen })
  principal: number;

  @Column({ type: 'bigint', transformer: yuanAsFen })
  interest: number;

  @Column({ name: 'recorded_by', type: 'integer', nullable: true })
  recordedBy: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

export const SUBSIDY_KINDS = ['interest', 'appraisal'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

/**
 * A granted support (rules.md §5.3): interest subsidy per loan and year, appraisal-fee subsidy per
 * loan; the parameters used are kept with it (rate, cap, rule-set version, provisional flag).
 */
@Entity('loan_subsidy')
@Index('uq_loan_subsidy', ['applicationId', 'kind', 'year'], { unique: true })
@Index('ix_loan_subsidy_enterprise', ['enterpriseId', 'kind', 'year'])
export class LoanSubsidy {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'application_id', type: 'integer' })
  applicationId: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 12 })
  kind: SubsidyKind;

  @Column({ type: 'integer' })
  year: number;

  /** Interest paid in the year, or the appraisal fee. */
  @Column({ type: 'bigint', transformer: yuanAsFen })
  base: number;

  @Column({ type: 'varchar', length: 12 })
  rate: string;

  @Column({ type: 'bigint', transformer: yuanAsFen })
  cap: number;

  @Column({ type: 'bigint', transformer: yuanAsFen })
  amount: number;

  @Column({ name: 'rule_set_version', type: 'varchar', length: 32 })
  ruleSetVersion: string;

  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @Column({ name: 'granted_by', type: 'integer', nullable: true })
  grantedBy: number | null;

  @CreateDateColumn({ name: 'granted_at' })
  grantedAt: Date;
}
