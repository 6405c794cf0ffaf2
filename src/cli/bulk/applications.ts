import type { DataSource } from 'typeorm';
import { TIERS } from '../../ladder/tiers.js';
import { DECISION_STATES, MACHINES, type ApplicationType, type WorkflowSubject } from '../../applications/workflow/workflows.js';
import type { Random } from '../../database/seed/random.js';
import type { BulkSink, Cell } from './sink.js';
import { businessDate } from '../../common/clock.js';

export interface ApplicationSubject {
  id: number;
  districtCode: string;
  tier: string | null;
  officer: { id: number; displayName: string } | null;
  /** The enterprise's own login, the applicant. */
  applicant: { id: number; name: string } | null;
  createdAt: Date;
}

interface StaffLike {
  id: number;
  username: string;
  role: string;
  displayName: string;
}

const LADDER: readonly string[] = TIERS;
const TYPES: { type: ApplicationType; share: number }[] = [
  { type: 'tier-recognition', share: 0.5 },
  { type: 'high-tech-certification', share: 0.25 },
  { type: 'super-deduction-precheck', share: 0.15 },
  { type: 'ip-pledge-loan', share: 0.1 },
];
/**
 * IP-pledge loans stop at the bank's review here: from loan approval on, the loans module keeps
 * loan terms, valuation and registration rows that this generator does not invent.
 */
const LOAN_STATUSES = new Set(['draft', 'submitted', 'district-review', 'returned', 'resubmitted', 'valuation', 'bank-review', 'rejected', 'withdrawn']);
const COMMENTS = ['材料不完整，请补充审计报告', '研发费用归集口径需说明', '不符合申报条件', '请补充知识产权证明'];
const dayMs = 86_400_000;

/** The shortest sequence of transitions from the initial status to `target` for this subject. */
export function pathTo(type: ApplicationType, subject: WorkflowSubject, target: string): { from: string; action: string; to: string; roles: readonly string[] }[] | null {
  const machine = MACHINES[type];
  const seen = new Map<string, { from: string; action: string; to: string; roles: readonly string[] } | null>([[machine.initial, null]]);
  const queue = [machine.initial];
  while (queue.length) {
    const status = queue.shift()!;
    if (status === target) break;
    for (const t of machine.from(status, subject)) {
      if (seen.has(t.to)) continue;
      seen.set(t.to, { from: t.from, action: t.action, to: t.to, roles: t.roles });
      queue.push(t.to);
    }
  }
  if (!seen.has(target)) return null;
  const steps = [];
  for (let s = seen.get(target); s; s = seen.get(s.from)) steps.unshift(s);
  return steps;
}

/**
 * Applications for the bulk city, in every status of every workflow (loans up to the bank's review),
 * each with the transition history that leads to its status, batches with a running or finished
 * public notice for the programmes decided in batches. Written only when the applications module's
 * tables exist in the migrated schema.
 */
export class ApplicationsPart {
  readonly explicitIdTables = ['application', 'application_batch'];
  private applicationId = 0;
  private readonly batches = new Map<string, { notice: number; announced: number }>();

  private constructor(
    private readonly sink: BulkSink,
    private readonly context: { rnd: Random; currentYear: number; now: Date; staff: StaffLike[] },
    private readonly share: number,
  ) {}

  static async detect(dataSource: DataSource, sink: BulkSink, context: { rnd: Random; currentYear: number; now: Date; staff: StaffLike[] }, share = 0.12): Promise<ApplicationsPart | null> {
    const qr = dataSource.createQueryRunner();
    try {
      if (!(await qr.hasTable('application')) || !(await qr.hasTable('application_history')) || !(await qr.hasTable('application_batch'))) return null;
    } finally {
      await qr.release();
    }
    const part = new ApplicationsPart(sink, context, share);
    part.applicationId = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM application'))[0].n);
    await part.declare(dataSource);
    return part;
  }

