import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Actor } from '../auth/actor.js';
import type { AuditService } from './audit.service.js';

/** The client went away mid-download (closed tab, cancelled, network cut). */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the export finished');
  }
}

/** Throws ClientGoneError once the response can no longer be written. */
export function assertOpen(out: Writable): void {
  if (out.destroyed) throw new ClientGoneError();
}

/**
 * Waits until `out` can take more, or fails with ClientGoneError when it closes first — a plain
 * `once(out, 'drain')` waits forever (and keeps the export's query open) once the client is gone.
 */
export function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ClientGoneError());
  return new Promise<void>((resolve, reject) => {
    const done = () => { off(); resolve(); };
    const gone = () => { off(); reject(new ClientGoneError()); };
    const off = () => { out.off('drain', done); out.off('close', gone); out.off('error', gone); };
    out.on('drain', done);
    out.on('close', gone);
    out.on('error', gone);
  });
}

/** `work`, or ClientGoneError as soon as `out` closes first (a stream piped into a closed response never ends). */
export async function unlessClosed<T>(out: Writable, work: Promise<T>): Promise<T> {
  assertOpen(out);
  let off = () => {};
  const gone = new Promise<never>((_, reject) => {
    const onClose = () => { if (!out.writableFinished) reject(new ClientGoneError()); };
    out.once('close', onClose);
    off = () => out.off('close', onClose);
  });
  try {
    return await Promise.race([work, gone]);
  } finally {
    off();
  }
}

/** Writes `text`, waiting for the client when its buffer is full. */
export async function send(out: Writable, text: string): Promise<void> {
  assertOpen(out);
  if (!out.write(text)) await drained(out);
}

export interface ExportSubject {
  /** What is exported: `enterprise`, `cultivation_candidate`, `report`. */
  entity: string;
  format: string;
  filters: Record<string, unknown>;
}

const compactFilters = (filters: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '' && v !== null)));

/**
 * An export's audit trail: one entry when it starts (before the first byte, so an export that
 * never finishes is still on record) and one when it finishes or is cut off. Entries are
 * `action: 'export'` with `phase` started | finished | aborted, linked by the export id.
 */
export class ExportTrail {
  private closed = false;

  private constructor(private readonly audit: AuditService, private readonly actor: Actor, private readonly subject: ExportSubject, readonly id: string) {}

  static async start(audit: AuditService, actor: Actor, subject: ExportSubject): Promise<ExportTrail> {
    const trail = new ExportTrail(audit, actor, subject, randomUUID());
    await trail.write('started', {});
    return trail;
  }

  finished(rows: number, extra: Record<string, unknown> = {}): Promise<void> {
    return this.end('finished', { rows, ...extra });
  }

  /**
   * For a response sent in one piece (a workbook built in memory): finished when the last byte
   * is handed to the connection, aborted when the connection closes first.
   */
  follow(res: Writable, rows: number, extra: Record<string, unknown>, onError: (err: unknown) => void): void {
    res.once('finish', () => void this.finished(rows, extra).catch(onError));
    res.once('close', () => {
      if (!res.writableFinished) void this.aborted(new ClientGoneError(), 0).catch(onError);
    });
  }

  aborted(err: unknown, rows?: number): Promise<void> {
    return this.end('aborted', { reason: err instanceof ClientGoneError ? 'client' : 'error', ...(rows === undefined ? {} : { rows }) });
  }

  private async end(phase: 'finished' | 'aborted', extra: Record<string, unknown>): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.write(phase, extra);
  }

  private write(phase: string, extra: Record<string, unknown>): Promise<void> {
    return this.audit.recordStandalone(this.actor, {
      action: 'export', entity: this.subject.entity, entityId: this.id,
      after: { phase, format: this.subject.format, filters: compactFilters(this.subject.filters), ...extra },
    });
  }
}
