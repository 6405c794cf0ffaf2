import type { MigrationInterface, QueryRunner } from 'typeorm';
import { column, int, str, ts } from '../migration-helpers.js';

/** api.md "Facts and provenance": the source codes a fact may carry. */
const SOURCES = ['tax', 'market-regulation', 'ip-office', 'statistics', 'credit-china', 'enterprise', 'officer', 'import'];

/**
 * Provenance on every stored fact (issue 14, rules.md §0): IP assets and qualifications get `source`,
 * `source_as_of`, `recorded_by`, `recorded_at`; yearly figures get the three they lacked; credit flags
 * get a source code for every row; an import job names the source of its file.
 * Backfill: rows of unknown origin are `import` (never authoritative, so nothing fast-tracks on them),
 * recorded when last changed; figures keep their source and take the verifier as recorder; a credit
 * flag's free-text source that is no source code moves into its note.
 */
export class FactProvenance1765000001400 implements MigrationInterface {
  name = 'FactProvenance1765000001400';

  async up(qr: QueryRunner): Promise<void> {
    const list = SOURCES.map((s) => `'${s}'`).join(', ');
    for (const table of ['ip_asset', 'qualification']) {
      await qr.addColumns(table, [
        column(str('source', 20, false, { default: "'import'" })), column(str('source_as_of', 10, true)),
        column(int('recorded_by', true)), column(ts(qr, 'recorded_at', true)),
      ]);
      await qr.query(`UPDATE ${table} SET recorded_at = updated_at WHERE recorded_at IS NULL`);
    }
    await qr.addColumns('annual_financials', [column(str('source_as_of', 10, true)), column(int('recorded_by', true)), column(ts(qr, 'recorded_at', true))]);
    await qr.query('UPDATE annual_financials SET recorded_at = updated_at, recorded_by = verified_by WHERE recorded_at IS NULL');
    // 'market-regulation' is 17 characters; SQLite does not enforce varchar lengths.
    if (qr.connection.options.type === 'postgres') {
      await qr.changeColumn('annual_financials', 'source', column(str('source', 20, false, { default: "'officer'" })));
    }
    await qr.query(`UPDATE credit_flag SET note = SUBSTR(CASE WHEN note IS NULL THEN source ELSE note || ' · ' || source END, 1, 255) WHERE source IS NOT NULL AND source NOT IN (${list})`);
    await qr.query(`UPDATE credit_flag SET source = 'import' WHERE source IS NULL OR source NOT IN (${list})`);
    await qr.query('UPDATE credit_flag SET recorded_at = updated_at WHERE recorded_at IS NULL');
    await qr.addColumn('import_job', column(str('source', 20, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('import_job', 'source');
    for (const c of ['recorded_at', 'recorded_by', 'source_as_of']) await qr.dropColumn('annual_financials', c);
    for (const table of ['qualification', 'ip_asset']) for (const c of ['recorded_at', 'recorded_by', 'source_as_of', 'source']) await qr.dropColumn(table, c);
  }
}
