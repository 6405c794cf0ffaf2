import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import { homeSections, hasInbox } from '../home/home.policy.js';
import { portalCan, type PortalAction } from '../portal/portal.policy.js';
import { decideRoleChange, scopeForRole } from '../users/user.policy.js';
import { reportsCan, type ReportAction } from '../reports/reports.policy.js';

/** The small module policies (reports, portal, home, users): one line per role and action. */
const actor = (role: string, userId = 7): Actor => ({ userId, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;

describe('reports: role × action', () => {
  const cases: [string, ReportAction, boolean][] = [
    ['admin', 'read', true], ['admin', 'runForecast', true], ['admin', 'editTargets', true],
    ['manager', 'read', true], ['manager', 'runForecast', true], ['manager', 'editTargets', false],
    ['officer', 'read', true], ['officer', 'runForecast', false], ['officer', 'editTargets', false],
    ['enterprise', 'read', false], ['auditor', 'read', false], ['constructor', 'read', false],
  ];
  it.each(cases)('%s %s → %s', (role, action, expected) => expect(reportsCan(actor(role), action)).toBe(expected));
});

describe('portal: role × action', () => {
  const cases: [string, PortalAction, boolean][] = [
    ['admin', 'invite', true], ['admin', 'chooseSuffix', true], ['officer', 'invite', true], ['officer', 'chooseSuffix', false],
    ['manager', 'invite', false], ['enterprise', 'invite', false], ['toString', 'invite', false],
  ];
  it.each(cases)('%s %s → %s', (role, action, expected) => expect(portalCan(actor(role), action)).toBe(expected));
});

describe('home: what each role sees', () => {
  const cases: [string, string][] = [
    ['admin', 'tasks radar inbox'], ['manager', 'tasks radar inbox'], ['officer', 'tasks radar inbox'],
    ['enterprise', 'own inbox'], ['auditor', 'audit'],
  ];
  it.each(cases)('%s → %s', (role, expected) => {
    const s = homeSections(actor(role));
    const shown = [s.tasks && 'tasks', s.radar && 'radar', s.ownSummary && 'own', s.auditScope && 'audit', hasInbox(actor(role)) && 'inbox'].filter(Boolean).join(' ');
    expect(shown).toBe(expected);
  });
});

describe('users: the scope a role keeps, and one\'s own role', () => {
  const dto = { districtCode: '120116', zoneCode: 'Z1', enterpriseId: 3 };
  const cases: [string, ReturnType<typeof scopeForRole>][] = [
    ['officer', { districtCode: '120116', zoneCode: 'Z1', enterpriseId: null }],
    ['enterprise', { districtCode: null, zoneCode: null, enterpriseId: 3 }],
    ['manager', { districtCode: null, zoneCode: null, enterpriseId: null }],
  ];
  it.each(cases)('%s keeps %j', (role, expected) => expect(scopeForRole({ role, ...dto })).toEqual(expected));
  it.each([
    [7, 'admin', true], [7, 'auditor', false], [8, 'auditor', true],
  ] as [number, string, boolean][])('admin 7 sets user %i to %s → %s', (id, role, expected) => expect(decideRoleChange(actor('admin'), id, role).allowed).toBe(expected));
});
