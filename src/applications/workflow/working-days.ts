/**
 * Working-day arithmetic for stage deadlines ("district review within 10 working days", the
 * 10-working-day public notice). Monday to Friday, minus the public holidays of the State Council's
 * yearly notice, plus the weekend days it declares working days (调休). Pure: no clock.
 *
 * The calendar is reference data: extend it each year when the State Council publishes the next
 * year's schedule (usually in November). Years not listed fall back to plain Monday–Friday.
 */

/** Public holidays (days off that would otherwise be working days, and the weekends inside them). */
const HOLIDAYS: ReadonlySet<string> = new Set([
  // 2025 (国办发明电〔2024〕12号)
  '2025-01-01',
  '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
  '2025-04-04', '2025-04-05', '2025-04-06',
  '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
  '2025-05-31', '2025-06-01', '2025-06-02',
  '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
  // 2026 (国办发明电〔2025〕7号)
  '2026-01-01', '2026-01-02', '2026-01-03',
  '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
  '2026-04-04', '2026-04-05', '2026-04-06',
  '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
  '2026-06-19', '2026-06-20', '2026-06-21',
  '2026-09-25', '2026-09-26', '2026-09-27',
  '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
]);

/** Weekend days declared working days (调休上班). */
const MAKEUP_WORKDAYS: ReadonlySet<string> = new Set([
  '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
  '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
]);

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

export function isWorkingDay(iso: string): boolean {
  if (MAKEUP_WORKDAYS.has(iso)) return true;
  if (HOLIDAYS.has(iso)) return false;
  const dow = parse(iso).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The date `n` working days after `start` (the start day itself does not count: something received
 * on Monday with 1 working day is due Tuesday). n = 0 gives the start date.
 */
export function addWorkingDays(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let d = start;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n++;
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
