import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { auditMany } from './audit-many.js';
import { AuditService, type AuditChange } from './audit.service.js';

/**
 * The one way to record what happened to a record with a status (issue 13): the module's history
 * row (if it keeps a history table) AND the audit entry, both through the caller's transaction
 * manager, so they commit or roll back with the change they describe.
 *
 *   const APPLICATION_HISTORY = defineHistory({ entity: 'application', write: (em, row) => em.insert(…) });
 *   await this.history.record(em, {
 *     subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId },
 *     actor, action: 'submit', from: 'draft', to: 'submitted', note: comment, data,
 *     audit: { action: 'application.submit' },          // optional: overrides of the default entry
 *   });
 *
 * The default audit entry is { action, entity: table.entity, entityId: id, enterpriseId,
 * before: { status: from }, after: { status: to } }; `audit` replaces any of its fields (a module
 * keeps its established audit wording). `audit: false` writes the history row only — for rows that
 * restate something audited elsewhere (a re-evaluation's outcome on a pool member). A table
 * without `write` (batches, rule sets) keeps its history in the audit log alone.
 */
export interface HistoryRow {
  subjectId: number;
  action: string | null;
  from: string | null;
  to: string | null;
  actor: Actor;
  note: string | null;
  data: Record<string, unknown> | null;
  /** The module's kind of entry (applications: transition, comment, document …). */
  kind: string | null;
  /** Shown to the enterprise (applications); the module decides what to do with it. */
  isPublic: boolean;
  at: Date;
}

export interface HistoryTable {
  /** The audit entry's entity (application, cultivation_membership, application_batch, rule_set …). */
  entity: string;
  /** Inserts the module's history row; absent when the audit log is the history. */
  write?: (em: EntityManager, row: HistoryRow) => Promise<unknown>;
}

export const defineHistory = (table: HistoryTable): HistoryTable => table;

export interface HistoryEntry {
  subject: { table: HistoryTable; id: number; enterpriseId?: number | null };
  actor: Actor;
  /** null for entries that are not an action (a comment, an upload): then `audit.action` is needed. */
  action: string | null;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  kind?: string;
  isPublic?: boolean;
  at?: Date;
  audit?: Partial<AuditChange> | false;
}

/** The history row of an entry (pure; exported for tests). */
export function historyRow(e: HistoryEntry, at: Date): HistoryRow {
  return {
    subjectId: e.subject.id, action: e.action, from: e.from ?? null, to: e.to ?? null, actor: e.actor, note: e.note ?? null,
    data: e.data ?? null, kind: e.kind ?? null, isPublic: e.isPublic ?? true, at,
  };
}

/** The audit entry of an entry, or null (pure; exported for tests). */
export function historyAudit(e: HistoryEntry): AuditChange | null {
  if (e.audit === false) return null;
  return {
    action: e.action ?? e.kind ?? 'history', entity: e.subject.table.entity, entityId: e.subject.id, enterpriseId: e.subject.enterpriseId ?? null,
    before: e.from === undefined ? null : { status: e.from }, after: e.to === undefined ? null : { status: e.to },
    ...(e.audit ?? {}),
  };
}

@Injectable()
export class HistoryService {
  constructor(private readonly audit: AuditService) {}

  async record(em: EntityManager, entry: HistoryEntry): Promise<void> {
    const at = entry.at ?? new Date();
    if (entry.subject.table.write) await entry.subject.table.write(em, historyRow(entry, at));
    const change = historyAudit(entry);
    if (change) await this.audit.record(em, entry.actor, change);
  }

  /**
   * The same for many subjects changed by one actor in one run (matching withdraws thousands of
   * offers): the rows one by one, the audit entries in multi-row inserts (auditMany).
   */
  async recordMany(em: EntityManager, actor: Actor, entries: Omit<HistoryEntry, 'actor'>[]): Promise<void> {
    const at = new Date();
    const full = entries.map((e): HistoryEntry => ({ ...e, actor }));
    for (const e of full) if (e.subject.table.write) await e.subject.table.write(em, historyRow(e, e.at ?? at));
    const changes = full.map(historyAudit).filter((c): c is AuditChange => c !== null);
    if (changes.length) await auditMany(em, actor, changes);
  }
}
