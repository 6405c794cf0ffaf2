import { workingCalendar, type WorkingCalendar } from '../applications/workflow/working-days.js';
import { SEEDED_CALENDAR } from '../database/migrations/1765000000500-WorkingCalendar.js';

/** The calendar exactly as the migration seeds it (2025 and 2026, published): for tests that count as the app does. */
export const SEEDED: WorkingCalendar = workingCalendar(
  Object.keys(SEEDED_CALENDAR).map(Number),
  Object.values(SEEDED_CALENDAR).flatMap((y) => y.days.map(([date, kind]) => ({ date, kind }))),
);
