import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, money, str, text, ts, tsNow, version } from '../migration-helpers.js';

/**
 * The high-tech cultivation pool (issue 9): seedlings of each screening run, pool memberships with
 * their plan items, history and services delivered, and yearly targets. `application_id` is a soft
 * link to the applications module's table (no foreign key, so this migration does not depend on it).
 */
export class Cultivation1764400000000 implements MigrationInterface {
  name = 'Cultivation1764400000000';

  async up(qr: QueryRunner): Promise<void> {
    const enterpriseFk = { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    const userFk = (column: string) => ({ columnNames: [column], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' });
    const membershipFk = { columnNames: ['membership_id'], referencedTableName: 'cultivation_membership', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

    await qr.createTable(new Table({
      name: 'seedling',
      columns: [
        id(), int('run_id'), int('enterprise_id'), str('district_code', 6), str('high_tech_field', 32, true), money('revenue'), int('employees', true),
        str('revenue_band', 4, true), str('employee_band', 4, true), int('score'), int('unmet_count'), int('missing_count'), str('open_codes', 255),
        text('reasons'), int('district_rank', true), str('as_of', 10), ts(qr, 'evaluated_at'),
      ],
      indices: [
        { name: 'ix_seedling_run_score', columnNames: ['run_id', 'score'] },
        { name: 'ix_seedling_run_district_score', columnNames: ['run_id', 'district_code', 'score'] },
        { name: 'ix_seedling_run_field', columnNames: ['run_id', 'high_tech_field'] },
        { name: 'ix_seedling_enterprise', columnNames: ['enterprise_id'] },
      ],
      foreignKeys: [enterpriseFk, { columnNames: ['run_id'], referencedTableName: 'job', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));

    await qr.createTable(new Table({
      name: 'cultivation_membership',
      columns: [
        id(), int('enterprise_id'), int('year'), str('status', 16), int('assigned_officer_id', true), str('services', 255, false, { default: "''" }),
        int('proposed_by', true), ts(qr, 'proposed_at'), str('proposal_note', 500, true), int('admitted_by', true), ts(qr, 'admitted_at', true),
        int('closed_by', true), ts(qr, 'closed_at', true), int('application_id', true), int('rolled_from_id', true), int('seedling_score', true),
        text('baseline', true), int('baseline_evaluation_id', true), version(), tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'),
      ],
      indices: [
        { name: 'uq_cultivation_membership_enterprise_year', columnNames: ['enterprise_id', 'year'], isUnique: true },
        { name: 'ix_cultivation_membership_year_status', columnNames: ['year', 'status'] },
        { name: 'ix_cultivation_membership_officer', columnNames: ['assigned_officer_id'] },
        { name: 'ix_cultivation_membership_application', columnNames: ['application_id'] },
        { name: 'ix_cultivation_membership_rolled_from', columnNames: ['rolled_from_id'] },
        { name: 'ix_cultivation_membership_enterprise', columnNames: ['enterprise_id', 'status'] },
      ],
      foreignKeys: [
        enterpriseFk, userFk('assigned_officer_id'), userFk('proposed_by'), userFk('admitted_by'), userFk('closed_by'),
        { columnNames: ['rolled_from_id'], referencedTableName: 'cultivation_membership', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        { columnNames: ['baseline_evaluation_id'], referencedTableName: 'evaluation', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));

    await qr.createTable(new Table({
      name: 'cultivation_plan_item',
      columns: [id(), int('membership_id'), str('criterion_code', 24), str('target_date', 10), str('baseline_outcome', 12), str('note', 255, true), version()],
      indices: [{ name: 'uq_cultivation_plan_item', columnNames: ['membership_id', 'criterion_code'], isUnique: true }],
      foreignKeys: [membershipFk],
    }));

    await qr.createTable(new Table({
      name: 'cultivation_history',
      columns: [
        id(), int('membership_id'), str('action', 24), str('from_status', 16, true), str('to_status', 16, true), int('actor_id', true),
        str('actor_name', 64), text('comment', true), text('data', true), ts(qr, 'at'),
      ],
      indices: [{ name: 'ix_cultivation_history_membership', columnNames: ['membership_id', 'at'] }],
      foreignKeys: [membershipFk, userFk('actor_id')],
    }));

    await qr.createTable(new Table({
      name: 'cultivation_service',
      columns: [
        id(), int('membership_id'), int('enterprise_id'), str('kind', 24), str('delivered_on', 10), str('note', 500, true), int('officer_id', true),
        str('officer_name', 64), int('activity_id', true), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_cultivation_service_membership', columnNames: ['membership_id', 'delivered_on'] },
        { name: 'ix_cultivation_service_enterprise', columnNames: ['enterprise_id'] },
      ],
      foreignKeys: [
        membershipFk, enterpriseFk, userFk('officer_id'),
        { columnNames: ['activity_id'], referencedTableName: 'activity', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));

    await qr.createTable(new Table({
      name: 'cultivation_target',
      columns: [id(), int('year'), str('area', 8), int('new_certifications'), int('assumed_rate_pct', true), int('updated_by', true), version(), tsNow(qr, 'updated_at')],
      indices: [{ name: 'uq_cultivation_target_year_area', columnNames: ['year', 'area'], isUnique: true }],
      foreignKeys: [userFk('updated_by')],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['cultivation_target', 'cultivation_service', 'cultivation_history', 'cultivation_plan_item', 'cultivation_membership', 'seedling']) await qr.dropTable(t);
  }
}
