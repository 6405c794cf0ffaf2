import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { decideCultivation, mayLookAfter, type CultivationAction } from './cultivation.policy.js';

const actor = (role: string, districtCode: string | null = null): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode, zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

describe('cultivation: role × action', () => {
  // role, district, action, expected
  const cases: [string, string | null, CultivationAction, string][] = [
    ['officer', '120116', 'readPool', 'allow'], ['officer', '120116', 'readRenewals', 'allow'], ['officer', null, 'readRenewals', '403 cultivation.denied.readRenewals'],
    ['officer', '120116', 'propose', 'allow'], ['officer', '120116', 'logService', 'allow'], ['officer', '120116', 'admit', '403 cultivation.denied.admit'],
    ['officer', '120116', 'setTargets', '403 cultivation.denied.setTargets'], ['officer', '120116', 'seeAllDistricts', '403 cultivation.denied.seeAllDistricts'],
    ['manager', null, 'admit', 'allow'], ['manager', null, 'setTargets', 'allow'], ['manager', null, 'readFigures', 'allow'], ['manager', null, 'logService', '403 cultivation.denied.logService'],
    ['admin', null, 'logService', 'allow'], ['admin', null, 'admit', 'allow'],
    ['enterprise', null, 'readPool', '403 cultivation.denied.readPool'], ['enterprise', null, 'readFigures', '403 cultivation.denied.readFigures'], ['enterprise', null, 'propose', '403 cultivation.denied.propose'],
    ['auditor', null, 'readPool', '403 cultivation.denied.readPool'], ['root', null, 'readCandidates', '403 cultivation.denied.readCandidates'],
  ];
  it.each(cases)('%s (%s) %s → %s', (role, district, action, expected) => {
    expect(outcome(decideCultivation(actor(role, district), action))).toBe(expected);
  });
});

describe("the member's officer: active, an officer, of the enterprise's district or zone", () => {
  const e = { districtCode: '120116', zoneCode: 'Z1' };
  // user, expected
  const cases: [string, Parameters<typeof mayLookAfter>[0], boolean][] = [
    ['district officer', { active: true, role: 'officer', districtCode: '120116', zoneCode: null }, true],
    ['zone officer', { active: true, role: 'officer', districtCode: null, zoneCode: 'Z1' }, true],
    ['other district', { active: true, role: 'officer', districtCode: '120104', zoneCode: null }, false],
    ['inactive', { active: false, role: 'officer', districtCode: '120116', zoneCode: null }, false],
    ['a manager', { active: true, role: 'manager', districtCode: '120116', zoneCode: null }, false],
    ['nobody', null, false],
  ];
  it.each(cases)('%s → %s', (_label, u, expected) => {
    expect(mayLookAfter(u, e)).toBe(expected);
  });
});
