import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, conflict, type Decision } from '../common/policy.js';
import { decideAttach, ENTERPRISE_KIND_POLICY, FINANCIALS_KIND_POLICY, QUALIFICATION_KIND_POLICY, showsUploader, unregisteredKindReadable, type OwnerKindPolicy } from './document.policy.js';

const actor = (role: string): Actor =>
  ({ userId: 7, username: role, displayName: role, role, districtCode: role === 'officer' ? '120116' : null, zoneCode: null, enterpriseId: role === 'enterprise' ? 3 : null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);
const situation = (uploaderRole?: Role | null) => ({ enterpriseId: 3, ownerId: 3, replaces: uploaderRole === undefined ? null : { uploadedBy: 1, uploaderRole } });
const attach = async (role: string, kind: OwnerKindPolicy, uploaderRole?: Role | null) => {
  const s = situation(uploaderRole);
  return outcome(decideAttach(actor(role), await kind.attach(actor(role), s), s));
};

describe('document policy: built-in owner kinds delegate to the enterprise policy', () => {
  const cases: [string, string, OwnerKindPolicy, string][] = [
    ['admin', 'enterprise', ENTERPRISE_KIND_POLICY, 'allow'], ['officer', 'enterprise', ENTERPRISE_KIND_POLICY, 'allow'],
    ['manager', 'enterprise', ENTERPRISE_KIND_POLICY, '403 enterprise.denied.edit'], ['enterprise', 'enterprise', ENTERPRISE_KIND_POLICY, '403 enterprise.denied.edit'],
    ['officer', 'qualification', QUALIFICATION_KIND_POLICY, 'allow'], ['enterprise', 'qualification', QUALIFICATION_KIND_POLICY, '403 enterprise.denied.edit'],
    ['enterprise', 'annual_financials', FINANCIALS_KIND_POLICY, 'allow'], ['officer', 'annual_financials', FINANCIALS_KIND_POLICY, 'allow'],
    ['manager', 'annual_financials', FINANCIALS_KIND_POLICY, '403 enterprise.denied.reportFigures'],
    ['auditor', 'annual_financials', FINANCIALS_KIND_POLICY, '403 document.denied.role'], ['root', 'annual_financials', FINANCIALS_KIND_POLICY, '403 document.denied.role'],
  ];
  it.each(cases)('%s attaching to %s → %s', async (role, _kind, policy, expected) => expect(await attach(role, policy)).toBe(expected));
});

describe('document policy: superseding a revision', () => {
  const open: OwnerKindPolicy = { attach: () => ALLOW };
  // actor role, uploader role of the superseded revision, expected
  const cases: [string, Role | null, string][] = [
    ['enterprise', 'enterprise', 'allow'],
    ['enterprise', 'officer', '403 document.denied.supersedeStaff'],
    ['enterprise', 'admin', '403 document.denied.supersedeStaff'],
    ['enterprise', null, '403 document.denied.supersedeStaff'],
    ['officer', 'enterprise', 'allow'], ['officer', 'officer', 'allow'], ['admin', 'officer', 'allow'],
  ];
  it.each(cases)('%s superseding what a %s uploaded → %s', async (role, uploader, expected) => expect(await attach(role, open, uploader)).toBe(expected));

  it('the owner kind\'s denial comes first (an application that is closed answers 409 whoever uploaded)', async () => {
    const closed: OwnerKindPolicy = { attach: () => conflict('application.documentsClosed', 'closed') };
    expect(await attach('enterprise', closed, 'officer')).toBe('409 application.documentsClosed');
  });
});

describe('document policy: reading', () => {
  const cases: [string, boolean, boolean, boolean][] = [
    // role, reads an unregistered kind, sees a staff uploader, sees own upload
    ['admin', true, true, true], ['manager', true, true, true], ['officer', true, true, true],
    ['enterprise', false, false, true], ['auditor', false, false, true], ['root', false, false, true],
  ];
  it.each(cases)('%s: unregistered kind %s, staff uploader %s, own upload %s', (role, unregistered, staffName, own) => {
    expect(unregisteredKindReadable(actor(role))).toBe(unregistered);
    expect(showsUploader(actor(role), 99)).toBe(staffName);
    expect(showsUploader(actor(role), 7)).toBe(own);
  });
});
