import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { yuanAsFen } from '../database/columns.js';

const money = (name: string) => ({ name, type: 'bigint' as const, nullable: true, transformer: yuanAsFen });

/** One project of the ledger: activity type and (optionally) its costs by category, in yuan. */
export interface RdLedgerProject {
  name?: string;
  activityType: string;
  costs?: Partial<Record<'personnel' | 'directInputs' | 'depreciation' | 'amortization' | 'design' | 'other', number>>;
}

/** JSON in a text column (portable to SQLite and PostgreSQL). */
const projectsJson = {
  to: (v: RdLedgerProject[] | null | undefined) => (v === null || v === undefined ? null : JSON.stringify(v)),
  from: (v: string | null) => (v ? (JSON.parse(v) as RdLedgerProject[]) : null),
};

/** The R&D ledger summary of one fiscal year (研发费用辅助账汇总, rules.md §4.5). Money in yuan on the entity, fen in the column. */
@Entity('rd_ledger')
@Index('uq_rd_ledger_enterprise_year', ['enterpriseId', 'year'], { unique: true })
export class RdLedger {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'enterprise_id', type: 'integer' }) enterpriseId: number;
  @Column({ type: 'integer' }) year: number;

  @Column(money('personnel')) personnel: number | null;
  @Column(money('direct_inputs')) directInputs: number | null;
  @Column(money('depreciation')) depreciation: number | null;
  @Column(money('amortization')) amortization: number | null;
  @Column(money('design')) design: number | null;
  @Column(money('other')) other: number | null;
  @Column(money('contracted_domestic')) contractedDomestic: number | null;
  @Column(money('contracted_overseas')) contractedOverseas: number | null;
  @Column(money('by_product_income')) byProductIncome: number | null;

  @Column({ type: 'boolean', nullable: true }) manufacturing: boolean | null;
  @Column({ name: 'ic_or_machine_tool', type: 'boolean', nullable: true }) icOrMachineTool: boolean | null;
  @Column({ name: 'tech_sme', type: 'boolean', nullable: true }) techSme: boolean | null;
  @Column({ type: 'text', nullable: true, transformer: projectsJson }) projects: RdLedgerProject[] | null;

  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'source_as_of', type: 'varchar', length: 10, nullable: true }) sourceAsOf: string | null;
  @Column({ name: 'recorded_by', type: 'integer', nullable: true }) recordedBy: number | null;
  /** When this version was recorded (set on every save: an officer's re-save is the verification). */
  @Column({ name: 'recorded_at', type: Date, default: () => 'CURRENT_TIMESTAMP' }) recordedAt: Date;
  @Column({ name: 'verified_by', type: 'integer', nullable: true }) verifiedBy: number | null;
  @Column({ name: 'verified_at', type: Date, nullable: true }) verifiedAt: Date | null;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
}
