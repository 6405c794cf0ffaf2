import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import { batchOptions, decideBatch, type BatchAction, type BatchState } from '../applications/batch.policy.js';
import { membershipMachine, membershipVerdict, type MembershipStatus, type Mover } from '../cultivation/membership-machine.js';
import { decidePolicy, policyCan, type PolicyAction } from '../policy/policy-module.policy.js';
import { ruleSetMachine, type RuleSetAction } from '../policy/rule-sets/rule-set-machine.js';
import type { RuleSetStatus } from '../policy/rule-sets/rule-set.entity.js';
import { decideEditReference, referenceCan, type ReferenceAction } from '../settings/reference.policy.js';
import type { Decision } from './policy.js';
import { verdictDecision } from './state-machine.js';

/**
 * The middle tier (issue 13): who may take which transition, one line per role × status × action,
 * answered by the machines and policies the services enforce (403 role, 409 status or guard, 400
 * a missing comment) — the same answers the pages show as disabled buttons with their reasons.
 */
const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: '120116', zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

describe('pool memberships: role × status × action', () => {
  // role, status, action, comment, expected
  const cases: [Mover, MembershipStatus, string, string | null, string][] = [
    ['manager', 'proposed', 'admit', null, 'allow'],
    ['admin', 'proposed', 'admit', null, 'allow'],
    ['officer', 'proposed', 'admit', null, '403 cultivation.denied.transition'],
    ['enterprise', 'proposed', 'admit', null, '403 cultivation.denied.transition'],
    ['manager', 'proposed', 'decline', null, 'guard cultivation.veto.commentRequired'],
    ['manager', 'proposed', 'decline', 'not a seedling', 'allow'],
    ['officer', 'proposed', 'decline', 'x', '403 cultivation.denied.transition'],
    ['officer', 'proposed', 'withdraw', null, 'allow'],
    ['enterprise', 'proposed', 'withdraw', null, '403 cultivation.denied.transition'],
    ['officer', 'admitted', 'withdraw', null, '403 cultivation.denied.transition'],
    ['manager', 'admitted', 'withdraw', null, 'allow'],
    ['system', 'admitted', 'certify', null, 'allow'],
    ['system', 'admitted', 'roll-over', null, '403 cultivation.denied.transition'],
    ['manager', 'admitted', 'roll-over', null, 'allow'],
    ['manager', 'not-yet', 'roll-over', null, 'allow'],
    ['officer', 'not-yet', 'roll-over', null, '403 cultivation.denied.transition'],
    // The status speaks first: nobody admits an admitted member, whatever the role.
    ['officer', 'admitted', 'admit', null, '409 cultivation.illegal'],
    ['manager', 'certified', 'withdraw', null, '409 cultivation.illegal'],
    ['manager', 'rolled-over', 'roll-over', null, '409 cultivation.illegal'],
    ['manager', 'proposed', 'fly', null, '409 cultivation.illegal'],
  ];
  it.each(cases)('%s: %s %s (comment %j) → %s', (role, status, action, comment, expected) => {
    const v = membershipVerdict(status, action, role, { comment });
    expect(v.allowed ? 'allow' : v.reason === 'guard' ? `guard ${v.veto.messageKey}` : outcome(verdictDecision(v))).toBe(expected);
  });

  it('the buttons of a manager on a proposal: the decline button says a reason is needed', () => {
    const buttons = membershipMachine.options('proposed', 'manager', undefined, { comment: null }).map((v) => `${v.action}:${v.allowed ? 'allow' : v.veto.messageKey}`);
    expect(buttons).toEqual(['admit:allow', 'decline:cultivation.veto.commentRequired', 'withdraw:allow']);
  });
});

