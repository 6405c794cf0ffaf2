import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { batchOptions, decideBatch, type BatchAction, type BatchFacts, type BatchState } from './batch.policy.js';

const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

const TODAY = '2026-06-15';
const OPEN: BatchState = { status: 'open', noticeEndsOn: null };
const RUNNING: BatchState = { status: 'notice', noticeEndsOn: '2026-06-20' };
const ENDS_TODAY: BatchState = { status: 'notice', noticeEndsOn: TODAY };
const ENDED: BatchState = { status: 'notice', noticeEndsOn: '2026-06-10' };
const ANNOUNCED: BatchState = { status: 'announced', noticeEndsOn: '2026-06-10' };
const f = (over: Partial<BatchFacts> = {}): BatchFacts => ({ asOf: TODAY, active: 2, undecided: ['TR-1', 'TR-2'], openObjections: 0, ...over });

describe('batch actions: role × stage × facts (the service enforces, the page shows the same answer)', () => {
  // role, batch, action, facts, expected
  const cases: [string, BatchState, BatchAction, BatchFacts, string][] = [
    ['manager', OPEN, 'assign', f(), 'allow'], ['admin', OPEN, 'remove', f(), 'allow'],
    ['officer', OPEN, 'assign', f(), '403 batch.denied.manager'], ['enterprise', OPEN, 'assign', f(), '403 batch.denied.manager'], ['root', OPEN, 'assign', f(), '403 batch.denied.manager'],
    ['manager', RUNNING, 'assign', f(), '409 batch.notOpen'], ['manager', RUNNING, 'remove', f(), '409 batch.notOpen'],
    ['manager', OPEN, 'openNotice', f(), 'allow'], ['manager', OPEN, 'openNotice', f({ active: 0 }), '409 batch.empty'], ['manager', RUNNING, 'openNotice', f(), '409 batch.notOpen'],
    ['manager', OPEN, 'approve', f(), '409 batch.notOnNotice'],
    ['manager', RUNNING, 'approve', f(), '409 application.veto.noticeRunning'],
    ['manager', ENDS_TODAY, 'approve', f(), '409 application.veto.noticeRunning'],
    ['manager', ENDED, 'approve', f(), 'allow'], ['manager', ENDED, 'approve', f({ undecided: [] }), '409 batch.nothingToDecide'],
    ['manager', RUNNING, 'reject', f(), 'allow'], ['manager', RUNNING, 'reject', f({ undecided: [] }), '409 batch.nothingToDecide'],
    ['officer', ENDED, 'approve', f(), '403 batch.denied.manager'],
    ['manager', RUNNING, 'announce', f({ undecided: [] }), '409 batch.noticeRunning'],
    ['manager', ENDED, 'announce', f(), '409 batch.undecided'],
    ['manager', ENDED, 'announce', f({ undecided: [], openObjections: 1 }), '409 batch.openObjections'],
    ['manager', ENDED, 'announce', f({ undecided: [] }), 'allow'],
    ['manager', ANNOUNCED, 'announce', f({ undecided: [] }), '409 batch.notOnNotice'],
  ];
  it.each(cases)('%s: %j %s → %s', (role, b, action, facts, expected) => {
    expect(outcome(decideBatch(actor(role), b, action, facts))).toBe(expected);
  });
});

describe('the batch page offers the actions of the stage, disabled with the reason when they would fail', () => {
  const page = (role: string, b: BatchState, facts: BatchFacts) => batchOptions(actor(role), b, facts).map((o) => `${o.action}:${o.allowed ? 'allow' : o.reason!.key}`).join(' ');
  // role, batch, facts, expected
  const cases: [string, BatchState, BatchFacts, string][] = [
    ['manager', OPEN, f(), 'assign:allow remove:allow openNotice:allow'],
    ['manager', OPEN, f({ active: 0 }), 'assign:allow remove:allow openNotice:batch.empty'],
    ['manager', RUNNING, f(), 'approve:application.veto.noticeRunning reject:allow announce:batch.noticeRunning'],
    ['manager', ENDED, f({ openObjections: 1 }), 'approve:batch.openObjections reject:allow announce:batch.undecided'],
    ['manager', ENDED, f(), 'approve:allow reject:allow announce:batch.undecided'],
    ['manager', ENDED, f({ undecided: [] }), 'approve:batch.nothingToDecide reject:batch.nothingToDecide announce:allow'],
    ['manager', ANNOUNCED, f(), ''],
    ['officer', RUNNING, f(), ''],
  ];
  it.each(cases)('%s: %j → %s', (role, b, facts, expected) => {
    expect(page(role, b, facts)).toBe(expected);
  });
  it('a running notice names its end in the reason', () => {
    expect(batchOptions(actor('manager'), RUNNING, f()).find((o) => o.action === 'approve')!.reason).toEqual({ key: 'application.veto.noticeRunning', params: { endsOn: '2026-06-20' } });
  });
});
