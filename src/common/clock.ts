/**
 * The one clock of the application and its tests. Business dates are calendar dates in Beijing
 * time (Asia/Shanghai, UTC+8 all year, no DST), whatever the server's or the CI machine's zone:
 * a deadline, a "today" filter or a default asOf must not change with the TZ of the process.
 *
 * Everything that needs the current instant calls now(); everything that needs today's date calls
 * businessToday(). Tests pin the instant with pinClock() (and unpin with resetClock()) instead of
 * computing "today" themselves, so app and test agree at every hour of the day.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;

let pinned: number | null = null;

/** The current instant (a fresh Date each call). */
export function now(): Date {
  return new Date(pinned ?? Date.now());
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function businessDate(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing date-and-time parts of an instant: { date: YYYY-MM-DD, time: HH:mm }. */
export function businessDateTime(instant: Date | number): { date: string; time: string } {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const shifted = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** Today's business date (Beijing). */
export function businessToday(): string {
  return businessDate(now());
}

/** Today's business year (Beijing). */
export function businessYear(): number {
  return Number(businessToday().slice(0, 4));
}

/** Calendar arithmetic on YYYY-MM-DD dates (zone-free: dates are days, not instants). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Pins the clock to an instant (ISO string with zone, Date or epoch ms); for tests and demos. */
export function pinClock(instant: string | Date | number): void {
  const ms = typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  pinned = ms;
}

/** Back to the real clock. */
export function resetClock(): void {
  pinned = null;
}

/** A compact Beijing timestamp for file names: YYYYMMDD-HHmm. */
export function businessStamp(instant: Date | number = now()): string {
  const p = businessDateTime(instant);
  return `${p.date.replace(/-/g, '')}-${p.time.replace(':', '')}`;
}
