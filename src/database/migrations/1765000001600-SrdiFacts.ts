import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, money, str, ts, tsNow, version } from '../migration-helpers.js';

/**
 * The SRDI ladder's facts (rules.md §7, issue 16), in tables of their own: one row per fact of a
 * file with its provenance (niche market and since when, strategic-emerging flag, key link of a chain
 * with its officer verification, the 专精特新 score with its source, R&D institution, high-value
 * Class I count, 创客中国 top-500 year, demonstration title), and yearly figures (paid-in equity
 * financing from qualified investors, R&D staff). Recognitions reuse the recognition table.
 */
export class SrdiFacts1765000001600 implements MigrationInterface {
  name = 'SrdiFacts1765000001600';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'srdi_fact',
        columns: [
          id(), int('enterprise_id'), str('fact', 32), str('value', 128), str('note', 200, true),
          str('source', 20), str('source_as_of', 10, true),
          int('recorded_by', true), tsNow(qr, 'recorded_at'), int('verified_by', true), ts(qr, 'verified_at', true),
          version(), tsNow(qr, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_srdi_fact_enterprise_fact', columnNames: ['enterprise_id', 'fact'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'srdi_year',
        columns: [
          id(), int('enterprise_id'), int('year'), money('equity_financing'), int('rd_staff', true),
          str('source', 20), str('source_as_of', 10, true),
          int('recorded_by', true), tsNow(qr, 'recorded_at'), version(), tsNow(qr, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_srdi_year_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('srdi_year');
    await qr.dropTable('srdi_fact');
  }
}
