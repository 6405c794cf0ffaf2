import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import { batchOptions, decideBatch, type BatchAction, type BatchState } from '../applications/batch.policy.js';
import { membershipMachine, membershipVerdict, type MembershipStatus, type Mover } from '../cultivation/membership-machine.js';
import { decidePolicy, policyCan, type PolicyAction } from '../policy/policy-module.policy.js';
import { ruleSetMachine, type RuleSetAction } from '../policy/rule-sets/rule-set-machine.js';
import type { RuleSetStatus } from '../policy/rule-sets/rule-set.entity.js';
import { decideEditReference, referenceCan, type ReferenceAction } from '../settings/reference.policy.js';
import { OFFER_MACHINE } from '../offers/offer-machine.js';
import type { OfferStatus } from '../offers/offer.entity.js';
import { decideRespond } from '../offers/offer.policy.js';
import { milestoneMachine, projectMachine, reportMachine, type MilestoneStatus, type ProjectFacts, type ProjectStatus, type ReportStatus } from '../projects/project-machines.js';
import { decideTransition } from '../projects/project.policy.js';
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

describe('offers: role × status × action', () => {
  // role, status, action, expected (the enterprise answers; matching, as the system actor "admin", withdraws, reopens, expires)
  const cases: [string, OfferStatus, string, string][] = [
    ['enterprise', 'open', 'accept', 'allow'], ['enterprise', 'open', 'decline', 'allow'],
    ['officer', 'open', 'accept', '403 state.denied.role'], ['manager', 'open', 'decline', '403 state.denied.role'], ['admin', 'open', 'accept', '403 state.denied.role'],
    ['enterprise', 'accepted', 'decline', '409 state.denied.status'], ['enterprise', 'withdrawn', 'accept', '409 state.denied.status'], ['enterprise', 'expired', 'accept', '409 state.denied.status'],
    ['admin', 'open', 'withdraw', 'allow'], ['admin', 'open', 'expire', 'allow'], ['admin', 'withdrawn', 'reopen', 'allow'], ['admin', 'withdrawn', 'expire', 'allow'],
    ['admin', 'accepted', 'withdraw', '409 state.denied.status'], ['admin', 'declined', 'reopen', '409 state.denied.status'], ['admin', 'open', 'reopen', '409 state.denied.status'],
    ['enterprise', 'open', 'withdraw', '403 state.denied.role'], ['officer', 'withdrawn', 'reopen', '403 state.denied.role'],
    ['enterprise', 'open', 'claim', '400 state.denied.unknown'],
  ];
  it.each(cases)('%s: %s %s → %s', (role, status, action, expected) => {
    expect(outcome(verdictDecision(OFFER_MACHINE.decide(status, action, role as Actor['role'], null)))).toBe(expected);
  });
  // The policy's own wording of the enterprise's answers (what the pages and the API send).
  const answers: [string, OfferStatus, 'accept' | 'decline', string][] = [
    ['enterprise', 'open', 'accept', 'allow'], ['officer', 'open', 'accept', '403 offer.denied.respond'], ['manager', 'open', 'decline', '403 offer.denied.respond'],
    ['enterprise', 'declined', 'accept', '409 offer.illegal'], ['enterprise', 'withdrawn', 'decline', '409 offer.illegal'],
  ];
  it.each(answers)('answering as %s: %s %s → %s', (role, status, action, expected) => expect(outcome(decideRespond(actor(role), { status }, action))).toBe(expected));
});

describe('projects: role × status × action', () => {
  const facts = (comment: string | null, openMilestones = 0): ProjectFacts => ({ comment, openMilestones });
  // role, status, action, comment, open milestones, expected (policy first, then the row's guards)
  const project: [string, ProjectStatus, string, string | null, number, string][] = [
    ['officer', 'active', 'suspend', 'supplier late', 0, 'allow'], ['admin', 'active', 'suspend', 'x', 0, 'allow'],
    ['officer', 'active', 'suspend', null, 0, 'guard project.validation.commentRequired'],
    ['manager', 'active', 'suspend', 'x', 0, '403 project.denied.role'], ['enterprise', 'active', 'suspend', 'x', 0, '403 project.denied.role'],
    ['officer', 'suspended', 'resume', null, 0, 'allow'], ['officer', 'active', 'resume', null, 0, '409 project.denied.status'],
    ['officer', 'active', 'complete', null, 0, 'allow'], ['officer', 'active', 'complete', null, 2, 'guard project.denied.milestonesOpen'],
    ['officer', 'suspended', 'complete', null, 0, '409 project.denied.status'], ['enterprise', 'active', 'complete', null, 0, '403 project.denied.role'],
    ['manager', 'active', 'terminate', 'budget withdrawn', 0, 'allow'], ['manager', 'suspended', 'terminate', 'x', 0, 'allow'],
    ['manager', 'active', 'terminate', ' ', 0, 'guard project.validation.commentRequired'], ['officer', 'active', 'terminate', 'x', 0, '403 project.denied.role'],
    ['manager', 'completed', 'terminate', 'x', 0, '409 project.denied.status'], ['admin', 'terminated', 'resume', null, 0, '409 project.denied.status'],
  ];
  it.each(project)('%s: project %s %s (comment %j, open milestones %d) → %s', (role, status, action, comment, open, expected) => {
    const d = decideTransition(actor(role), projectMachine, status, action);
    if (!d.allowed) return expect(outcome(d)).toBe(expected);
    const v = projectMachine.decide(status, action, role as Actor['role'], undefined, facts(comment, open));
    expect(v.allowed ? 'allow' : `guard ${v.veto.messageKey}`).toBe(expected);
  });

  const report: [string, ReportStatus, string, string][] = [
    ['officer', 'submitted', 'accept', 'allow'], ['admin', 'submitted', 'return', 'allow'], ['manager', 'submitted', 'accept', '403 project.denied.role'],
    ['enterprise', 'submitted', 'accept', '403 project.denied.role'], ['officer', 'accepted', 'return', '409 project.denied.status'],
    ['enterprise', 'returned', 'resubmit', 'allow'], ['enterprise', 'submitted', 'resubmit', '409 project.denied.status'], ['officer', 'returned', 'resubmit', '403 project.denied.role'],
  ];
  it.each(report)('%s: report %s %s → %s', (role, status, action, expected) => expect(outcome(decideTransition(actor(role), reportMachine, status, action))).toBe(expected));

  const milestone: [string, MilestoneStatus, string][] = [
    ['officer', 'open', 'allow'], ['admin', 'open', 'allow'], ['manager', 'open', '403 project.denied.role'], ['enterprise', 'open', '403 project.denied.role'], ['officer', 'accepted', '409 project.denied.status'],
  ];
  it.each(milestone)('%s: milestone %s accept → %s', (role, status, expected) => expect(outcome(decideTransition(actor(role), milestoneMachine, status, 'accept'))).toBe(expected));
});
