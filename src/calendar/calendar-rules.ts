import { isWeekend, type CalendarDayKind } from '../applications/workflow/working-days.js';
import { isCalendarDate } from '../common/validators.js';
import { normaliseHeader, parseDate, type CellValue } from '../imports/import-columns.js';

/**
 * Validation of calendar days and the plan of a calendar import. Pure: values in, message keys out
 * (the controller translates them), so every rule is table-tested.
 */

export const DAY_KINDS: readonly CalendarDayKind[] = ['holiday', 'makeup-workday'];
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const MAX_NAME = 50;

export interface DayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export type DayErrors = Partial<Record<'date' | 'kind' | 'name', string>>;

export function isCalendarYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_YEAR && value <= MAX_YEAR;
}

/**
 * One day of `year`: a real date in that year, a known kind, a name of 1–50 characters; a make-up
 * working day must fall on a weekend (a weekday is a working day anyway), and a date is entered once.
 */
export function validateDay(raw: { date?: unknown; kind?: unknown; name?: unknown }, year: number, taken: ReadonlySet<string>): { ok: true; day: DayInput } | { ok: false; errors: DayErrors } {
  const errors: DayErrors = {};
  const date = typeof raw.date === 'string' ? raw.date.trim() : '';
  const kind = typeof raw.kind === 'string' ? raw.kind.trim() : '';
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!isCalendarDate(date)) errors.date = 'calendar.error.date';
  else if (Number(date.slice(0, 4)) !== year) errors.date = 'calendar.error.otherYear';
  else if (taken.has(date)) errors.date = 'calendar.error.duplicate';
  if (!(DAY_KINDS as readonly string[]).includes(kind)) errors.kind = 'calendar.error.kind';
  else if (kind === 'makeup-workday' && !errors.date && !isWeekend(date)) errors.kind = 'calendar.error.makeupWeekday';
  if (!name) errors.name = 'calendar.error.nameRequired';
  else if ([...name].length > MAX_NAME) errors.name = 'calendar.error.nameLength';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, day: { date, kind: kind as CalendarDayKind, name } };
}

const HEADERS: Record<'date' | 'kind' | 'name', readonly string[]> = {
  date: ['日期', 'date'],
  kind: ['类型', '类别', 'kind', 'type'],
  name: ['名称', '节日', 'name', 'holiday'],
};

/** Kinds as people write them in a spreadsheet. */
const KIND_WORDS: Record<string, CalendarDayKind> = {
  holiday: 'holiday', 假日: 'holiday', 节假日: 'holiday', 放假: 'holiday', 休: 'holiday', 休息: 'holiday',
  'makeup-workday': 'makeup-workday', makeup: 'makeup-workday', workday: 'makeup-workday', 调休上班: 'makeup-workday', 上班: 'makeup-workday', 班: 'makeup-workday', 补班: 'makeup-workday',
};

export function kindOf(raw: CellValue): string {
  const s = String(raw ?? '').normalize('NFKC').trim();
  return KIND_WORDS[s.toLowerCase()] ?? s;
}

export interface ImportRow {
  row: number;
  date: string;
  kind: string;
  name: string;
  errors: DayErrors;
  action?: 'add' | 'change' | 'unchanged';
}

export interface ImportPlan {
  rows: ImportRow[];
  /** Column problems: keys of required columns missing. */
  missing: string[];
  valid: boolean;
  counts: { add: number; change: number; unchanged: number; invalid: number };
}

/**
 * A table (header + rows, as the imports module reads CSV/XLSX) planned against the days already
 * entered for `year`: each valid row adds a date or changes its kind/name; days not in the file stay.
 */
export function planImport(headers: CellValue[], rows: readonly { row: number; cells: CellValue[] }[], year: number, existing: readonly DayInput[]): ImportPlan {
  const index: Partial<Record<'date' | 'kind' | 'name', number>> = {};
  headers.forEach((h, i) => {
    const name = normaliseHeader(h).name;
    for (const [field, words] of Object.entries(HEADERS) as ['date' | 'kind' | 'name', readonly string[]][]) {
      if (index[field] === undefined && words.includes(name)) index[field] = i;
    }
  });
  const missing = (['date', 'kind', 'name'] as const).filter((f) => index[f] === undefined);
  const counts = { add: 0, change: 0, unchanged: 0, invalid: 0 };
  if (missing.length) return { rows: [], missing, valid: false, counts };
  const byDate = new Map(existing.map((d) => [d.date, d]));
  const seen = new Set<string>();
  const out: ImportRow[] = rows.map(({ row, cells }) => {
    const rawDate = cells[index.date!];
    const date = parseDate(rawDate) ?? String(rawDate ?? '').trim();
    const kind = kindOf(cells[index.kind!]);
    const name = String(cells[index.name!] ?? '').trim();
    const checked = validateDay({ date, kind, name }, year, seen);
    if (!checked.ok) {
      counts.invalid++;
      return { row, date, kind, name, errors: checked.errors };
    }
    seen.add(date);
    const before = byDate.get(date);
    const action = !before ? 'add' : before.kind === kind && before.name === checked.day.name ? 'unchanged' : 'change';
    counts[action]++;
    return { row, ...checked.day, errors: {}, action };
  });
  return { rows: out, missing, valid: counts.invalid === 0 && out.length > 0, counts };
}

/** Whether the warning for next year's calendar is due: from 1 November until next year is published. */
export function nextYearWarningDue(today: string, published: ReadonlySet<number>): boolean {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '11-01' && !published.has(year + 1);
}
