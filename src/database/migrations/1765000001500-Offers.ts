import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, column, id, int, money, str, text, ts, tsNow, version } from '../migration-helpers.js';

/**
 * Offers (免申即享, rules.md §11, issue 15): one per enterprise, programme and year, with indexes for
 * every list filter (programme, status, year; the district through the enterprise) and the rule
 * set's `automatic` flag (accepting a fast-track offer of such a programme goes straight to the list).
 */
export class Offers1765000001500 implements MigrationInterface {
  name = 'Offers1765000001500';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'offer',
      columns: [
        id(), int('enterprise_id'), str('programme', 24), int('year'), str('status', 12), bool('fast_track', false), text('evaluation'), money('benefit'),
        str('reason', 500, true), str('expires_on', 10), ts(qr, 'opened_at', true), ts(qr, 'accepted_at', true), ts(qr, 'decided_at', true),
        int('application_id', true), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      foreignKeys: [{ columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'] }],
    }));
    await qr.createIndices('offer', [
      new TableIndex({ name: 'ux_offer_enterprise_programme_year', columnNames: ['enterprise_id', 'programme', 'year'], isUnique: true }),
      new TableIndex({ name: 'ix_offer_programme_year_status', columnNames: ['programme', 'year', 'status'] }),
      new TableIndex({ name: 'ix_offer_status_created', columnNames: ['status', 'created_at'] }),
      new TableIndex({ name: 'ix_offer_year', columnNames: ['year'] }),
      new TableIndex({ name: 'ix_offer_application', columnNames: ['application_id'] }),
    ]);
    await qr.addColumn('rule_set', column(bool('automatic', false)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('rule_set', 'automatic');
    await qr.dropTable('offer');
  }
}
