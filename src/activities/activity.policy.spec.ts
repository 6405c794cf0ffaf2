import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import type { StaffRef } from '../enterprises/enterprise.policy.js';
import { decideCompleteTask, decideCreateTask, decideRecordActivity, decideTimeline } from './activity.policy.js';

const actor = (role: string, area: Partial<Actor> = {}): Actor =>
  ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'en', ...area }) as Actor;
const who: Record<string, Actor> = {
  admin: actor('admin'), manager: actor('manager'), officer: actor('officer', { districtCode: '120116' }), enterprise: actor('enterprise', { enterpriseId: 3 }),
  auditor: actor('auditor'), stranger: actor('root'),
};
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? `404 ${d.entity}` : `${d.status} ${d.messageKey}`);

describe('activity policy: timeline and activities', () => {
  const cases: [string, string, string][] = [
    ['admin', 'allow', 'allow'], ['manager', 'allow', '403 enterprise.denied.recordActivity'], ['officer', 'allow', 'allow'],
    ['enterprise', '403 activity.denied.staffOnly', '403 enterprise.denied.recordActivity'],
    ['auditor', '403 activity.denied.staffOnly', '403 enterprise.denied.recordActivity'], ['stranger', '403 activity.denied.staffOnly', '403 enterprise.denied.recordActivity'],
  ];
  it.each(cases)('%s: timeline %s, record an activity %s', (role, timeline, record) => {
    expect(outcome(decideTimeline(who[role]))).toBe(timeline);
    expect(outcome(decideRecordActivity(who[role]))).toBe(record);
  });
});

describe('activity policy: completing a task', () => {
  // role, assignee (me / other), expected
  const cases: [string, 'me' | 'other', string][] = [
    ['admin', 'other', 'allow'], ['officer', 'other', 'allow'], ['officer', 'me', 'allow'],
    ['manager', 'me', 'allow'], ['manager', 'other', '403 activity.denied.completeOthers'],
    ['enterprise', 'other', '404 Task'], ['enterprise', 'me', '404 Task'],
    ['auditor', 'other', '404 Task'], ['stranger', 'me', '404 Task'],
  ];
  it.each(cases)('%s completing a task of %s → %s', (role, assignee, expected) => {
    expect(outcome(decideCompleteTask(who[role], { assigneeId: assignee === 'me' ? 7 : 99 }))).toBe(expected);
  });
});

describe('activity policy: creating a task (assignee must see the file)', () => {
  const file = { districtCode: '120116', zoneCode: null };
  const staff = (role: string, districtCode: string | null, active = true): StaffRef => ({ role, active, districtCode, zoneCode: null }) as StaffRef;
  const cases: [string, string, StaffRef | null, string][] = [
    ['officer', 'a colleague of the district', staff('officer', '120116'), 'allow'],
    ['officer', 'another district\'s officer', staff('officer', '120104'), '400 activity.denied.assignee'],
    ['officer', 'a manager (city-wide)', staff('manager', null), 'allow'],
    ['officer', 'nobody (unknown id)', null, '400 activity.denied.assignee'],
    ['officer', 'an inactive colleague', staff('officer', '120116', false), '400 activity.denied.assignee'],
    ['officer', 'an enterprise user', staff('enterprise', null), '400 activity.denied.assignee'],
    ['admin', 'another district\'s officer', staff('officer', '120104'), '400 activity.denied.assignee'],
    ['manager', 'a colleague of the district', staff('officer', '120116'), '403 enterprise.denied.addTask'],
    ['enterprise', 'a colleague of the district', staff('officer', '120116'), '403 enterprise.denied.addTask'],
    ['stranger', 'a colleague of the district', staff('officer', '120116'), '403 enterprise.denied.addTask'],
  ];
  it.each(cases)('%s giving a task to %s → %s', (role, _name, assignee, expected) => expect(outcome(decideCreateTask(who[role], assignee, file))).toBe(expected));
  it('another district\'s officer is answered exactly like an unknown id', () => {
    expect(decideCreateTask(who.officer, staff('officer', '120104'), file)).toEqual(decideCreateTask(who.officer, null, file));
  });
});
