import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, ts, tsNow, version } from '../migration-helpers.js';

/**
 * The R&D post-subsidy's yearly rounds (rules.md §8, issue 16): a round per fiscal year with its
 * budget (fen) and status (open → calculated → published), and one claim per eligible enterprise
 * with the amount requested (from its evaluation), the amount granted after pro-rata scaling, and
 * the payment record.
 */
export class RdPostSubsidy1765000002100 implements MigrationInterface {
  name = 'RdPostSubsidy1765000002100';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'rd_post_subsidy_round',
        columns: [
          id(), int('year'), { name: 'budget', type: 'bigint', isNullable: false }, str('status', 16),
          { name: 'total_requested', type: 'bigint', isNullable: true }, { name: 'total_granted', type: 'bigint', isNullable: true },
          str('factor', 16, true), str('as_of', 10, true), ts(qr, 'calculated_at', true), ts(qr, 'published_at', true),
          int('created_by', true), tsNow(qr, 'created_at'), version(), tsNow(qr, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_rd_post_subsidy_round_year', columnNames: ['year'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rd_post_subsidy_claim',
        columns: [
          id(), int('round_id'), int('enterprise_id'), { name: 'requested', type: 'bigint', isNullable: false }, { name: 'granted', type: 'bigint', isNullable: false },
          str('status', 16), str('paid_on', 10, true), str('payment_reference', 64, true), int('paid_by', true),
          version(), tsNow(qr, 'updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_rd_post_subsidy_claim_round_enterprise', columnNames: ['round_id', 'enterprise_id'], isUnique: true }),
          new TableIndex({ name: 'ix_rd_post_subsidy_claim_enterprise', columnNames: ['enterprise_id'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('rd_post_subsidy_claim');
    await qr.dropTable('rd_post_subsidy_round');
  }
}
