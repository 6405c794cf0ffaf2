/**
 * Working-day arithmetic for stage deadlines ("district review within 10 working days", the
 * 10-working-day public notice). Monday to Friday, minus the public holidays of the State Council's
 * yearly notice, plus the weekend days it declares working days (调休). Pure: no clock, no database.
 *
 * The calendar is reference data (table holiday_calendar_day, entered per year on
 * /admin/reference/calendar) and is passed in. A year without a published calendar is counted as
 * plain Monday–Friday, and every result that relies on such a year says so (`provisional`), so
 * nobody mistakes a guessed deadline for a real one.
 */

export type CalendarDayKind = 'holiday' | 'makeup-workday';

export interface WorkingCalendar {
  /** Years whose holiday arrangement is entered and published. */
  readonly years: ReadonlySet<number>;
  /** Public holidays (days off that would otherwise be working days, and the weekends inside them). */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days declared working days (调休上班). */
  readonly makeupWorkdays: ReadonlySet<string>;
}

/** A due date and whether it was counted across a year with no published calendar. */
export interface Deadline {
  date: string;
  provisional: boolean;
}

export function workingCalendar(years: Iterable<number>, days: Iterable<{ date: string; kind: CalendarDayKind }>): WorkingCalendar {
  const holidays = new Set<string>();
  const makeupWorkdays = new Set<string>();
  for (const d of days) (d.kind === 'holiday' ? holidays : makeupWorkdays).add(d.date);
  return { years: new Set(years), holidays, makeupWorkdays };
}

/** No calendar at all: plain Monday–Friday, every year provisional. */
export const NO_CALENDAR: WorkingCalendar = workingCalendar([], []);

const DAY_MS = 86_400_000;

function parse(iso: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  return new Date(`${iso}T00:00:00Z`);
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addCalendarDays(iso: string, days: number): string {
  return format(new Date(parse(iso).getTime() + days * DAY_MS));
}

export function isWeekend(iso: string): boolean {
  const dow = parse(iso).getUTCDay();
  return dow === 0 || dow === 6;
}

export function isWorkingDay(iso: string, cal: WorkingCalendar): boolean {
  if (cal.makeupWorkdays.has(iso)) return true;
  if (cal.holidays.has(iso)) return false;
  return !isWeekend(iso);
}

/**
 * The date `n` working days after `start` (the start day itself does not count: something received
 * on Monday with 1 working day is due Tuesday). n = 0 gives the start date.
 */
export function addWorkingDays(start: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let d = start;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Years from `from` to `to` (inclusive) that have no published calendar. */
export function uncoveredYears(from: string, to: string, cal: WorkingCalendar): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.years.has(y)) out.push(y);
  return out;
}

/** addWorkingDays, flagged provisional when the count crossed a day of a year without a calendar. */
export function workingDeadline(start: string, n: number, cal: WorkingCalendar): Deadline {
  const date = addWorkingDays(start, n, cal);
  return { date, provisional: n > 0 && uncoveredYears(addCalendarDays(start, 1), date, cal).length > 0 };
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** Adds whole months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const d = parse(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last))));
}
