import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { COLUMNS, type ImportKind } from './import-columns.js';
import type { ImportJob } from './import-job.entity.js';
import { importSource } from './import-source.js';

export const REPORT_ERROR_LIMIT = 1000;

interface PreviewEntry {
  row: number;
  action: string;
  key: string;
  changes: { field: string; from: unknown; to: unknown }[];
}

/** A job as the API and the report page show it: counts, errors and notes in the reader's language. */
export function mapImportJob(job: ImportJob, locale: Locale) {
  const defs = COLUMNS[job.kind as ImportKind] ?? [];
  const label = (field: string) => {
    const def = defs.find((d) => d.key === field);
    return def ? (locale === 'en' ? def.en : def.zh) : field;
  };
  const errors = job.errors ?? [];
  return {
    id: job.id,
    kind: job.kind,
    source: importSource(job.kind, job.source),
    status: job.status,
    committable: job.status === 'planned',
    fileName: job.fileName,
    fileFormat: job.fileFormat,
    fileSha256: job.fileSha256,
    fileSize: job.fileSize,
    createdBy: job.createdByName,
    createdAt: job.createdAt,
    committedAt: job.committedAt,
    counts: { total: job.totalRows, create: job.createCount, update: job.updateCount, unchanged: job.unchangedCount, error: job.errorCount },
    errors: errors.slice(0, REPORT_ERROR_LIMIT).map((e) => ({ row: e.row, column: e.column, message: translate(locale, e.key, e.params ?? {}) })),
    errorsTotal: errors.length,
    warnings: (job.warnings ?? []).map((w) => translate(locale, w.key, w.params ?? {})),
    preview: ((job.preview ?? []) as PreviewEntry[]).map((p) => ({
      row: p.row, action: p.action, key: p.key,
      changes: p.changes.map((c) => ({ field: c.field, label: label(c.field), from: show(c.from), to: show(c.to) })),
    })),
  };
}
export type ImportJobView = ReturnType<typeof mapImportJob>;

function show(v: unknown): string | number | boolean | null {
  if (Array.isArray(v)) return v.join(', ');
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
}