  private async declare(dataSource: DataSource): Promise<void> {
    const { sink, context } = this;
    let batchId = Number((await dataSource.query('SELECT COALESCE(MAX(id), 0) AS n FROM application_batch'))[0].n);
    sink.table('application_batch', ['id', 'programme', 'year', 'name', 'status', 'notice_starts_on', 'notice_ends_on', 'notice_working_days', 'announced_on', 'created_at', 'updated_at']);
    sink.table('application', ['id', 'enterprise_id', 'type', 'tier', 'year', 'status', 'form', 'batch_id', 'status_since', 'submitted_at', 'decided_at', 'created_by', 'created_by_role', 'version', 'created_at', 'updated_at']);
    sink.table('application_history', ['application_id', 'kind', 'action', 'from_status', 'to_status', 'actor_id', 'actor_name', 'actor_role', 'comment', 'is_public', 'at']);
    const day = (offset: number) => businessDate(context.now.getTime() + offset * dayMs);
    const y = context.currentYear;
    for (const programme of [...LADDER, 'high-tech']) {
      const announced = ++batchId;
      const notice = ++batchId;
      sink.add('application_batch', [announced, programme, y, `${y}年第1批`, 'announced', day(-60), day(-53), 5, day(-50), context.now, context.now]);
      sink.add('application_batch', [notice, programme, y, `${y}年第2批`, 'notice', day(-2), day(5), 5, null, context.now, context.now]);
      this.batches.set(programme, { notice, announced });
    }
  }

  add(subject: ApplicationSubject): void {
    const { rnd, currentYear, now, staff } = this.context;
    if (!rnd.chance(subject.tier ? this.share * 2.5 : this.share * 0.6)) return;
    let x = rnd.next();
    const type = TYPES.find((t) => (x -= t.share) < 0)?.type ?? 'tier-recognition';
    const tier = type === 'tier-recognition' ? LADDER[Math.min(LADDER.length - 1, subject.tier ? LADDER.indexOf(subject.tier) + 1 : 0)]! : null;
    const wf: WorkflowSubject = { type, tier };
    const statuses = MACHINES[type].states.filter((s) => type !== 'ip-pledge-loan' || LOAN_STATUSES.has(s));
    const target = statuses[rnd.int(0, statuses.length - 1)]!;
    const steps = pathTo(type, wf, target);
    if (!steps) return;

    const id = ++this.applicationId;
    const manager = staff.find((s) => s.role === 'manager') ?? staff[0]!;
    const officer = subject.officer ?? manager;
    let at = new Date(Math.max(subject.createdAt.getTime(), now.getTime() - rnd.int(20, 300) * dayMs));
    const created = at;
    let submittedAt: Date | null = null;
    let decidedAt: Date | null = null;
    const programme = type === 'high-tech-certification' ? 'high-tech' : tier;
    for (const step of steps) {
      at = new Date(Math.min(now.getTime() - 3600_000, at.getTime() + rnd.int(1, 12) * dayMs + rnd.int(0, 28_800) * 1000));
      const byApplicant = step.roles.includes('enterprise') && subject.applicant;
      const byDistrict = step.roles.includes('officer');
      const actor = byApplicant ? { id: subject.applicant!.id, name: subject.applicant!.name, role: 'enterprise' } : byDistrict ? { id: officer.id, name: officer.displayName, role: 'officer' } : { id: manager.id, name: manager.displayName, role: 'manager' };
      const needsComment = step.action === 'return' || step.action === 'reject';
      this.sink.add('application_history', [id, 'transition', step.action, step.from, step.to, actor.id, actor.name.slice(0, 64), actor.role, needsComment ? rnd.pick(COMMENTS) : null, true, at]);
      if (step.action === 'submit' && !submittedAt) submittedAt = at;
      if (DECISION_STATES.includes(step.to)) decidedAt = at;
    }
    const inBatch = programme && (target === 'public-notice' || target === 'approved' || target === 'certified' || (target === 'rejected' && steps.some((s) => s.from === 'public-notice')));
    const batch = inBatch ? (target === 'public-notice' ? this.batches.get(programme)?.notice : this.batches.get(programme)?.announced) ?? null : null;
    const row: Cell[] = [
      id, subject.id, type, tier, currentYear, target, JSON.stringify({}), batch, at, submittedAt, decidedAt,
      subject.applicant?.id ?? null, subject.applicant ? 'enterprise' : 'officer', 1 + steps.length, created, at,
    ];
    this.sink.add('application', row);
  }
}
