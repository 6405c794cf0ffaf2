import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, ts, tsNow, version } from '../migration-helpers.js';

/**
 * Key projects (issue 17, rules.md §10): the project with its RAG, participants, the budget by year
 * and source, milestones, monthly progress reports and funding tranches (one per milestone).
 * Every filter and sort column of the projects page is indexed; the district filter goes through
 * the lead enterprise's indexed district_code.
 */
export class KeyProjects1765000001800 implements MigrationInterface {
  name = 'KeyProjects1765000001800';

  async up(qr: QueryRunner): Promise<void> {
    const fen = (name: string) => ({ name, type: 'bigint', isNullable: false, default: 0 });
    await qr.createTable(new Table({
      name: 'project',
      columns: [
        id(), int('lead_enterprise_id'), str('name', 200), str('type', 20), str('start_on', 10), str('end_on', 10), str('status', 12),
        str('rag', 8, true), str('rag_reason', 64, true), { name: 'rag_params', type: 'text', isNullable: true }, str('rag_computed_on', 10, true),
        int('progress', true), str('status_note', 500, true), int('created_by', true),
        tsNow(qr, 'created_at'), tsNow(qr, 'updated_at'), version(),
      ],
      indices: [
        new TableIndex({ name: 'ix_project_lead', columnNames: ['lead_enterprise_id'] }),
        new TableIndex({ name: 'ix_project_type', columnNames: ['type', 'id'] }),
        new TableIndex({ name: 'ix_project_status', columnNames: ['status', 'id'] }),
        new TableIndex({ name: 'ix_project_rag', columnNames: ['rag', 'id'] }),
        new TableIndex({ name: 'ix_project_updated', columnNames: ['updated_at', 'id'] }),
        new TableIndex({ name: 'ix_project_name', columnNames: ['name', 'id'] }),
        new TableIndex({ name: 'ix_project_start', columnNames: ['start_on', 'id'] }),
        new TableIndex({ name: 'ix_project_end', columnNames: ['end_on', 'id'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'project_participant',
      columns: [id(), int('project_id'), int('enterprise_id')],
      indices: [
        new TableIndex({ name: 'uq_project_participant', columnNames: ['project_id', 'enterprise_id'], isUnique: true }),
        new TableIndex({ name: 'ix_project_participant_enterprise', columnNames: ['enterprise_id'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'project_budget',
      columns: [id(), int('project_id'), int('year'), fen('government'), fen('self_funded')],
      indices: [new TableIndex({ name: 'uq_project_budget_year', columnNames: ['project_id', 'year'], isUnique: true })],
    }));
    await qr.createTable(new Table({
      name: 'project_milestone',
      columns: [
        id(), int('project_id'), str('name', 200), str('due_on', 10), str('deliverable', 500), str('status', 10), str('actual_on', 10, true),
        int('accepted_by', true), ts(qr, 'accepted_at', true), version(),
      ],
      indices: [
        new TableIndex({ name: 'ix_project_milestone_project', columnNames: ['project_id', 'due_on'] }),
        new TableIndex({ name: 'ix_project_milestone_open', columnNames: ['status', 'due_on'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'project_report',
      columns: [
        id(), int('project_id'), str('month', 7), int('progress'), fen('spend'), str('issues', 2000, false, { default: "''" }), str('status', 10),
        int('submitted_by', true), ts(qr, 'submitted_at'), int('reviewed_by', true), ts(qr, 'reviewed_at', true), str('review_note', 500, true), version(),
      ],
      indices: [
        new TableIndex({ name: 'uq_project_report_month', columnNames: ['project_id', 'month'], isUnique: true }),
        new TableIndex({ name: 'ix_project_report_status', columnNames: ['status', 'month'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'project_tranche',
      columns: [id(), int('project_id'), int('milestone_id'), fen('amount'), ts(qr, 'released_at', true), int('released_by', true), version()],
      indices: [
        new TableIndex({ name: 'uq_project_tranche_milestone', columnNames: ['milestone_id'], isUnique: true }),
        new TableIndex({ name: 'ix_project_tranche_project', columnNames: ['project_id'] }),
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['project_tranche', 'project_report', 'project_milestone', 'project_budget', 'project_participant', 'project']) await qr.dropTable(t);
  }
}
