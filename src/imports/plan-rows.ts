import type { ImportRow, ImportRowError } from './import-job.entity.js';

/**
 * The part every import planner shares (pure): one row per natural key in the file, each linked to an
 * enterprise the actor sees, and the field-by-field changes a row makes to the record on file.
 */

export type Action = 'create' | 'update' | 'unchanged';
export type Changes = Record<string, { from: unknown; to: unknown }>;

/** One row's planned write, computed from the file and the current data (dry run and commit alike). */
export interface Planned {
  row: number;
  action: Action;
  key: string;
  /** Existing record (update): id and version read, for the conditional UPDATE. */
  id?: number;
  version?: number;
  enterpriseId?: number;
  values: Record<string, unknown>;
  changes: Changes;
}

export interface LinkedRow<E> {
  row: number;
  values: Record<string, unknown>;
  key: string;
  enterprise: E;
}

/**
 * Rows with a key seen earlier in the file are refused (`duplicateInFile`, blamed on `duplicateColumn`),
 * then rows whose USCC links to no visible enterprise (`unknownEnterprise`: outside the scope reads
 * exactly like unknown). The rest come back in file order with their key and enterprise.
 */
export function linkedRows<E>(
  rows: ImportRow[],
  opts: { keyOf(values: Record<string, unknown>): string; link(uscc: string): E | null; duplicateColumn: string; usccColumn: string },
  errors: ImportRowError[],
): LinkedRow<E>[] {
  const out: LinkedRow<E>[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const key = opts.keyOf(values);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row, column: opts.duplicateColumn, key: 'import.error.duplicateInFile', params: { row: first } });
      continue;
    }
    seen.set(key, row);
    const enterprise = opts.link(String(values.uscc));
    if (!enterprise) {
      errors.push({ row, column: opts.usccColumn, key: 'import.error.unknownEnterprise' });
      continue;
    }
    out.push({ row, values, key, enterprise });
  }
  return out;
}

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields a new record gets from the file (what it states; left-out fields are not changes). */
export function createChanges(wanted: Record<string, unknown>): Changes {
  return Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined).map(([k, v]) => [k, { from: null, to: v }]));
}

/** What the file changes on an existing record: stated fields that differ; the file never clears one. */
export function updateChanges(before: Record<string, unknown>, wanted: Record<string, unknown>, equal: (a: unknown, b: unknown) => boolean = same): Changes {
  const changes: Changes = {};
  for (const [k, v] of Object.entries(wanted)) if (v !== undefined && !equal(before[k], v)) changes[k] = { from: before[k] ?? null, to: v };
  return changes;
}

/** An update of a record on file, or `unchanged` when the file changes nothing. */
export function plannedUpdate(row: LinkedRow<{ id: number }>, record: { id: number; version: number }, changes: Changes): Planned {
  return {
    row: row.row, action: Object.keys(changes).length ? 'update' : 'unchanged', key: row.key, id: record.id, version: record.version,
    enterpriseId: row.enterprise.id, values: row.values, changes,
  };
}
