import type { MigrationInterface, QueryRunner } from 'typeorm';
import { column, text } from '../migration-helpers.js';

/**
 * Stored evaluations carry, per criterion, the sources of the facts it used (api.md "Facts and
 * provenance"): programme → criterion → source codes, as JSON. Null for rows recorded before.
 */
export class EvaluationSources1765000001100 implements MigrationInterface {
  name = 'EvaluationSources1765000001100';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('evaluation', column(text('sources', true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('evaluation', 'sources');
  }
}
