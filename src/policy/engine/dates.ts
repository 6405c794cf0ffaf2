/**
 * Calendar dates as 'YYYY-MM-DD' strings. Valid ISO dates compare correctly as strings, so the
 * rules compare strings and only turn them into day numbers for day counts. No clock here:
 * the evaluation date `asOf` is always an input.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** Days since 1970-01-01 (UTC); the argument must be a valid ISO date. */
export function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** Same month and day n years later (or earlier); 29 February falls back to the 28th. */
export function addYears(iso: string, years: number): string {
  const y = yearOf(iso) + years;
  const month = Number(iso.slice(5, 7));
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(y, month));
  return `${String(y).padStart(4, '0')}-${iso.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}
