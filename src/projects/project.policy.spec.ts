import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import { decideMilestoneDocument, decideProject, decideRead, decideSubmitReport, decideTransition, projectActionsFor, type ProjectSight } from './project.policy.js';
import { milestoneMachine, projectMachine, reportMachine } from './project-machines.js';

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({ userId: 1, username: 'u', displayName: 'u', role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'zh-CN', ...extra });
const admin = actor('admin');
const manager = actor('manager');
const binhai = actor('officer', { districtCode: '120116' });
const teda = actor('officer', { zoneCode: 'teda' });
const nankai = actor('officer', { districtCode: '120104' });
const noArea = actor('officer');
const lead = actor('enterprise', { enterpriseId: 10 });
const partner = actor('enterprise', { enterpriseId: 11 });
const stranger = actor('enterprise', { enterpriseId: 12 });
const auditor = actor('auditor');

const project: ProjectSight = { leadEnterpriseId: 10, participantIds: [11], lead: { districtCode: '120116', zoneCode: 'teda' } };
const status = (d: { allowed: boolean; status?: number }) => (d.allowed ? 'ok' : d.status);

describe('project policy: who sees a project', () => {
  it.each([
    ['admin', admin, 'ok'], ['manager', manager, 'ok'], ['Binhai officer', binhai, 'ok'], ['TEDA zone officer', teda, 'ok'],
    ['Nankai officer', nankai, 404], ['officer without an area', noArea, 404], ['the lead', lead, 'ok'], ['a participant', partner, 'ok'],
    ['another enterprise', stranger, 404], ['the auditor', auditor, 404],
  ])('%s → %s', (_l, a, expected) => expect(status(decideRead(a, project))).toBe(expected));
});

describe('project policy: role actions', () => {
  it.each([
    ['create', admin, 'ok'], ['create', binhai, 'ok'], ['create', manager, 403], ['create', lead, 403], ['create', noArea, 403],
    ['export', manager, 'ok'], ['export', binhai, 'ok'], ['export', lead, 403], ['read', auditor, 403],
  ] as const)('%s by %j → %s', (action, a, expected) => expect(status(decideProject(a, action))).toBe(expected));

  it.each([
    ['the lead', lead, 'active', 'ok'], ['the lead, suspended project', lead, 'suspended', 'ok'], ['the lead, completed project', lead, 'completed', 409],
    ['a participant', partner, 'active', 403], ['an officer', binhai, 'active', 403], ['an admin (support)', admin, 'active', 'ok'],
  ] as const)('report by %s (%s) → %s', (_l, a, s, expected) => expect(status(decideSubmitReport(a, { ...project, status: s }))).toBe(expected));

  it.each([
    ['the lead', lead, 'ok'], ['a participant', partner, 403], ['an officer', binhai, 'ok'], ['a manager', manager, 403],
  ] as const)('milestone evidence by %s → %s', (_l, a, expected) => expect(status(decideMilestoneDocument(a, { ...project, status: 'active' }))).toBe(expected));
});

describe('project policy: the state machines decide transitions', () => {
  it.each([
    [projectMachine, 'active', 'suspend', binhai, 'ok'], [projectMachine, 'active', 'suspend', lead, 403], [projectMachine, 'active', 'resume', binhai, 409],
    [projectMachine, 'active', 'terminate', binhai, 403], [projectMachine, 'active', 'terminate', manager, 'ok'], [projectMachine, 'completed', 'suspend', binhai, 409],
    [reportMachine, 'submitted', 'accept', binhai, 'ok'], [reportMachine, 'submitted', 'accept', lead, 403], [reportMachine, 'accepted', 'return', binhai, 409],
    [reportMachine, 'returned', 'resubmit', lead, 'ok'], [reportMachine, 'submitted', 'resubmit', lead, 409],
    [milestoneMachine, 'open', 'accept', binhai, 'ok'], [milestoneMachine, 'open', 'accept', manager, 403], [milestoneMachine, 'accepted', 'accept', binhai, 409],
  ] as const)('%#: %s --%s--> by %j → %s', (machine, from, action, a, expected) => {
    expect(status(decideTransition(a, machine as never, from as never, action))).toBe(expected);
  });

  it.each([
    [binhai, 'active', ['suspend', 'complete']], [manager, 'active', ['terminate']], [admin, 'suspended', ['resume', 'terminate']], [lead, 'active', []],
  ] as const)('buttons for %j on %s', (a, s, expected) => expect(projectActionsFor(a, projectMachine, s)).toEqual(expected));
});
