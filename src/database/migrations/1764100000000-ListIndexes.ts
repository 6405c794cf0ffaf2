import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the enterprise list at city scale (120,000 files), chosen from EXPLAIN QUERY PLAN /
 * EXPLAIN of the list's page and COUNT queries; docs/performance.md shows the plans before and after.
 *
 * - Partial "live" indexes (WHERE deleted_at IS NULL: every list query carries that predicate) that
 *   hold deleted_at as their last column so SQLite can answer the list's COUNT from the index alone
 *   (a covering scan instead of one table lookup per row: 46 ms → 1.5 ms for Binhai's 43,000 files).
 * - (district, name): an officer's or a district-filtered list sorted by name reads 50 rows in order
 *   instead of sorting the whole district.
 * - (tier, updated_at), (field, updated_at): a tier or field filter with the default sort, in order
 *   (tier = none matches 78 % of files: sorting those was 68 ms).
 * - established_on, created_at: the two sort keys that had no index at all (a sort of every file).
 * - qualification (valid_until, enterprise_id): the certificate-expiry filter by date range.
 */
const LIVE = 'deleted_at IS NULL';

const INDEXES: { table: string; index: TableIndex }[] = [
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_district_name', columnNames: ['district_code', 'name', 'deleted_at'], where: LIVE }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_updated', columnNames: ['updated_at', 'deleted_at'], where: LIVE }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_district_tier', columnNames: ['district_code', 'current_tier', 'deleted_at'], where: LIVE }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_live_district_field', columnNames: ['district_code', 'high_tech_field', 'deleted_at'], where: LIVE }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_tier_updated', columnNames: ['current_tier', 'updated_at'] }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_field_updated', columnNames: ['high_tech_field', 'updated_at'] }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_established', columnNames: ['established_on'] }) },
  { table: 'enterprise', index: new TableIndex({ name: 'ix_enterprise_created', columnNames: ['created_at'] }) },
  { table: 'qualification', index: new TableIndex({ name: 'ix_qualification_valid_until', columnNames: ['valid_until', 'enterprise_id'] }) },
];

export class ListIndexes1764100000000 implements MigrationInterface {
  name = 'ListIndexes1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    for (const { table, index } of INDEXES) await qr.createIndex(table, index);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const { table, index } of [...INDEXES].reverse()) await qr.dropIndex(table, index.name!);
  }
}
