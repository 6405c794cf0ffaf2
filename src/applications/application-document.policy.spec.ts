import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../auth/actor.js';
import type { Decision } from '../common/policy.js';
import { decideApplicationDocument } from './application-document.policy.js';

const actor = (role: string): Actor => ({ userId: 7, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'en' }) as Actor;
const outcome = (d: Decision) => (d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`);

describe('application documents: role × status (one decision for the application route and the generic documents route)', () => {
  // role, status, expected
  const cases: [string, string, string][] = [
    ['enterprise', 'draft', 'allow'], ['enterprise', 'returned', 'allow'],
    ['enterprise', 'district-review', '409 application.notEditable'], ['enterprise', 'municipal-review', '409 application.notEditable'],
    ['enterprise', 'rejected', '409 application.documentsClosed'],
    ['officer', 'draft', 'allow'], ['officer', 'district-review', 'allow'], ['officer', 'rejected', '409 application.documentsClosed'],
    ['admin', 'municipal-review', 'allow'],
    ['manager', 'draft', '403 application.denied.documentsManager'], ['manager', 'district-review', '403 application.denied.documentsManager'],
    ['auditor', 'draft', '403 application.denied.documentsRole'], ['root', 'draft', '403 application.denied.documentsRole'],
  ];
  it.each(cases)('%s on a %s application → %s', (role, status, expected) => {
    expect(outcome(decideApplicationDocument(actor(role), { type: 'tier-recognition', status }))).toBe(expected);
  });
});
