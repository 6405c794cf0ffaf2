import type { Role } from '../auth/role.js';

/**
 * What waits for each role on its home page: one line per kind of work, with a count and the
 * page where it is done. Pure: the counts come from worklist-counts.ts, the labels from the catalogue.
 */
export const WORK_KINDS = [
  'districtReview', 'overdueTasks', 'visitsDue',
  'municipalReview', 'expertReview', 'noticesEnding', 'batchesToPublish',
  'drafts', 'returned', 'expiringCertificates',
  'lockedUsers', 'ruleSetDrafts',
  'openOffers', 'offersMissingFact', 'offersUnopened',
  'overdueReports',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
export type WorkCounts = Partial<Record<WorkKind, number>>;

const BY_ROLE: Readonly<Record<Role, readonly WorkKind[]>> = {
  officer: ['districtReview', 'overdueTasks', 'visitsDue', 'overdueReports', 'offersMissingFact', 'offersUnopened'],
  manager: ['municipalReview', 'expertReview', 'noticesEnding', 'batchesToPublish'],
  // Open offers first (issue 15: the policy finds the enterprise).
  enterprise: ['openOffers', 'drafts', 'returned', 'expiringCertificates'],
  admin: ['lockedUsers', 'ruleSetDrafts'],
  auditor: [],
  integration: [],
};

export function workKindsFor(role: Role): readonly WorkKind[] {
  return BY_ROLE[role] ?? [];
}

function hrefOf(kind: WorkKind, enterpriseId: number | null): string {
  switch (kind) {
    case 'districtReview': return '/applications?status=district-review';
    case 'municipalReview': return '/applications?status=municipal-review';
    case 'expertReview': return '/applications?status=expert-review';
    case 'drafts': return '/applications?status=draft';
    case 'returned': return '/applications?status=returned';
    case 'overdueTasks':
    case 'visitsDue': return '/tasks';
    case 'noticesEnding':
    case 'batchesToPublish': return '/batches?status=notice';
    case 'expiringCertificates': return enterpriseId ? `/enterprises/${enterpriseId}#qualifications` : '/radar';
    case 'lockedUsers': return '/admin/users';
    case 'ruleSetDrafts': return '/admin/rule-sets';
    case 'openOffers':
    case 'offersUnopened': return '/offers';
    case 'offersMissingFact': return '/offers/missing-facts';
    case 'overdueReports': return '/projects?reportOverdue=true';
  }
}

export interface WorkItem {
  kind: WorkKind;
  labelKey: string;
  count: number;
  href: string;
}

/** The role's lines in their fixed order; `pending` is the total that waits. */
export function worklist(role: Role, counts: WorkCounts, enterpriseId: number | null = null): { items: WorkItem[]; pending: number } {
  const items = workKindsFor(role).map((kind) => ({ kind, labelKey: `home.work.${kind}`, count: counts[kind] ?? 0, href: hrefOf(kind, enterpriseId) }));
  return { items, pending: items.reduce((sum, i) => sum + i.count, 0) };
}
