import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { AuditChange, AuditService } from './audit.service.js';
import { defineHistory, historyAudit, HistoryService, type HistoryEntry, type HistoryRow } from './history.service.js';

const actor = { userId: 5, username: 'mgr', displayName: 'Manager Li', role: 'manager', districtCode: null, zoneCode: null, enterpriseId: null, locale: 'zh-CN' } as Actor;

/** A recording fake: what was written, through which manager. */
function harness() {
  const writes: { em: unknown; row: HistoryRow }[] = [];
  const audits: { em: unknown; actor: Actor; change: AuditChange }[] = [];
  const audit = { record: async (em: EntityManager, a: Actor, change: AuditChange) => void audits.push({ em, actor: a, change }) } as unknown as AuditService;
  const table = defineHistory({ entity: 'thing', write: async (em, row) => void writes.push({ em, row }) });
  return { writes, audits, table, service: new HistoryService(audit) };
}
const em = { name: 'the caller’s transaction' } as unknown as EntityManager;

describe('HistoryService.record', () => {
  it('writes the history row and the audit entry through the caller’s manager', async () => {
    const h = harness();
    const at = new Date('2026-06-01T02:00:00Z');
    await h.service.record(em, { subject: { table: h.table, id: 9, enterpriseId: 3 }, actor, action: 'submit', from: 'draft', to: 'submitted', note: 'ok', data: { n: 1 }, at });
    expect(h.writes).toEqual([{ em, row: { subjectId: 9, action: 'submit', from: 'draft', to: 'submitted', actor, note: 'ok', data: { n: 1 }, kind: null, isPublic: true, at } }]);
    expect(h.audits).toEqual([{ em, actor, change: { action: 'submit', entity: 'thing', entityId: 9, enterpriseId: 3, before: { status: 'draft' }, after: { status: 'submitted' } } }]);
  });

  it('a table without a writer keeps its history in the audit log only', async () => {
    const h = harness();
    await h.service.record(em, { subject: { table: defineHistory({ entity: 'rule_set' }), id: 4 }, actor, action: 'publish', from: 'draft', to: 'active' });
    expect(h.writes).toEqual([]);
    expect(h.audits.map((a) => a.change.entity)).toEqual(['rule_set']);
  });

  it('`audit: false` writes the row only', async () => {
    const h = harness();
    await h.service.record(em, { subject: { table: h.table, id: 1 }, actor, action: 'progress', from: 'admitted', to: 'admitted', audit: false });
    expect(h.writes).toHaveLength(1);
    expect(h.audits).toEqual([]);
  });
});

describe('historyAudit: the default entry and the module’s overrides', () => {
  const table = defineHistory({ entity: 'application' });
  const base: HistoryEntry = { subject: { table, id: 2, enterpriseId: 8 }, actor, action: 'approve', from: 'public-notice', to: 'approved' };
  // overrides, expected (action, entity, entityId, enterpriseId, before, after)
  const cases: [string, Partial<HistoryEntry>, Partial<AuditChange>][] = [
    ['default', {}, { action: 'approve', entity: 'application', entityId: 2, enterpriseId: 8, before: { status: 'public-notice' }, after: { status: 'approved' } }],
    ['prefixed action', { audit: { action: 'application.approve' } }, { action: 'application.approve' }],
    ['another entity', { audit: { entity: 'objection', entityId: 77 } }, { entity: 'objection', entityId: 77, enterpriseId: 8 }],
    ['no status (a comment)', { action: null, kind: 'comment', from: undefined, to: undefined }, { action: 'comment', before: null, after: null }],
    ['a creation', { from: null, audit: { before: null } }, { before: null, after: { status: 'approved' } }],
  ];
  it.each(cases)('%s', (_name, over, expected) => expect(historyAudit({ ...base, ...over })).toMatchObject(expected));
});

describe('HistoryService.recordMany (a run that changes many records: offer matching)', () => {
  /** A manager whose multi-row inserts are recorded (auditMany's path). */
  function bulkEm() {
    const inserted: Record<string, unknown>[][] = [];
    const qb = { insert: () => qb, into: () => qb, values: (rows: Record<string, unknown>[]) => (inserted.push(rows), qb), updateEntity: () => qb, execute: async () => ({}) };
    return { inserted, em: { createQueryBuilder: () => qb } as unknown as EntityManager };
  }

  it('writes each row and the audit entries in one insert, keeping the module’s wording', async () => {
    const h = harness();
    const { inserted, em: manager } = bulkEm();
    await h.service.recordMany(manager, actor, [
      { subject: { table: h.table, id: 1, enterpriseId: 11 }, action: 'withdraw', from: 'open', to: 'withdrawn', audit: { action: 'offer.withdraw', after: { status: 'withdrawn', reason: 'claimed' } } },
      { subject: { table: h.table, id: 2, enterpriseId: 12 }, action: 'expire', from: 'open', to: 'expired' },
      { subject: { table: h.table, id: 3 }, action: 'note', audit: false },
    ]);
    expect(h.writes.map((w) => [w.row.subjectId, w.row.action, w.row.actor.username])).toEqual([[1, 'withdraw', 'mgr'], [2, 'expire', 'mgr'], [3, 'note', 'mgr']]);
    expect(h.audits).toEqual([]); // not one by one
    expect(inserted).toHaveLength(1);
    expect(inserted[0]!.map((r) => [r.action, r.entity, r.entityId, r.enterpriseId, r.before, r.after])).toEqual([
      ['offer.withdraw', 'thing', '1', 11, { status: 'open', reason: null }, { status: 'withdrawn', reason: 'claimed' }], // changed fields only, as AuditService.record
      ['expire', 'thing', '2', 12, { status: 'open' }, { status: 'expired' }],
    ]);
  });
});
