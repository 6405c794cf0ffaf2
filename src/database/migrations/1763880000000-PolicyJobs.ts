import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, money, str, text, ts, tsNow } from '../migration-helpers.js';

/** Versioned rule sets, stored evaluations, the latest eligibility per enterprise, and background jobs. */
export class PolicyJobs1763880000000 implements MigrationInterface {
  name = 'PolicyJobs1763880000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'rule_set',
      columns: [
        id(), str('program', 24), str('version', 32), str('status', 12), str('effective_from', 10), text('params'), text('provisional'),
        str('note', 255, true), int('based_on_id', true), int('created_by', true), tsNow(qr, 'created_at'), ts(qr, 'published_at', true),
        int('published_by', true), int('row_version', false, { default: 1 }),
      ],
      indices: [
        { name: 'uq_rule_set_program_version', columnNames: ['program', 'version'], isUnique: true },
        { name: 'ix_rule_set_program_status', columnNames: ['program', 'status', 'effective_from'] },
      ],
      foreignKeys: [
        { columnNames: ['created_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        { columnNames: ['published_by'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
    await qr.createTable(new Table({
      name: 'job',
      columns: [
        id(), str('kind', 32), str('status', 12), text('params'), int('progress_done', false, { default: 0 }), int('progress_total', false, { default: 0 }),
        str('cursor', 64, true), text('summary', true), str('error', 500, true), str('lease_owner', 64, true), ts(qr, 'heartbeat_at', true),
        int('created_by', true), tsNow(qr, 'created_at'), ts(qr, 'started_at', true), ts(qr, 'finished_at', true),
      ],
      indices: [{ name: 'ix_job_status', columnNames: ['status', 'created_at'] }, { name: 'ix_job_kind', columnNames: ['kind', 'created_at'] }],
    }));
    await qr.createTable(new Table({
      name: 'evaluation',
      columns: [
        id(), int('enterprise_id'), str('as_of', 10), text('rule_sets'), text('facts'), text('result'), str('highest_tier', 24, true),
        str('source', 12), int('batch_id', true), int('created_by', true), tsNow(qr, 'created_at'),
      ],
      indices: [{ name: 'ix_evaluation_enterprise', columnNames: ['enterprise_id', 'created_at'] }, { name: 'ix_evaluation_batch', columnNames: ['batch_id'] }],
      foreignKeys: [
        { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['batch_id'], referencedTableName: 'job', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
    await qr.createTable(new Table({
      name: 'eligibility_status',
      columns: [
        int('enterprise_id', false, { isPrimary: true }), str('as_of', 10),
        str('tech_sme', 12), str('young_eagle', 12), str('gazelle', 12), str('leader_candidate', 12), str('leader', 12), str('high_tech', 12), str('super_deduction', 12),
        str('highest_tier', 24, true), str('next_tier', 24, true), int('gap_count'), str('gap_codes', 255), int('ht_unmet_count'), str('ht_unmet_codes', 255),
        money('sd_extra_deduction'), money('sd_tax_saving'), int('evaluation_id', true), ts(qr, 'evaluated_at'),
      ],
      indices: [
        { name: 'ix_eligibility_next_gap', columnNames: ['next_tier', 'gap_count'] },
        { name: 'ix_eligibility_high_tech', columnNames: ['high_tech', 'ht_unmet_count'] },
      ],
      foreignKeys: [
        { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['evaluation_id'], referencedTableName: 'evaluation', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['eligibility_status', 'evaluation', 'job', 'rule_set']) await qr.dropTable(t);
  }
}
