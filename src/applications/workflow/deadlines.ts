import { addWorkingDays } from './working-days.js';
import { STAGE_DEADLINES } from './workflows.js';

/**
 * The due date of the stage an application has just entered, or null when the stage has none
 * (drafts, decisions). Notice and maturity stages end on dates of their own.
 */
export function stageDueOn(status: string, enteredOn: string, terminal: boolean, ends: { noticeEndsOn?: string | null; maturityOn?: string | null } = {}): string | null {
  if (terminal) return null;
  const rule = STAGE_DEADLINES[status];
  if (rule === undefined) return null;
  if (rule === 'notice') return ends.noticeEndsOn ?? null;
  if (rule === 'maturity') return ends.maturityOn ?? null;
  return addWorkingDays(enteredOn, rule);
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
