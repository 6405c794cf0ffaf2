import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, column, id, int, money, str, text, ts, tsNow, version } from '../migration-helpers.js';

/**
 * Facts you can trust (issue 14): the R&D ledger per fiscal year (rules.md §4.5), credit flags with a
 * removal date and provenance, and checks that turn "no records" into "known to be none".
 * Existing credit flags keep their row: `flagged_on` is the listing (or event) date, i.e. listedOn.
 */
export class StoredFacts1765000000900 implements MigrationInterface {
  name = 'StoredFacts1765000000900';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'rd_ledger',
        columns: [
          id(), int('enterprise_id'), int('year'),
          money('personnel'), money('direct_inputs'), money('depreciation'), money('amortization'), money('design'), money('other'),
          money('contracted_domestic'), money('contracted_overseas'), money('by_product_income'),
          bool('manufacturing', undefined, true), bool('ic_or_machine_tool', undefined, true), bool('tech_sme', undefined, true),
          text('projects', true),
          str('source', 20), str('source_as_of', 10, true),
          int('recorded_by', true), tsNow(qr, 'recorded_at'), int('verified_by', true), ts(qr, 'verified_at', true),
          version(), tsNow(qr, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_rd_ledger_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true })],
      }),
    );
    await qr.addColumns('credit_flag', [
      column(str('removed_on', 10, true)), column(str('source_as_of', 10, true)),
      column(int('recorded_by', true)), column({ ...ts(qr, 'recorded_at', true) }),
    ]);
    await qr.createTable(
      new Table({
        name: 'fact_check',
        columns: [
          id(), int('enterprise_id'), str('subject', 20), str('checked_on', 10), str('result', 10), str('source', 20),
          int('recorded_by', true), tsNow(qr, 'recorded_at'),
        ],
        indices: [new TableIndex({ name: 'ix_fact_check_enterprise', columnNames: ['enterprise_id', 'subject', 'checked_on'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('fact_check');
    for (const c of ['recorded_at', 'recorded_by', 'source_as_of', 'removed_on']) await qr.dropColumn('credit_flag', c);
    await qr.dropTable('rd_ledger');
  }
}
