import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { decideCreateApplication, decideEditApplication, decideRecordObjection, decideRepayment, decideResolveObjection, recordOptions, transitionOptions, type RecordFacts } from './application.policy.js';
import type { ApplicationType } from './workflow/workflows.js';

const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

const TODAY = '2026-06-15';
const facts = (over: Partial<RecordFacts> = {}): RecordFacts => ({ today: TODAY, missingDocuments: [], batch: null, openObjections: 0, upheldObjections: 0, ...over });
const NOTICE_RUNNING = { id: 1, status: 'notice', noticeEndsOn: '2026-06-20' };
const NOTICE_ENDED = { id: 1, status: 'notice', noticeEndsOn: '2026-06-10' };
const GATHERING = { id: 1, status: 'open', noticeEndsOn: null };

/** `action:allow` or `action:reasonKey`, in the table's order. */
const offered = (role: string, type: ApplicationType, tier: string | null, status: string, f: RecordFacts) =>
  transitionOptions(actor(role), { type, tier, status }, f).map((o) => `${o.action}:${o.allowed ? 'allow' : o.reason!.key}`).join(' ');

describe('transitions offered: role × status × record facts (the FSM decides the rows, the record guards the reasons)', () => {
  // role, type, tier, status, facts, expected
  const cases: [string, ApplicationType, string | null, string, RecordFacts, string][] = [
    ['manager', 'tier-recognition', 'young-eagle', 'municipal-review', facts(), 'return:allow reject:allow publish-notice:application.veto.noNoticeBatch'],
    ['manager', 'tier-recognition', 'young-eagle', 'municipal-review', facts({ batch: GATHERING }), 'return:allow reject:allow publish-notice:application.veto.noNoticeBatch'],
    ['manager', 'tier-recognition', 'young-eagle', 'municipal-review', facts({ batch: NOTICE_RUNNING }), 'return:allow reject:allow publish-notice:allow'],
    ['manager', 'tier-recognition', 'leader', 'municipal-review', facts(), 'return:allow reject:allow site-check:allow'],
    ['manager', 'tier-recognition', 'leader', 'on-site-check', facts(), 'publish-notice:application.veto.noNoticeBatch reject:allow'],
    ['manager', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_RUNNING }), 'approve:application.veto.noticeRunning reject:allow'],
    ['manager', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_ENDED }), 'approve:allow reject:allow'],
    ['manager', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_ENDED, openObjections: 1 }), 'approve:application.veto.openObjections reject:allow'],
    ['manager', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_ENDED, upheldObjections: 1 }), 'approve:application.veto.upheldObjection reject:allow'],
    ['admin', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_RUNNING }), 'approve:application.veto.noticeRunning reject:allow'],
    ['manager', 'high-tech-certification', null, 'expert-review', facts(), 'publish-notice:application.veto.noNoticeBatch reject:allow'],
    ['officer', 'tier-recognition', 'young-eagle', 'public-notice', facts({ batch: NOTICE_ENDED }), ''],
    ['officer', 'tier-recognition', 'young-eagle', 'municipal-review', facts(), ''],
    ['officer', 'tier-recognition', 'young-eagle', 'district-review', facts(), 'return:allow recommend:allow reject:allow'],
    ['enterprise', 'tier-recognition', 'young-eagle', 'draft', facts({ missingDocuments: ['ip-certificates'] }), 'submit:application.veto.documentsMissing withdraw:allow'],
    ['enterprise', 'tier-recognition', 'young-eagle', 'draft', facts(), 'submit:allow withdraw:allow'],
    ['enterprise', 'tier-recognition', 'young-eagle', 'municipal-review', facts(), 'withdraw:allow'],
    ['enterprise', 'tier-recognition', 'young-eagle', 'approved', facts(), ''],
    ['auditor', 'tier-recognition', 'young-eagle', 'municipal-review', facts(), ''],
    ['root', 'tier-recognition', 'young-eagle', 'draft', facts(), ''],
    // Guards that need the click's input (a comment, the pledge check with the step's data) do not disable.
    ['officer', 'ip-pledge-loan', null, 'post-loan-monitoring', facts(), 'cancel-pledge:allow declare-default:allow'],
  ];
  it.each(cases)('%s, %s %s in %s → %s', (role, type, tier, status, f, expected) => {
    expect(offered(role, type, tier, status, f)).toBe(expected.trim());
  });
});

