import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, money, str, tsNow, version } from '../migration-helpers.js';

/** The loan side of IP-pledge applications (rules.md §5.2–5.3): loan record, repayments, subsidies. */
export class PledgeLoans1764000100000 implements MigrationInterface {
  name = 'PledgeLoans1764000100000';

  async up(qr: QueryRunner): Promise<void> {
    const appFk = { columnNames: ['application_id'], referencedTableName: 'application', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    const userFk = (c: string) => ({ columnNames: [c], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' });
    await qr.createTable(new Table({
      name: 'pledge_loan',
      columns: [
        int('application_id', false, { isPrimary: true }), money('requested_amount'), int('requested_term_months', true),
        str('appraisal_agency', 128, true), money('appraised_value'), money('appraisal_fee'), str('valued_on', 10, true),
        str('bank', 128, true), money('loan_amount'), int('annual_rate_bp', true), int('term_months', true), str('start_on', 10, true), str('maturity_on', 10, true),
        str('credit_enhancement', 16, true), str('enhancement_provider', 128, true), str('contract_number', 64, true), str('contracts_signed_on', 10, true),
        str('registration_number', 64, true), str('registered_on', 10, true), str('disbursed_on', 10, true), money('disbursed_amount'), str('cancelled_on', 10, true),
        str('default_on', 10, true), money('principal_loss'), money('fund_compensation'), money('bank_loss'), str('compensated_on', 10, true),
        str('disposed_on', 10, true), money('disposal_proceeds'), version(), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'ix_pledge_loan_maturity', columnNames: ['maturity_on'] },
        { name: 'ix_pledge_loan_registration', columnNames: ['registration_number'] },
      ],
      foreignKeys: [appFk],
    }));
    await qr.createTable(new Table({
      name: 'loan_repayment',
      columns: [id(), int('application_id'), str('paid_on', 10), { ...money('principal'), isNullable: false }, { ...money('interest'), isNullable: false }, int('recorded_by', true), tsNow(qr, 'created_at')],
      indices: [{ name: 'ix_loan_repayment_app', columnNames: ['application_id', 'paid_on'] }],
      foreignKeys: [appFk, userFk('recorded_by')],
    }));
    await qr.createTable(new Table({
      name: 'loan_subsidy',
      columns: [
        id(), int('application_id'), int('enterprise_id'), str('kind', 12), int('year'), { ...money('base'), isNullable: false }, str('rate', 12),
        { ...money('cap'), isNullable: false }, { ...money('amount'), isNullable: false }, str('rule_set_version', 32), bool('provisional', false),
        int('granted_by', true), tsNow(qr, 'granted_at'),
      ],
      indices: [
        { name: 'uq_loan_subsidy', columnNames: ['application_id', 'kind', 'year'], isUnique: true },
        { name: 'ix_loan_subsidy_enterprise', columnNames: ['enterprise_id', 'kind', 'year'] },
      ],
      foreignKeys: [appFk, { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' }, userFk('granted_by')],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['loan_subsidy', 'loan_repayment', 'pledge_loan']) await qr.dropTable(t);
  }
}
