import { businessToday } from './clock.js';

// Dates of past events (founding, visits, IP grants, certificates, credit records, import rows)
// lie between 1900-01-01 and the business date today in Beijing. Pure: no framework imports, so
// the policy engine's callers and the import parser can use it too.

export const EARLIEST_DATE = '1900-01-01';

/** The business date today (Asia/Shanghai), from the one clock. */
export { businessToday };

export type DateRangeProblem = 'validation.dateTooEarly' | 'validation.dateInFuture';

/** Why a calendar date (YYYY-MM-DD) cannot be a past event, or null when it can. */
export function pastDateProblem(iso: string, today: string = businessToday()): DateRangeProblem | null {
  if (iso < EARLIEST_DATE) return 'validation.dateTooEarly';
  if (iso > today) return 'validation.dateInFuture';
  return null;
}
