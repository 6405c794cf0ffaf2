import type { MigrationInterface, QueryRunner } from 'typeorm';
import { bool, column } from '../migration-helpers.js';

/**
 * TS-INDUSTRY as corrected (rules.md §1.1) reads a fact of the file: whether the enterprise's products or
 * services are in the State's restricted/eliminated categories. Null = not yet established (→ `missing`).
 */
export class RestrictedCategory1765000001000 implements MigrationInterface {
  name = 'RestrictedCategory1765000001000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('enterprise', column(bool('restricted_category', undefined, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('enterprise', 'restricted_category');
  }
}
