import type { CellValue } from '../imports/import-columns.js';
import type { RawTable } from '../imports/import-file.js';
import { PLAN_METRICS, type TargetMetric } from './target.entity.js';

/**
 * Targets pasted from a spreadsheet (a plan's district targets are a table of districts × years):
 * the header row names the columns in Chinese or English, each further row is one target. This
 * file only reads the table into typed rows and says what is wrong with each; the service checks
 * plan periods and districts and writes. Pure.
 */
export const TARGET_IMPORT_MAX_ROWS = 2000;

const HEADERS: Record<string, keyof ImportedTargetRaw> = {
  指标: 'metric', metric: 'metric', indicator: 'metric',
  年度: 'year', 年份: 'year', year: 'year',
  区: 'district', 区划代码: 'district', 范围: 'district', district: 'district', districtcode: 'district', area: 'district',
  目标值: 'value', 目标: 'value', value: 'value', target: 'value',
  来源文件: 'source', 来源: 'source', source: 'source',
  说明: 'note', 备注: 'note', note: 'note',
};

interface ImportedTargetRaw {
  metric: string;
  year: string;
  district: string;
  value: string;
  source: string;
  note: string;
}

export interface ImportedTarget {
  row: number;
  metric: TargetMetric;
  year: number;
  /** '' = the whole city; otherwise what the cell said (a code or a name), resolved by the service. */
  district: string;
  value: number;
  source: string | null;
  note: string | null;
}

export interface ImportProblem {
  row: number;
  /** Catalogue key suffix under reports.import.error. */
  reason: 'metric' | 'year' | 'value' | 'source' | 'note' | 'columns' | 'tooMany' | 'duplicate';
}

const text = (c: CellValue): string => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).trim();

/** Metric cells may hold the code or its label in either language (`labels`: label → code). */
export function readTargetTable(table: RawTable, labels: ReadonlyMap<string, TargetMetric>): { rows: ImportedTarget[]; problems: ImportProblem[] } {
  const columns = table.headers.map((h) => HEADERS[text(h).replace(/[\s_]/g, '').toLowerCase()] ?? HEADERS[text(h)] ?? null);
  const problems: ImportProblem[] = [];
  if (!['metric', 'year', 'value'].every((c) => columns.includes(c as keyof ImportedTargetRaw))) return { rows: [], problems: [{ row: 1, reason: 'columns' }] };
  if (table.rows.length > TARGET_IMPORT_MAX_ROWS) return { rows: [], problems: [{ row: 1, reason: 'tooMany' }] };
  const rows: ImportedTarget[] = [];
  const seen = new Set<string>();
  for (const { row, cells } of table.rows) {
    const raw = { metric: '', year: '', district: '', value: '', source: '', note: '' } as ImportedTargetRaw;
    columns.forEach((c, i) => { if (c) raw[c] = text(cells[i]); });
    const metric = (PLAN_METRICS as readonly string[]).includes(raw.metric) ? (raw.metric as TargetMetric) : labels.get(raw.metric);
    const year = /^\d{4}$/.test(raw.year) ? Number(raw.year) : Number.NaN;
    const value = /^\d+(\.\d+)?%?$/.test(raw.value.replace(/,/g, '')) ? Number(raw.value.replace(/[,%]/g, '')) : Number.NaN;
    const before = problems.length;
    if (!metric) problems.push({ row, reason: 'metric' });
    if (!Number.isInteger(year) || year < 2000 || year > 2100) problems.push({ row, reason: 'year' });
    if (!Number.isFinite(value)) problems.push({ row, reason: 'value' });
    if (raw.source.length > 200) problems.push({ row, reason: 'source' });
    if (raw.note.length > 200) problems.push({ row, reason: 'note' });
    if (problems.length > before) continue;
    const key = `${metric}|${year}|${raw.district}`;
    if (seen.has(key)) {
      problems.push({ row, reason: 'duplicate' });
      continue;
    }
    seen.add(key);
    rows.push({ row, metric: metric!, year, district: raw.district, value, source: raw.source || null, note: raw.note || null });
  }
  return { rows, problems };
}
