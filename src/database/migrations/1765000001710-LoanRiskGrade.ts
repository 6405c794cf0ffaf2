import type { MigrationInterface, QueryRunner } from 'typeorm';
import { column, str, text } from '../migration-helpers.js';

/**
 * IP-pledge risk grading (rules.md §5.4): the grade recorded at bank review — grade, total points,
 * the points per factor (JSON), the fund's share (a decimal string) and the rule-set version used.
 * Null until the loan is graded; loans approved before this migration stay ungraded (flat share).
 */
export class LoanRiskGrade1765000001710 implements MigrationInterface {
  name = 'LoanRiskGrade1765000001710';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('pledge_loan', [
      column(str('risk_grade', 1, true)),
      column({ name: 'risk_points', type: 'integer', isNullable: true }),
      column(text('risk_factors', true)),
      column(str('risk_fund_share', 12, true)),
      column(str('risk_graded_on', 10, true)),
      column(str('risk_rule_set_version', 32, true)),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const c of ['risk_rule_set_version', 'risk_graded_on', 'risk_fund_share', 'risk_factors', 'risk_points', 'risk_grade']) await qr.dropColumn('pledge_loan', c);
  }
}