describe('application record actions: role × status', () => {
  // decision, role, status, expected
  const cases: [string, string, string, string][] = [
    ['create', 'enterprise', '', 'allow'], ['create', 'officer', '', 'allow'], ['create', 'admin', '', 'allow'],
    ['create', 'manager', '', '403 application.denied.create'], ['create', 'auditor', '', '403 application.denied.create'], ['create', 'root', '', '403 application.denied.create'],
    ['edit', 'enterprise', 'draft', 'allow'], ['edit', 'officer', 'returned', 'allow'], ['edit', 'enterprise', 'submitted', '409 application.notEditable'],
    ['edit', 'manager', 'draft', '403 application.denied.edit'],
    ['recordObjection', 'manager', 'public-notice', 'allow'], ['recordObjection', 'officer', 'public-notice', 'allow'],
    ['recordObjection', 'officer', 'municipal-review', '409 objection.notOnNotice'], ['recordObjection', 'enterprise', 'public-notice', '403 objection.denied.record'],
    ['resolveObjection', 'manager', 'public-notice', 'allow'], ['resolveObjection', 'admin', 'public-notice', 'allow'],
    ['resolveObjection', 'officer', 'public-notice', '403 objection.denied.resolve'], ['resolveObjection', 'enterprise', 'public-notice', '403 objection.denied.resolve'],
    ['repay', 'officer', 'post-loan-monitoring', 'allow'], ['repay', 'admin', 'post-loan-monitoring', 'allow'],
    ['repay', 'manager', 'post-loan-monitoring', '403 loan.denied.repayment'], ['repay', 'enterprise', 'post-loan-monitoring', '403 loan.denied.staff'],
    ['repay', 'officer', 'bank-review', '409 loan.notMonitoring'],
  ];
  const decide = (what: string, role: string, status: string): Decision => {
    const a = actor(role);
    if (what === 'create') return decideCreateApplication(a);
    if (what === 'edit') return decideEditApplication(a, { status });
    if (what === 'recordObjection') return decideRecordObjection(a, { status });
    if (what === 'resolveObjection') return decideResolveObjection(a);
    return decideRepayment(a, { type: 'ip-pledge-loan', status });
  };
  it.each(cases)('%s by %s (%s) → %s', (what, role, status, expected) => {
    expect(outcome(decide(what, role, status))).toBe(expected);
  });
});

describe('record actions offered with an application: forbidden to the role → left out; not now → disabled with the reason', () => {
  const listed = (role: string, type: ApplicationType, status: string, hasLoan = false) =>
    recordOptions(actor(role), { type, status, hasLoan }).map((o) => `${o.action}:${o.allowed ? 'allow' : o.reason!.key}`).join(' ');
  // role, type, status, hasLoan, expected
  const cases: [string, ApplicationType, string, boolean, string][] = [
    ['enterprise', 'tier-recognition', 'draft', false, 'edit:allow upload:allow comment:allow'],
    ['enterprise', 'tier-recognition', 'municipal-review', false, 'edit:application.notEditable comment:allow'],
    ['manager', 'tier-recognition', 'public-notice', false, 'comment:allow recordObjection:allow resolveObjection:allow'],
    ['manager', 'tier-recognition', 'municipal-review', false, 'comment:allow recordObjection:objection.notOnNotice resolveObjection:allow'],
    ['officer', 'ip-pledge-loan', 'post-loan-monitoring', true, 'edit:application.notEditable upload:allow comment:allow recordObjection:objection.notOnNotice repay:allow grantSubsidy:allow'],
    ['officer', 'ip-pledge-loan', 'bank-review', true, 'edit:application.notEditable upload:allow comment:allow recordObjection:objection.notOnNotice repay:loan.notMonitoring grantSubsidy:allow'],
    ['manager', 'ip-pledge-loan', 'post-loan-monitoring', true, 'comment:allow recordObjection:objection.notOnNotice resolveObjection:allow grantSubsidy:allow'],
  ];
  it.each(cases)('%s, %s in %s (loan %s) → %s', (role, type, status, hasLoan, expected) => {
    expect(listed(role, type, status, hasLoan)).toBe(expected);
  });
});
