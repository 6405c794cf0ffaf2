import { describe, expect, it } from '@jest/globals';
import { worklist } from './worklist.js';

describe('worklist: what waits for each role', () => {
  it.each([
    ['officer', { districtReview: 2, overdueTasks: 1, visitsDue: 0, overdueReports: 2 }, null, [['districtReview', 2, '/applications?status=district-review'], ['overdueTasks', 1, '/tasks'], ['visitsDue', 0, '/tasks'], ['overdueReports', 2, '/projects?reportOverdue=true'], ['offersMissingFact', 0, '/offers/missing-facts'], ['offersUnopened', 0, '/offers']], 5],
    ['manager', { municipalReview: 1 }, null, [['municipalReview', 1, '/applications?status=municipal-review'], ['expertReview', 0, '/applications?status=expert-review'], ['noticesEnding', 0, '/batches?status=notice'], ['batchesToPublish', 0, '/batches?status=notice']], 1],
    ['enterprise', { drafts: 1, returned: 1, expiringCertificates: 2 }, 42, [['openOffers', 0, '/offers'], ['drafts', 1, '/applications?status=draft'], ['returned', 1, '/applications?status=returned'], ['expiringCertificates', 2, '/enterprises/42#qualifications']], 4],
    ['admin', { lockedUsers: 3, ruleSetDrafts: 0 }, null, [['lockedUsers', 3, '/admin/users'], ['ruleSetDrafts', 0, '/admin/rule-sets']], 3],
    ['auditor', {}, null, [], 0],
  ] as const)('%s %j', (role, counts, enterpriseId, lines, pending) => {
    const w = worklist(role, counts, enterpriseId);
    expect(w.items.map((i) => [i.kind, i.count, i.href])).toEqual(lines);
    expect(w.items.every((i) => i.labelKey === `home.work.${i.kind}`)).toBe(true);
    expect(w.pending).toBe(pending);
  });
});