describe('batches: role × action (every fact satisfied)', () => {
  const OPEN: BatchState = { status: 'open', noticeEndsOn: null };
  const ENDED: BatchState = { status: 'notice', noticeEndsOn: '2026-06-10' };
  const facts = (undecided: string[]) => ({ asOf: '2026-06-15', active: 1, undecided, openObjections: 0 });
  const roles = ['admin', 'manager', 'officer', 'enterprise'] as const;
  // action, batch, undecided, expected per role (admin, manager, officer, enterprise)
  const cases: [BatchAction, BatchState, string[], string[]][] = [
    ['assign', OPEN, [], ['allow', 'allow', '403 batch.denied.manager', '403 batch.denied.manager']],
    ['openNotice', OPEN, [], ['allow', 'allow', '403 batch.denied.manager', '403 batch.denied.manager']],
    ['approve', ENDED, ['TR-1'], ['allow', 'allow', '403 batch.denied.manager', '403 batch.denied.manager']],
    ['reject', ENDED, ['TR-1'], ['allow', 'allow', '403 batch.denied.manager', '403 batch.denied.manager']],
    ['announce', ENDED, [], ['allow', 'allow', '403 batch.denied.manager', '403 batch.denied.manager']],
    ['announce', OPEN, [], ['409 batch.notOnNotice', '409 batch.notOnNotice', '403 batch.denied.manager', '403 batch.denied.manager']],
  ];
  it.each(cases)('%s on %j (undecided %j) → %j', (action, b, undecided, expected) => {
    expect(roles.map((r) => outcome(decideBatch(actor(r), b, action, facts(undecided))))).toEqual(expected);
  });
  it.each(roles)('%s sees the buttons only when it runs batches', (role) => {
    expect(batchOptions(actor(role), OPEN, facts([])).length > 0).toBe(role === 'admin' || role === 'manager');
  });
});

describe('rule sets: role × status × action', () => {
  // role, status, action, expected
  const cases: [string, RuleSetStatus, RuleSetAction, string][] = [
    ['admin', 'draft', 'edit', 'allow'], ['admin', 'draft', 'publish', 'allow'], ['admin', 'draft', 'delete', 'allow'],
    ['admin', 'active', 'edit', '409 ruleSet.notDraft.edit'], ['admin', 'active', 'publish', '409 ruleSet.notDraft'],
    ['admin', 'retired', 'delete', '409 ruleSet.notDraft.delete'], ['admin', 'active', 'retire', 'allow'], ['admin', 'retired', 'retire', '409 state.denied.status'],
    ['manager', 'draft', 'edit', '403 ruleSet.denied.edit'], ['manager', 'draft', 'publish', '403 ruleSet.denied.edit'],
    ['officer', 'draft', 'publish', '403 ruleSet.denied.edit'], ['enterprise', 'draft', 'delete', '403 ruleSet.denied.edit'],
  ];
  it.each(cases)('%s: %s %s → %s', (role, status, action, expected) => {
    expect(outcome(verdictDecision(ruleSetMachine.decide(status, action, role as Actor['role'], undefined)))).toBe(expected);
  });
});

describe('policy module and reference data: role × action', () => {
  const roles = ['admin', 'manager', 'officer', 'enterprise', 'auditor'] as const;
  // action, allowed per role (admin, manager, officer, enterprise, auditor)
  const policy: [PolicyAction, boolean[]][] = [
    ['recordEvaluation', [true, true, true, false, true]],
    ['selfCheckOwnFile', [false, false, false, true, false]],
    ['runBatchEvaluation', [true, true, false, false, false]],
    ['previewImpact', [true, true, false, false, false]],
    ['editRuleSets', [true, false, false, false, false]],
  ];
  it.each(policy)('%s → %j', (action, expected) => expect(roles.map((r) => policyCan(actor(r), action))).toEqual(expected));
  it('a refused batch evaluation names its reason', () => expect(outcome(decidePolicy(actor('officer'), 'runBatchEvaluation'))).toBe('403 policy.denied.batch'));

  const reference: [ReferenceAction, boolean[]][] = [
    ['edit', [true, false, false, false, false]],
    ['seeCalendarStatus', [true, false, false, false, false]],
  ];
  it.each(reference)('reference %s → %j', (action, expected) => expect(roles.map((r) => referenceCan(actor(r), action))).toEqual(expected));
  it.each([['admin', 'allow'], ['manager', '403 reference.denied.edit'], ['toString', '403 reference.denied.edit']])('editing reference data as %s → %s', (role, expected) => {
    expect(outcome(decideEditReference(actor(role)))).toBe(expected);
  });
});
