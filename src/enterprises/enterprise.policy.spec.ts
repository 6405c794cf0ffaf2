import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { decideAssignedOfficer, decideEnterprise, decidePlacement, enterpriseCan, seesInternal, type EnterpriseAction, type StaffRef } from './enterprise.policy.js';

const actor = (role: string, area: Partial<Actor> = {}): Actor =>
  ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'en', ...area }) as Actor;
const binhaiOfficer = actor('officer', { districtCode: '120116' });
const zoneOfficer = actor('officer', { zoneCode: 'binhai-hitech' });
const who: Record<string, Actor> = {
  admin: actor('admin'), manager: actor('manager'), officer: binhaiOfficer, enterprise: actor('enterprise', { enterpriseId: 3 }),
  auditor: actor('auditor'), stranger: actor('root'),
};
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

describe('enterprise policy: role × action', () => {
  // role, action, expected
  const cases: [string, EnterpriseAction, string][] = [
    ['admin', 'edit', 'allow'], ['admin', 'restore', 'allow'], ['admin', 'merge', 'allow'], ['admin', 'listDeleted', 'allow'],
    ['officer', 'create', 'allow'], ['officer', 'edit', 'allow'], ['officer', 'import', 'allow'], ['officer', 'addTask', 'allow'],
    ['officer', 'restore', '403 enterprise.denied.restore'], ['officer', 'merge', '403 enterprise.denied.merge'], ['officer', 'listDeleted', '403 enterprise.denied.listDeleted'],
    ['manager', 'edit', '403 enterprise.denied.edit'], ['manager', 'reportFigures', '403 enterprise.denied.reportFigures'], ['manager', 'addTask', '403 enterprise.denied.addTask'],
    ['manager', 'recordActivity', '403 enterprise.denied.recordActivity'],
    ['enterprise', 'reportFigures', 'allow'], ['enterprise', 'edit', '403 enterprise.denied.edit'], ['enterprise', 'addTask', '403 enterprise.denied.addTask'],
    ['enterprise', 'import', '403 enterprise.denied.import'],
    ['auditor', 'reportFigures', '403 enterprise.denied.reportFigures'], ['auditor', 'edit', '403 enterprise.denied.edit'],
    ['stranger', 'reportFigures', '403 enterprise.denied.reportFigures'], ['stranger', 'create', '403 enterprise.denied.create'],
  ];
  it.each(cases)('%s may %s → %s', (role, action, expected) => {
    expect(outcome(decideEnterprise(who[role], action))).toBe(expected);
    expect(enterpriseCan(who[role])[action]).toBe(expected === 'allow');
  });

  const internal: [string, boolean][] = [['admin', true], ['manager', true], ['officer', true], ['enterprise', false], ['auditor', false], ['stranger', false]];
  it.each(internal)('%s sees tasks and the timeline: %s', (role, expected) => expect(seesInternal(who[role])).toBe(expected));
});

describe('enterprise policy: placement (district × zone)', () => {
  const zoneIn = { code: 'binhai-hitech', districtCode: '120116' };
  const zoneOut = { code: 'nankai-zone', districtCode: '120104' };
  // who, district, zone, expected
  const cases: [string, Actor, string, typeof zoneIn | null, string][] = [
    ['admin anywhere', who.admin, '120104', zoneOut, 'allow'],
    ['officer, own district', binhaiOfficer, '120116', null, 'allow'],
    ['officer, own district with its zone', binhaiOfficer, '120116', zoneIn, 'allow'],
    ['officer, own district with another district\'s zone', binhaiOfficer, '120116', zoneOut, '403 enterprise.denied.outsideScope'],
    ['officer, another district', binhaiOfficer, '120104', null, '403 enterprise.denied.outsideScope'],
    ['zone officer, own zone', zoneOfficer, '120116', zoneIn, 'allow'],
    ['zone officer, no zone', zoneOfficer, '120116', null, '403 enterprise.denied.outsideScope'],
    ['officer without area', actor('officer'), '120116', null, '403 enterprise.denied.outsideScope'],
    ['enterprise', who.enterprise, '120116', null, '403 enterprise.denied.outsideScope'],
    ['unknown role', who.stranger, '120116', null, '403 enterprise.denied.outsideScope'],
  ];
  it.each(cases)('%s', (_name, a, districtCode, zone, expected) => expect(outcome(decidePlacement(a, { districtCode, zone }))).toBe(expected));
});

describe('enterprise policy: the assigned officer (another area answers like an unknown id)', () => {
  const file = { districtCode: '120116', zoneCode: null };
  const staff = (role: string, districtCode: string | null, active = true): StaffRef => ({ role, active, districtCode, zoneCode: null }) as StaffRef;
  const cases: [string, StaffRef | null, string][] = [
    ['officer of the file\'s district', staff('officer', '120116'), 'allow'],
    ['officer of another district', staff('officer', '120104'), '400 enterprise.denied.assignedOfficer'],
    ['no such user', null, '400 enterprise.denied.assignedOfficer'],
    ['inactive officer', staff('officer', '120116', false), '400 enterprise.denied.assignedOfficer'],
    ['a manager', staff('manager', null), '400 enterprise.denied.assignedOfficer'],
    ['an enterprise user', staff('enterprise', null), '400 enterprise.denied.assignedOfficer'],
  ];
  it.each(cases)('%s → %s', (_name, officer, expected) => expect(outcome(decideAssignedOfficer(officer, file))).toBe(expected));
  it('the other-area answer is the unknown-id answer, word for word', () => {
    expect(decideAssignedOfficer(staff('officer', '120104'), file)).toEqual(decideAssignedOfficer(null, file));
  });
});
