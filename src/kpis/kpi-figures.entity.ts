import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

/** Hundredths in a BIGINT column (exact sums in SQL), a decimal number on the entity: 亩 and 吨标准煤. */
const hundredths = (name: string) => ({ name, type: 'bigint' as const, nullable: true, transformer: yuanAsFen });
const money = (name: string) => ({ name, type: 'bigint' as const, nullable: true, transformer: yuanAsFen });

/**
 * The transformation-KPI figures of one fiscal year (rules.md §9) that the yearly financials do not
 * hold. Operating revenue, employees and R&D expense are read from annual_financials, never copied.
 */
@Entity('kpi_figures')
@Index('uq_kpi_figures_enterprise_year', ['enterpriseId', 'year'], { unique: true })
@Index('ix_kpi_figures_year', ['year'])
export class KpiFigures {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'integer' }) year: number;

  /** 用地面积（亩） */
  @Column(hundredths('land_mu')) landMu: number | null;
  /** 实缴税金（元） */
  @Column(money('taxes_paid')) taxesPaid: number | null;
  /** 利润总额（元），may be negative */
  @Column(money('total_profit')) totalProfit: number | null;
  /** 工业增加值（元） */
  @Column(money('value_added')) valueAdded: number | null;
  /** 综合能源消费量（吨标准煤） */
  @Column(hundredths('energy_tce')) energyTce: number | null;

  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true }) sourceAsOf: string | null;
  @Column({ name: 'recorded_by', type: 'integer', nullable: true }) recordedBy: number | null;
  @CreateDateColumn({ name: 'recorded_at' }) recordedAt: Date;
  @Column({ name: 'verified_by', type: 'integer', nullable: true }) verifiedBy: number | null;
  @Column({ name: 'verified_at', type: Date, nullable: true }) verifiedAt: Date | null;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}

export const KPI_FIGURE_FIELDS = ['landMu', 'taxesPaid', 'totalProfit', 'valueAdded', 'energyTce'] as const;
export type KpiFigureField = (typeof KPI_FIGURE_FIELDS)[number];

const json = {
  to: (v: unknown) => JSON.stringify(v ?? {}),
  from: (v: string | null) => (v ? (JSON.parse(v) as Record<string, number | null>) : {}),
};

/** The materialised grade of one enterprise and year (kpi-grading.ts), rewritten by the grading batch. */
@Entity('kpi_grade')
@Index('uq_kpi_grade_enterprise_year', ['enterpriseId', 'year'], { unique: true })
@Index('ix_kpi_grade_year_district_grade', ['year', 'districtCode', 'grade'])
export class KpiGrade {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'integer' }) year: number;
  @Column({ name: 'district_code', type: 'varchar', length: 6 }) districtCode: string;
  @Column({ type: 'varchar', length: 12 }) section: string;
  @Column({ type: 'varchar', length: 12 }) grade: string;
  @Column({ name: 'score_tenths', type: 'integer', nullable: true }) scoreTenths: number | null;
  @Column({ name: 'section_size', type: 'integer', default: 0 }) sectionSize: number;
  @Column({ type: 'text', transformer: json }) indicators: Record<string, number | null>;
  @Column({ type: 'text', transformer: json }) percentiles: Record<string, number | null>;
  @Column({ name: 'computed_at', type: Date, default: () => 'CURRENT_TIMESTAMP' }) computedAt: Date;
}
