import type { MigrationInterface, QueryRunner } from 'typeorm';
import { column, str } from '../migration-helpers.js';

/** The outcome columns issue 16's programmes add to the latest-eligibility table. */
const COLUMNS = ['innovative_sme', 'srdi_sme', 'little_giant', 'rd_post_subsidy'];

/**
 * The latest outcome of the SRDI rungs and the R&D post-subsidy per enterprise (rules.md §7, §8),
 * beside the other programmes' outcome columns, so matching (§11) and the take-up report read
 * them set-based. Nullable: existing rows stay null until the next batch writes them. No index:
 * the other per-programme outcome columns have none of their own either (high_tech is indexed only
 * with ht_unmet_count, for the seedling screen); matching and take-up scan the table per programme.
 */
export class SrdiStatusColumns1765000002200 implements MigrationInterface {
  name = 'SrdiStatusColumns1765000002200';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('eligibility_status', COLUMNS.map((c) => column(str(c, 16, true))));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const c of [...COLUMNS].reverse()) await qr.dropColumn('eligibility_status', c);
  }
}
