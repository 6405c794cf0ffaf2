import { describe, expect, it } from '@jest/globals';
import { StateMachine } from './fsm.js';
import { checkGuards, type GuardFacts } from './guards.js';
import { isOverdue, stageDueOn, timeInStatus } from './deadlines.js';
import { addMonths, addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.js';
import { SEEDED } from '../../calendar/seeded-calendar.js';

const base: GuardFacts = { today: '2026-06-01', comment: null, missingDocuments: [], batch: null, openObjections: 0, upheldObjections: 0 };

describe('guards veto with a message key and field details', () => {
  it.each([
    ['documents-complete', { missingDocuments: ['audited-statements', 'staff-list'] }, 'application.veto.documentsMissing', ['documents.audited-statements', 'documents.staff-list']],
    ['documents-complete', {}, null, []],
    ['comment-required', { comment: '  ' }, 'application.veto.commentRequired', ['comment']],
    ['comment-required', { comment: '请补充审计报告' }, null, []],
    ['batch-notice-open', {}, 'application.veto.noNoticeBatch', ['batchId']],
    ['batch-notice-open', { batch: { id: 1, status: 'open', noticeEndsOn: null } }, 'application.veto.noNoticeBatch', ['batchId']],
    ['batch-notice-open', { batch: { id: 1, status: 'notice', noticeEndsOn: '2026-06-10' } }, null, []],
    ['notice-ended', { batch: { id: 1, status: 'notice', noticeEndsOn: '2026-06-01' } }, 'application.veto.noticeRunning', ['batch.noticeEndsOn']],
    ['notice-ended', { batch: { id: 1, status: 'notice', noticeEndsOn: '2026-05-31' } }, null, []],
    ['no-open-objections', { openObjections: 2 }, 'application.veto.openObjections', ['objections']],
    ['no-upheld-objections', { upheldObjections: 1 }, 'application.veto.upheldObjection', ['objections']],
    ['pledge-assets-eligible', {}, 'application.veto.noPledgedAssets', ['form.assets']],
    ['pledge-assets-eligible', { pledge: { outcome: 'ineligible', failures: [{ number: 'ZL1', code: 'IPP-FREE', outcome: 'unmet' }] } }, 'application.veto.pledgeIneligible', ['assets.ZL1.IPP-FREE']],
    ['pledge-assets-eligible', { pledge: { outcome: 'eligible', failures: [] } }, null, []],
    ['pledge-term-fits', { pledgeTerm: { ok: false, maturityOn: '2030-01-01', failures: [{ number: 'ZL1', expiresOn: '2029-01-01' }] } }, 'application.veto.pledgeTerm', ['assets.ZL1.IPP-TERM']],
    ['fully-repaid', { outstandingPrincipal: 100 }, 'application.veto.outstanding', ['repayments']],
    ['fully-repaid', { outstandingPrincipal: 0 }, null, []],
  ] as const)('%s with %j → %s', (guard, facts, key, fields) => {
    const veto = checkGuards([guard], { ...base, ...(facts as Partial<GuardFacts>) });
    if (key === null) expect(veto).toBeNull();
    else {
      expect(veto?.messageKey).toBe(key);
      expect(veto?.details.map((d) => d.field)).toEqual(fields);
    }
  });

  it('an unknown guard fails closed', () => {
    expect(checkGuards(['no-such-guard'], base)?.messageKey).toBe('application.veto.unknownGuard');
  });
});

describe('working days (State Council calendar)', () => {
  it.each([
    ['2026-06-01', true], // Monday
    ['2026-06-06', false], // Saturday
    ['2026-10-01', false], // National Day
    ['2026-10-10', true], // Saturday made a working day
    ['2026-02-14', true], // Saturday made a working day before the Spring Festival
    ['2026-02-16', false], // Spring Festival
  ])('%s is a working day: %s', (d, expected) => expect(isWorkingDay(d, SEEDED)).toBe(expected));

  it.each([
    ['2026-06-01', 10, '2026-06-15'], // two plain weeks
    ['2026-09-28', 10, '2026-10-16'], // across National Day, with Saturday 10 October worked
    ['2026-06-18', 1, '2026-06-22'], // across the Dragon Boat Festival
    ['2026-06-01', 0, '2026-06-01'],
  ] as const)('%s + %d working days = %s', (start, n, expected) => expect(addWorkingDays(start, n, SEEDED)).toBe(expected));

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-06-01', '2026-06-15', SEEDED)).toBe(10);
    expect(workingDaysBetween('2026-06-15', '2026-06-01', SEEDED)).toBe(0);
  });

  it('adds months clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
  });
});

describe('stage deadlines and time in status', () => {
  it.each([
    ['district-review', '2026-06-01', false, {}, '2026-06-15'],
    ['submitted', '2026-06-01', false, {}, '2026-06-08'],
    ['contracts-signed', '2026-06-01', false, {}, '2026-06-04'],
    ['public-notice', '2026-06-01', false, { noticeEndsOn: '2026-06-12' }, '2026-06-12'],
    ['post-loan-monitoring', '2026-06-01', false, { maturityOn: '2027-06-01' }, '2027-06-01'],
    ['draft', '2026-06-01', false, {}, null],
    ['approved', '2026-06-01', true, {}, null],
  ] as const)('%s entered %s (terminal %s) %j → due %s', (status, on, terminal, ends, due) => {
    expect(stageDueOn(status, on, terminal, ends, { calendar: SEEDED })).toBe(due);
  });

  it('flags overdue after the due date only', () => {
    expect(isOverdue('2026-06-15', '2026-06-15')).toBe(false);
    expect(isOverdue('2026-06-15', '2026-06-16')).toBe(true);
    expect(isOverdue(null, '2026-06-16')).toBe(false);
  });

  it('sums the time of every visit to a status', () => {
    const t = (h: number) => new Date(Date.UTC(2026, 5, 1, h));
    const spans = timeInStatus(t(0), 'draft', [
      { to: 'submitted', at: t(2) },
      { to: 'returned', at: t(5) },
      { to: 'resubmitted', at: t(6) },
      { to: 'returned', at: t(8) },
      { to: 'resubmitted', at: t(9) },
    ], t(10));
    const hours = Object.fromEntries(spans.map((s) => [s.status, [s.ms / 3600_000, s.visits]]));
    expect(hours).toEqual({ draft: [2, 1], submitted: [3, 1], returned: [2, 2], resubmitted: [3, 2] });
  });
});

describe('a machine is checked when built', () => {
  it('refuses dead ends, unknown states and unreachable states', () => {
    expect(() => new StateMachine({ name: 'bad', states: ['a', 'b', 'c'], initial: 'a', terminal: ['c'], transitions: [{ from: 'a', action: 'go', to: 'b', roles: ['admin'] }] }))
      .toThrow(/b is a dead end[\s\S]*c is unreachable/);
  });
});
