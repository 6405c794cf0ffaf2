import type { MigrationInterface, QueryRunner } from 'typeorm';
import { column, str } from '../migration-helpers.js';

/** Outcome columns of the latest-eligibility table: 'not-applicable' (14 characters) needs more than 12. */
const OUTCOME_COLUMNS = ['tech_sme', 'young_eagle', 'gazelle', 'leader_candidate', 'leader', 'high_tech', 'super_deduction'];

/**
 * Effective-from dates of the programmes' documents (rules.md §12), frozen here as of this migration
 * (the engine's DOCUMENT_DATES may move on).
 */
const DOCUMENT_DATES: Record<string, string> = {
  'tech-sme': '2017-05-03',
  'young-eagle': '2021-01-01',
  gazelle: '2021-01-01',
  'leader-candidate': '2021-01-01',
  leader: '2021-01-01',
  'high-tech': '2016-01-01',
  'super-deduction': '2016-01-01',
  'ip-pledge': '2021-01-01',
};

/**
 * Rules as corrected (issue 14):
 * - every recorded evaluation stores the engine version that produced it (null for older rows);
 * - programme outcomes may be 'not-applicable' (an asOf before the first rule set in force);
 * - the seeded 2026.1 rule sets were dated 2016-01-01 for every programme, a placeholder: they are
 *   dated from their documents, so that no asOf before a document resolves to a rule set. Their
 *   params are untouched, and a stored evaluation is reproduced by version, not by date. The
 *   corrected versions (2026.2) are seeded by RuleSetsService.ensureDefaults.
 */
export class RulesCorrected1765000000800 implements MigrationInterface {
  name = 'RulesCorrected1765000000800';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('evaluation', column(str('engine_version', 16, true)));
    const pg = qr.connection.options.type === 'postgres';
    // PostgreSQL only: SQLite does not enforce varchar lengths, and TypeORM's changeColumn would drop and
    // re-add a column whose length changes (losing 120,000 rows of outcomes), so widen in place.
    if (pg) for (const name of OUTCOME_COLUMNS) await qr.query(`ALTER TABLE eligibility_status ALTER COLUMN ${name} TYPE varchar(16)`);
    for (const [program, date] of Object.entries(DOCUMENT_DATES)) {
      await qr.query(
        `UPDATE rule_set SET effective_from = ${pg ? '$1' : '?'} WHERE program = ${pg ? '$2' : '?'} AND version = '2026.1' AND note = 'rules.md defaults' AND effective_from = '2016-01-01'`,
        [date, program],
      );
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query(`UPDATE rule_set SET effective_from = '2016-01-01' WHERE version = '2026.1' AND note = 'rules.md defaults'`);
    if (qr.connection.options.type === 'postgres') {
      await qr.query(`UPDATE eligibility_status SET ${OUTCOME_COLUMNS.map((c) => `${c} = CASE WHEN ${c} = 'not-applicable' THEN '' ELSE ${c} END`).join(', ')}`);
      for (const name of OUTCOME_COLUMNS) await qr.query(`ALTER TABLE eligibility_status ALTER COLUMN ${name} TYPE varchar(12)`);
    }
    await qr.dropColumn('evaluation', 'engine_version');
  }
}
