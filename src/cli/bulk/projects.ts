import type { DataSource } from 'typeorm';
import { addDays, businessDate } from '../../common/clock.js';
import { Random } from '../../database/seed/random.js';
import { computeRag, monthOf, previousMonth, type RagMilestone, type RagReport } from '../../projects/rag.js';
import { PROJECT_TYPES } from '../../projects/project-machines.js';
import type { BulkSink } from './sink.js';

const NAMES = ['关键核心技术攻关', '智能制造升级改造', '新材料中试及产业化', '工业软件研发', '生物医药创新平台建设', '新能源装备研制', '集成电路设计验证', '数字化车间改造'];
const MILESTONES = ['方案设计', '样机研制', '中试验证', '小批量试产', '产业化验收'];

/**
 * Key projects for the bulk city (issue 17): proportional to the enterprises (about one project per
 * 35 files, laddered firms more often), in every status and RAG, with budget, milestones, tranches,
 * participants and monthly reports; the RAG computed by the product's own pure rule (rag.ts) as the
 * daily job would. Its own random stream, so the rest of the city stays the same. Written only when
 * the projects tables exist in the migrated schema.
 */
export class ProjectsPart {
  readonly explicitIdTables = ['project', 'project_milestone'];
  private projectId = 0;
  private milestoneId = 0;
  private readonly rnd: Random;
  private readonly today: string;
  private readonly recent: number[] = [];

  private constructor(private readonly sink: BulkSink, private readonly now: Date, seed: number) {
    this.rnd = new Random(seed + 1017);
    this.today = businessDate(now);
  }

  static async detect(dataSource: DataSource, sink: BulkSink, context: { now: Date; seed: number }): Promise<ProjectsPart | null> {
    const qr = dataSource.createQueryRunner();
    try {
      if (!(await qr.hasTable('project')) || !(await qr.hasTable('project_report'))) return null;
    } finally {
      await qr.release();
    }
    const part = new ProjectsPart(sink, context.now, context.seed);
    part.projectId = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM project'))[0].n);
    part.milestoneId = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM project_milestone'))[0].n);
    sink.table('project', ['id', 'lead_enterprise_id', 'name', 'type', 'start_on', 'end_on', 'status', 'rag', 'rag_reason', 'rag_params', 'rag_computed_on', 'progress', 'status_note', 'created_by', 'created_at', 'updated_at', 'version']);
    sink.table('project_participant', ['project_id', 'enterprise_id']);
    sink.table('project_budget', ['project_id', 'year', 'government', 'self_funded']);
    sink.table('project_milestone', ['id', 'project_id', 'name', 'due_on', 'deliverable', 'status', 'actual_on', 'accepted_by', 'accepted_at', 'version']);
    sink.table('project_tranche', ['project_id', 'milestone_id', 'amount', 'released_at', 'released_by', 'version']);
    sink.table('project_report', ['project_id', 'month', 'progress', 'spend', 'issues', 'status', 'submitted_by', 'submitted_at', 'reviewed_by', 'reviewed_at', 'review_note', 'version']);
    return part;
  }

  /** Maybe a project led by this enterprise (ids of earlier enterprises may take part). */
  add(enterprise: { id: number; tier: string | null; officerId: number | null; applicantId: number | null }): void {
    const { rnd, today, now, sink } = this;
    if (!rnd.chance(enterprise.tier ? 0.06 : 0.02)) return;
    const id = ++this.projectId;
    const start = addDays(today, -rnd.int(30, 900));
    const end = addDays(start, rnd.int(365, 1460));
    const status = end < today ? (rnd.chance(0.8) ? 'completed' : 'terminated') : rnd.chance(0.05) ? 'suspended' : 'active';
    const years: number[] = [];
    for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) years.push(y);
    const govPerYear = rnd.int(2, 50) * 100_000; // yuan
    const selfPerYear = rnd.int(2, 80) * 100_000;
    for (const year of years) sink.add('project_budget', [id, year, govPerYear * 100, selfPerYear * 100]); // fen
    const plannedFen = (govPerYear + selfPerYear) * 100 * years.length;

    const count = rnd.int(2, 5);
    const span = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
    const milestones: RagMilestone[] = [];
    const trancheFen = Math.floor((govPerYear * years.length * 100) / count);
    for (let i = 0; i < count; i++) {
      const mid = ++this.milestoneId;
      const dueOn = addDays(start, Math.round((span * (i + 1)) / count));
      const past = dueOn < today;
      // Most milestones that fell due were met (some late); a few are still open, overdue.
      const accepted = status === 'completed' || (past && rnd.chance(0.85));
      const actualOn = accepted ? (() => { const a = addDays(dueOn, rnd.int(-20, 40)); return a > today ? today : a; })() : null;
      const at = actualOn ? new Date(Date.parse(`${actualOn}T02:00:00Z`)) : null;
      sink.add('project_milestone', [mid, id, MILESTONES[i % MILESTONES.length]!, dueOn, `${MILESTONES[i % MILESTONES.length]}成果材料`, accepted ? 'accepted' : 'open', actualOn, accepted ? enterprise.officerId : null, at, accepted ? 2 : 1]);
      sink.add('project_tranche', [id, mid, trancheFen, at, accepted ? enterprise.officerId : null, accepted ? 2 : 1]);
      milestones.push({ name: MILESTONES[i % MILESTONES.length]!, dueOn, done: accepted });
    }

    // Monthly reports from the start month to this month (or the end), a few missing lately.
    const reports: RagReport[] = [];
    const lastMonth = monthOf(end < today ? end : today);
    const months: string[] = [];
    for (let m = lastMonth; m >= monthOf(start) && months.length < 48; m = previousMonth(m)) months.unshift(m);
    const skipFrom = rnd.chance(0.15) ? months.length - rnd.int(1, 2) : months.length;
    const pace = rnd.between(0.3, 1.1);
    let latestProgress: number | null = null;
    for (const [i, month] of months.entries()) {
      if (i >= skipFrom) break;
      const share = Math.min(1, (pace * (i + 1)) / months.length);
      const spendFen = Math.round(plannedFen * share * Math.min(1, months.length / Math.max(1, span / 30)));
      const progress = Math.min(100, Math.round(share * 100));
      const reviewed = i < skipFrom - 1;
      sink.add('project_report', [id, month, progress, spendFen, '', reviewed ? 'accepted' : 'submitted', enterprise.applicantId, new Date(Date.parse(`${month}-05T02:00:00Z`)), reviewed ? enterprise.officerId : null, reviewed ? new Date(Date.parse(`${month}-10T02:00:00Z`)) : null, null, reviewed ? 2 : 1]);
      reports.push({ month, spendFen });
      latestProgress = progress;
    }
    const rag = status === 'active' ? computeRag({ today, startOn: start, endOn: end, plannedFen, milestones, reports })
      : status === 'completed' ? { rag: 'green', reasonKey: 'project.rag.reason.completed', params: {} } : null;
    sink.add('project', [
      id, enterprise.id, `${rnd.pick(NAMES)}项目`, rnd.pick([...PROJECT_TYPES]), start, end, status,
      rag?.rag ?? null, rag?.reasonKey ?? null, rag ? JSON.stringify(rag.params) : null, rag ? today : null, latestProgress, null, null, now, now, 1,
    ]);
    // One or two earlier enterprises sometimes take part.
    if (this.recent.length && rnd.chance(0.3)) sink.add('project_participant', [id, rnd.pick(this.recent)]);
    this.recent.push(enterprise.id);
    if (this.recent.length > 50) this.recent.shift();
  }
}
