import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../auth/role.js';
import { machineOf, type ApplicationType, type WorkflowSubject } from './workflows.js';

/**
 * Every transition of every workflow, one per line: [from, action, to, roles that may take it].
 * Written out by hand (not derived from the tables), so a changed table fails here.
 */
type Line = [from: string, action: string, to: string, roles: string];

const INTAKE = (submitRoles = 'enterprise officer admin'): Line[] => [
  ['draft', 'submit', 'submitted', submitRoles],
  ['submitted', 'accept', 'district-review', 'officer admin'],
  ['submitted', 'return', 'returned', 'officer admin'],
  ['district-review', 'return', 'returned', 'officer admin'],
  ['returned', 'resubmit', 'resubmitted', submitRoles],
  ['resubmitted', 'accept', 'district-review', 'officer admin'],
  ['resubmitted', 'return', 'returned', 'officer admin'],
];

const TIER_COMMON: Line[] = [
  ...INTAKE(),
  ['district-review', 'recommend', 'municipal-review', 'officer admin'],
  ['district-review', 'reject', 'rejected', 'officer admin'],
  ['municipal-review', 'return', 'returned', 'manager admin'],
  ['municipal-review', 'reject', 'rejected', 'manager admin'],
  ['on-site-check', 'publish-notice', 'public-notice', 'manager admin'],
  ['on-site-check', 'reject', 'rejected', 'manager admin'],
  ['public-notice', 'approve', 'approved', 'manager admin'],
  ['public-notice', 'reject', 'rejected', 'manager admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['district-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['municipal-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['on-site-check', 'withdraw', 'withdrawn', 'enterprise admin'],
];
const TIER_LEADER: Line[] = [...TIER_COMMON, ['municipal-review', 'site-check', 'on-site-check', 'manager admin']];
const TIER_OTHER: Line[] = [...TIER_COMMON, ['municipal-review', 'publish-notice', 'public-notice', 'manager admin']];

const HIGH_TECH: Line[] = [
  ...INTAKE(),
  ['district-review', 'recommend', 'municipal-review', 'officer admin'],
  ['district-review', 'reject', 'rejected', 'officer admin'],
  ['municipal-review', 'recommend', 'expert-review', 'manager admin'],
  ['municipal-review', 'return', 'returned', 'manager admin'],
  ['municipal-review', 'reject', 'rejected', 'manager admin'],
  ['expert-review', 'publish-notice', 'public-notice', 'manager admin'],
  ['expert-review', 'reject', 'rejected', 'manager admin'],
  ['public-notice', 'approve', 'approved', 'manager admin'],
  ['public-notice', 'reject', 'rejected', 'manager admin'],
  ['approved', 'issue-certificate', 'certified', 'manager admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['district-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['municipal-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['expert-review', 'withdraw', 'withdrawn', 'enterprise admin'],
];

const SUPER_DEDUCTION: Line[] = [
  ['draft', 'submit', 'submitted', 'enterprise officer admin'],
  ['submitted', 'review', 'reviewed', 'officer admin'],
  ['submitted', 'return', 'returned', 'officer admin'],
  ['returned', 'resubmit', 'resubmitted', 'enterprise officer admin'],
  ['resubmitted', 'review', 'reviewed', 'officer admin'],
  ['resubmitted', 'return', 'returned', 'officer admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
];

const LOAN: Line[] = [
  ...INTAKE(),
  ['district-review', 'recommend', 'valuation', 'officer admin'],
  ['district-review', 'reject', 'rejected', 'officer admin'],
  ['valuation', 'record-valuation', 'bank-review', 'officer admin'],
  ['bank-review', 'approve-loan', 'loan-approved', 'officer admin'],
  ['loan-approved', 'arrange-enhancement', 'credit-enhancement', 'officer admin'],
  ['loan-approved', 'sign-contracts', 'contracts-signed', 'officer admin'],
  ['credit-enhancement', 'sign-contracts', 'contracts-signed', 'officer admin'],
  ['contracts-signed', 'register-pledge', 'pledge-registered', 'officer admin'],
  ['pledge-registered', 'disburse', 'post-loan-monitoring', 'officer admin'],
  ['post-loan-monitoring', 'cancel-pledge', 'repaid', 'officer admin'],
  ['post-loan-monitoring', 'declare-default', 'defaulted', 'officer admin'],
  ['defaulted', 'compensate', 'compensated', 'manager admin'],
  ['compensated', 'dispose', 'disposed', 'officer admin manager'],
  ['valuation', 'reject', 'rejected', 'officer admin'],
  ['bank-review', 'reject', 'rejected', 'officer admin'],
  ['loan-approved', 'reject', 'rejected', 'officer admin'],
  ['credit-enhancement', 'reject', 'rejected', 'officer admin'],
  ['contracts-signed', 'reject', 'rejected', 'officer admin'],
  ['pledge-registered', 'reject', 'rejected', 'officer admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['district-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['valuation', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['bank-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['loan-approved', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['credit-enhancement', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['contracts-signed', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['pledge-registered', 'withdraw', 'withdrawn', 'enterprise admin'],
];

const SRDI_COMMON: Line[] = [
  ...INTAKE(),
  ['district-review', 'recommend', 'municipal-review', 'officer admin'],
  ['district-review', 'reject', 'rejected', 'officer admin'],
  ['municipal-review', 'return', 'returned', 'manager admin'],
  ['municipal-review', 'reject', 'rejected', 'manager admin'],
  ['public-notice', 'approve', 'approved', 'manager admin'],
  ['public-notice', 'reject', 'rejected', 'manager admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['district-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['municipal-review', 'withdraw', 'withdrawn', 'enterprise admin'],
];
// Innovative and 专精特新 SMEs: the 工信局 recognises them itself (rules.md §7).
const SRDI_PROVINCIAL: Line[] = [...SRDI_COMMON, ['municipal-review', 'publish-notice', 'public-notice', 'manager admin']];
// A little giant: the ministry after the provincial recommendation.
const SRDI_MINISTRY: Line[] = [
  ...SRDI_COMMON,
  ['municipal-review', 'recommend', 'ministry-review', 'manager admin'],
  ['ministry-review', 'publish-notice', 'public-notice', 'manager admin'],
  ['ministry-review', 'reject', 'rejected', 'manager admin'],
  ['ministry-review', 'withdraw', 'withdrawn', 'enterprise admin'],
];

const RD_POST_SUBSIDY: Line[] = [
  ...INTAKE(),
  ['district-review', 'recommend', 'municipal-review', 'officer admin'],
  ['district-review', 'reject', 'rejected', 'officer admin'],
  ['municipal-review', 'return', 'returned', 'manager admin'],
  ['municipal-review', 'reject', 'rejected', 'manager admin'],
  ['municipal-review', 'approve', 'approved', 'manager admin'],
  ['draft', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['submitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['district-review', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['returned', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['resubmitted', 'withdraw', 'withdrawn', 'enterprise admin'],
  ['municipal-review', 'withdraw', 'withdrawn', 'enterprise admin'],
];

const CASES: [label: string, type: ApplicationType, tier: string | null, lines: Line[]][] = [
  ['tier recognition (young eagle)', 'tier-recognition', 'young-eagle', TIER_OTHER],
  ['tier recognition (leader)', 'tier-recognition', 'leader', TIER_LEADER],
  ['tier recognition (leader candidate)', 'tier-recognition', 'leader-candidate', TIER_LEADER],
  ['HNTE certification', 'high-tech-certification', null, HIGH_TECH],
  ['super-deduction pre-check', 'super-deduction-precheck', null, SUPER_DEDUCTION],
  ['IP-pledge loan', 'ip-pledge-loan', null, LOAN],
  ['SRDI recognition (innovative SME)', 'srdi-recognition', 'innovative-sme', SRDI_PROVINCIAL],
  ['SRDI recognition (专精特新 SME)', 'srdi-recognition', 'srdi-sme', SRDI_PROVINCIAL],
  ['SRDI recognition (little giant)', 'srdi-recognition', 'little-giant', SRDI_MINISTRY],
  ['R&D post-subsidy', 'rd-post-subsidy', null, RD_POST_SUBSIDY],
];

describe.each(CASES)('%s', (_label, type, tier, lines) => {
  const machine = machineOf(type);
  const subject: WorkflowSubject = { type, tier };

  it.each(lines)('%s --%s--> %s (by %s)', (from, action, to, roles) => {
    const allowed = roles.split(' ') as Role[];
    for (const role of ROLES) {
      const r = machine.resolve(from, action, role, subject);
      if (allowed.includes(role)) expect(r).toEqual({ ok: true, rule: expect.objectContaining({ from, action, to }) });
      else expect(r).toEqual({ ok: false, reason: 'role' });
    }
  });

  it('has exactly these transitions and nothing else', () => {
    const actual = machine.states.flatMap((s) => machine.from(s, subject).map((t) => `${t.from} --${t.action}--> ${t.to}`)).sort();
    expect(actual).toEqual(lines.map(([f, a, t]) => `${f} --${a}--> ${t}`).sort());
  });

  it('answers "status" (409) for an action nobody may take from the current status', () => {
    for (const state of machine.states) {
      for (const action of machine.actions) {
        if (lines.some(([f, a]) => f === state && a === action)) continue;
        const r = machine.resolve(state, action, 'admin', subject);
        expect(r).toEqual({ ok: false, reason: 'status' });
      }
    }
  });

  it('answers "unknown-action" (400) for an action the workflow does not have', () => {
    expect(machine.resolve('draft', 'teleport', 'admin', subject)).toEqual({ ok: false, reason: 'unknown-action' });
  });

  it('terminal states have no way out', () => {
    for (const s of machine.terminal) expect(machine.from(s, subject)).toEqual([]);
  });
});

describe('role before status', () => {
  it('an enterprise asking to approve is refused for its role (403) whatever the status', () => {
    const m = machineOf('tier-recognition');
    expect(m.resolve('draft', 'approve', 'enterprise', { type: 'tier-recognition', tier: 'gazelle' })).toEqual({ ok: false, reason: 'role' });
    expect(m.resolve('public-notice', 'approve', 'officer', { type: 'tier-recognition', tier: 'gazelle' })).toEqual({ ok: false, reason: 'role' });
  });

  it('the on-site check of a gazelle is a status matter (409), not a role one', () => {
    const m = machineOf('tier-recognition');
    expect(m.resolve('municipal-review', 'site-check', 'manager', { type: 'tier-recognition', tier: 'gazelle' })).toEqual({ ok: false, reason: 'status' });
  });

  it('a manager asking to accept at the district stage is refused for its role (403)', () => {
    expect(machineOf('ip-pledge-loan').resolve('submitted', 'accept', 'manager', { type: 'ip-pledge-loan', tier: null })).toEqual({ ok: false, reason: 'role' });
  });
});

describe('who has work waiting', () => {
  it.each([
    ['tier-recognition', 'submitted', ['officer', 'admin', 'enterprise']],
    ['tier-recognition', 'municipal-review', ['manager', 'admin', 'enterprise']],
    ['tier-recognition', 'returned', ['enterprise', 'officer', 'admin']],
    ['ip-pledge-loan', 'defaulted', ['manager', 'admin']],
    ['srdi-recognition', 'municipal-review', ['manager', 'admin', 'enterprise']],
    ['rd-post-subsidy', 'municipal-review', ['manager', 'admin', 'enterprise']],
  ] as const)('%s in %s: %j', (type, status, roles) => {
    expect(machineOf(type).actorsOf(status, { type, tier: 'gazelle' }).sort()).toEqual([...roles].sort());
  });
});
