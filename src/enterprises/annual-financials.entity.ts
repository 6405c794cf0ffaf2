import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

import type { FactSource } from '../policy/fact-provenance.js';

/** Any provenance code: forms set officer or enterprise, imports the source they name. */
export type FigureSource = FactSource;

const money = (name: string) => ({ name, type: 'bigint' as const, nullable: true, transformer: yuanAsFen });

/** One fiscal year of figures (the facts schema of api.md). Missing figures are null. */
@Entity('annual_financials')
@Index('uq_annual_financials_enterprise_year', ['enterpriseId', 'year'], { unique: true })
@Index('ix_annual_financials_year', ['year'])
export class AnnualFinancials {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'integer' })
  year: number;

  @Column(money('operating_revenue')) operatingRevenue: number | null;
  @Column(money('sales_revenue')) salesRevenue: number | null;
  @Column(money('main_business_revenue')) mainBusinessRevenue: number | null;
  @Column(money('total_income')) totalIncome: number | null;
  @Column(money('non_taxable_income')) nonTaxableIncome: number | null;
  @Column(money('investment_income')) investmentIncome: number | null;
  @Column(money('high_tech_revenue')) highTechRevenue: number | null;
  @Column(money('rd_expense')) rdExpense: number | null;
  @Column(money('rd_expense_domestic')) rdExpenseDomestic: number | null;
  @Column(money('total_cost_and_expense')) totalCostAndExpense: number | null;
  @Column(money('total_assets')) totalAssets: number | null;
  @Column(money('total_liabilities')) totalLiabilities: number | null;

  @Column({ type: 'integer', nullable: true }) employees: number | null;
  @Column({ name: 'st_staff', type: 'integer', nullable: true }) stStaff: number | null;
  @Column({ name: 'transformed_achievements', type: 'integer', nullable: true }) transformedAchievements: number | null;

  /** Who entered the figures; enterprise-entered ones show as self-reported until verified. */
  @Column({ type: 'varchar', length: 20, default: 'officer' })
  source: FigureSource;

  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true })
  sourceAsOf: string | null;

  @Column({ name: 'recorded_by', type: 'integer', nullable: true })
  recordedBy: number | null;

  @Column({ name: 'recorded_at', type: Date, nullable: true })
  recordedAt: Date | null;

  @Column({ name: 'verified_at', type: Date, nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by', type: 'integer', nullable: true })
  verifiedBy: number | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
