/**
 * Red / amber / green of a key project (rules.md §10, provisional), as a pure function of the
 * project's plan, its milestones, its reports and today's business date. The first rule that
 * holds decides, in the order of the rules (red before amber), and its reason is a catalogue key
 * with parameters, so the page and the API word it in the reader's language.
 *
 *   red    a milestone overdue more than 30 days; or, from the planned half-time on, spend to date
 *          below 50% of the planned budget;
 *   amber  a milestone overdue 1–30 days; or one due within 30 days with no report for this month;
 *          or no report for last month (a month the project ran in);
 *   green  otherwise.
 */
export const RAGS = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAGS)[number];

/** Days of grace before an overdue milestone turns the project red, and the look-ahead for "due soon". */
export const OVERDUE_RED_DAYS = 30;
export const DUE_SOON_DAYS = 30;
/** Spend at half-time must reach this share of the planned budget (percent). */
export const HALF_TIME_SPEND_PERCENT = 50;

export interface RagMilestone {
  name: string;
  dueOn: string; // YYYY-MM-DD
  /** Done: accepted (or delivered on this date). An open milestone has neither. */
  done: boolean;
}

export interface RagReport {
  month: string; // YYYY-MM
  /** Spend to date in fen (integers: exact comparison with the plan). */
  spendFen: number;
}

export interface RagInput {
  today: string; // YYYY-MM-DD, the business date
  startOn: string;
  endOn: string;
  /** The whole planned budget (government + self, all years) in fen. */
  plannedFen: number;
  milestones: readonly RagMilestone[];
  /** Reports that count (submitted or accepted; a returned report is missing until resubmitted). */
  reports: readonly RagReport[];
}

export interface RagResult {
  rag: Rag;
  reasonKey: string;
  params: Record<string, string | number>;
}

const DAY = 86_400_000;
const dayNumber = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
const isoOfDay = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

/** The planned half-time: the day halfway from start to end (rounded down). */
export function halfTimeOf(startOn: string, endOn: string): string {
  const s = dayNumber(startOn);
  return isoOfDay(s + Math.floor((dayNumber(endOn) - s) / 2));
}

/** YYYY-MM of a date, and the month before a YYYY-MM. */
export const monthOf = (iso: string): string => iso.slice(0, 7);
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function computeRag(input: RagInput): RagResult {
  const { today } = input;
  const open = input.milestones.filter((m) => !m.done);
  // The most overdue open milestone decides the overdue rules.
  const overdue = open
    .map((m) => ({ m, days: daysBetween(m.dueOn, today) }))
    .filter((x) => x.days > 0)
    .sort((a, b) => b.days - a.days || a.m.dueOn.localeCompare(b.m.dueOn))[0];
  if (overdue && overdue.days > OVERDUE_RED_DAYS) {
    return { rag: 'red', reasonKey: 'project.rag.reason.overdueLong', params: { milestone: overdue.m.name, days: overdue.days } };
  }
  const halfTime = halfTimeOf(input.startOn, input.endOn);
  if (input.plannedFen > 0 && today >= halfTime) {
    const latest = [...input.reports].sort((a, b) => b.month.localeCompare(a.month))[0];
    const spendFen = latest?.spendFen ?? 0;
    // spend / plan < 50%  ⇔  spend·100 < plan·50, in exact integers (49.99% is below, 50% is not; BigInt: no rounding at 10¹² yuan).
    if (BigInt(Math.round(spendFen)) * 100n < BigInt(Math.round(input.plannedFen)) * BigInt(HALF_TIME_SPEND_PERCENT)) {
      const percent = Math.floor((spendFen * 100) / input.plannedFen);
      return { rag: 'red', reasonKey: 'project.rag.reason.underspend', params: { percent, halfTime } };
    }
  }
  if (overdue) {
    return { rag: 'amber', reasonKey: 'project.rag.reason.overdue', params: { milestone: overdue.m.name, days: overdue.days } };
  }
  const thisMonth = monthOf(today);
  const reported = new Set(input.reports.map((r) => r.month));
  const soon = open
    .filter((m) => m.dueOn >= today && daysBetween(today, m.dueOn) <= DUE_SOON_DAYS)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  if (soon && !reported.has(thisMonth)) {
    return { rag: 'amber', reasonKey: 'project.rag.reason.dueSoon', params: { milestone: soon.name, dueOn: soon.dueOn } };
  }
  const lastMonth = previousMonth(thisMonth);
  if (reportDueFor(lastMonth, input.startOn, input.endOn) && !reported.has(lastMonth)) {
    return { rag: 'amber', reasonKey: 'project.rag.reason.reportMissing', params: { month: lastMonth } };
  }
  return { rag: 'green', reasonKey: 'project.rag.reason.onTrack', params: {} };
}

/** A month's report is due when the project ran in that month. */
export function reportDueFor(month: string, startOn: string, endOn: string): boolean {
  return month >= monthOf(startOn) && month <= monthOf(endOn);
}
