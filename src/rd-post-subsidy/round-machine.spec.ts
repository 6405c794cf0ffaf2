import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { claimSight, decideReadClaims, decideRound, decideRunRounds } from './rd-post-subsidy.policy.js';
import type { RdPostSubsidyRound, RoundStatus } from './rd-post-subsidy.entities.js';

const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: '120116', zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;
const round = (status: RoundStatus) => ({ id: 1, status, version: 1 }) as RdPostSubsidyRound;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status}`);

describe('post-subsidy rounds: role × status × action (rules.md §8)', () => {
  // role, status, action, claims, expected
  it.each<[string, RoundStatus, string, number, string]>([
    ['manager', 'open', 'calculate', 0, 'allow'],
    ['admin', 'open', 'calculate', 0, 'allow'],
    ['officer', 'open', 'calculate', 0, '403'],
    ['enterprise', 'open', 'calculate', 0, '403'],
    ['manager', 'calculated', 'calculate', 3, 'allow'],
    ['manager', 'published', 'calculate', 3, '409'],
    ['manager', 'open', 'publish', 0, '409'],
    ['manager', 'calculated', 'publish', 0, '409'],
    ['manager', 'calculated', 'publish', 1, 'allow'],
    ['officer', 'calculated', 'publish', 1, '403'],
    ['manager', 'calculated', 'pay', 1, '409'],
    ['manager', 'published', 'pay', 1, 'allow'],
    ['officer', 'published', 'pay', 1, '403'],
  ])('%s: %s %s (claims %s) → %s', (role, status, action, claims, expected) => {
    expect(outcome(decideRound(actor(role), round(status), action, { claims }))).toBe(expected);
  });

  it.each<[string, string, string, string]>([
    ['admin', 'allow', 'allow', 'all'],
    ['manager', 'allow', 'allow', 'all'],
    ['officer', '403', 'allow', 'districts'],
    ['enterprise', '403', 'allow', 'enterprise'],
  ])('%s: run rounds %s, read claims %s, sight %s', (role, run, read, sight) => {
    expect([outcome(decideRunRounds(actor(role))), outcome(decideReadClaims(actor(role))), claimSight(actor(role)).kind]).toEqual([run, read, sight]);
  });
});
