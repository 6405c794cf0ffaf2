import { uncoveredYears, workingDeadline, type Deadline, type WorkingCalendar } from './working-days.js';
import { STAGE_DEADLINES } from './workflows.js';

export type StageRule = number | 'notice' | 'maturity';

/** What a stage deadline is counted with: the working-day calendar and each stage's working days. */
export interface DeadlineRules {
  calendar: WorkingCalendar;
  /** Working days per status (reference data, table stage_deadline); statuses not listed use STAGE_DEADLINES. */
  stageDays?: Readonly<Record<string, number>>;
}

/** The rule of a status: its working days from the reference data, else the built-in default. */
export function stageRule(status: string, stageDays: Readonly<Record<string, number>> = {}): StageRule | undefined {
  const rule = STAGE_DEADLINES[status];
  if (typeof rule === 'number' && typeof stageDays[status] === 'number') return stageDays[status];
  return rule;
}

export interface StageEnds {
  noticeStartsOn?: string | null;
  noticeEndsOn?: string | null;
  maturityOn?: string | null;
}

/**
 * The due date of the stage an application has just entered, or null when the stage has none
 * (drafts, decisions). Notice and maturity stages end on dates of their own; a notice counted in
 * working days across a year without a calendar is provisional too (a loan's maturity is a
 * calendar date, never).
 */
export function stageDeadline(status: string, enteredOn: string, terminal: boolean, ends: StageEnds, rules: DeadlineRules): Deadline | null {
  if (terminal) return null;
  const rule = stageRule(status, rules.stageDays);
  if (rule === undefined) return null;
  if (rule === 'notice') {
    if (!ends.noticeEndsOn) return null;
    return { date: ends.noticeEndsOn, provisional: !!ends.noticeStartsOn && uncoveredYears(ends.noticeStartsOn, ends.noticeEndsOn, rules.calendar).length > 0 };
  }
  if (rule === 'maturity') return ends.maturityOn ? { date: ends.maturityOn, provisional: false } : null;
  return workingDeadline(enteredOn, rule, rules.calendar);
}

/** The due date alone (see stageDeadline). */
export function stageDueOn(status: string, enteredOn: string, terminal: boolean, ends: StageEnds, rules: DeadlineRules): string | null {
  return stageDeadline(status, enteredOn, terminal, ends, rules)?.date ?? null;
}

export function isOverdue(dueOn: string | null, today: string): boolean {
  return !!dueOn && dueOn < today;
}

export interface StatusSpan {
  status: string;
  /** Milliseconds spent in the status over all visits. */
  ms: number;
  visits: number;
}

/**
 * Time spent in each status, from the transition history (oldest first): each entry opens its
 * `to` status, which lasts until the next entry (or `now` for the current one). The first status
 * (draft) starts at creation.
 */
export function timeInStatus(createdAt: Date, initial: string, transitions: readonly { to: string; at: Date }[], now: Date): StatusSpan[] {
  const spans = new Map<string, StatusSpan>();
  let status = initial;
  let since = createdAt.getTime();
  const close = (until: number) => {
    const span = spans.get(status) ?? { status, ms: 0, visits: 0 };
    span.ms += Math.max(0, until - since);
    span.visits += 1;
    spans.set(status, span);
  };
  for (const t of transitions) {
    close(t.at.getTime());
    status = t.to;
    since = t.at.getTime();
  }
  close(now.getTime());
  return [...spans.values()];
}
