import type { ApplicationType } from './workflow/workflows.js';
import { LEADER_TIERS } from './workflow/workflows.js';
import { lookupTable } from '../common/own-key.js';

/** What decides whether a checklist item is required for one application. */
export interface ChecklistSubject {
  type: ApplicationType;
  tier: string | null;
  /** Some pledged asset is co-owned (ip-pledge loans). */
  coOwnedAssets: boolean;
}

export interface Requirement {
  code: string;
  required: (s: ChecklistSubject) => boolean;
}

const always = () => true;
const optional = () => false;

/**
 * The documents each type needs before it may be submitted (issue 5: e.g. HNTE — three years of
 * audited statements, the special R&D audit, IP certificates, the staff list). Labels live in the
 * catalogue under `document.<code>`.
 */
export const CHECKLISTS: Readonly<Record<ApplicationType, readonly Requirement[]>> = lookupTable<Readonly<Record<ApplicationType, readonly Requirement[]>>>({
  'tier-recognition': [
    { code: 'audited-statements', required: always },
    { code: 'ip-certificates', required: always },
    { code: 'credit-commitment', required: always },
    { code: 'development-plan', required: (s) => s.tier !== null && LEADER_TIERS.includes(s.tier) },
    { code: 'other', required: optional },
  ],
  'high-tech-certification': [
    { code: 'audited-statements-3y', required: always },
    { code: 'rd-special-audit', required: always },
    { code: 'ht-revenue-audit', required: always },
    { code: 'ip-certificates', required: always },
    { code: 'staff-list', required: always },
    { code: 'other', required: optional },
  ],
  'super-deduction-precheck': [
    { code: 'rd-project-approval', required: always },
    { code: 'rd-ledger', required: always },
    { code: 'other', required: optional },
  ],
  'ip-pledge-loan': [
    { code: 'ip-certificates', required: always },
    { code: 'fee-receipts', required: always },
    { code: 'loan-application', required: always },
    { code: 'co-owner-consent', required: (s) => s.coOwnedAssets },
    { code: 'other', required: optional },
  ],
  // rules.md §7: the statements behind the figures, the IP, the 专精特新 score sheet (SP-SCORE),
  // the prior SRDI recognition for the upper rungs and the R&D institution for a little giant.
  'srdi-recognition': [
    { code: 'audited-statements', required: always },
    { code: 'ip-certificates', required: always },
    { code: 'credit-commitment', required: always },
    { code: 'srdi-score-sheet', required: (s) => s.tier !== 'innovative-sme' },
    { code: 'srdi-prior-recognition', required: (s) => s.tier !== 'innovative-sme' },
    { code: 'rd-institution-proof', required: (s) => s.tier === 'little-giant' },
    { code: 'other', required: optional },
  ],
  // rules.md §8: the N-1 and N-2 R&D figures and the N-1 super-deduction claim (RP-CLAIMED).
  'rd-post-subsidy': [
    { code: 'rd-special-audit', required: always },
    { code: 'super-deduction-filing', required: always },
    { code: 'credit-commitment', required: always },
    { code: 'other', required: optional },
  ],
});

export interface ChecklistItem {
  code: string;
  required: boolean;
  count: number;
  satisfied: boolean;
}

/** The checklist of one application with what is uploaded against each item. */
export function checklistFor(subject: ChecklistSubject, uploadedCounts: Readonly<Record<string, number>>): ChecklistItem[] {
  return CHECKLISTS[subject.type].map((r) => {
    const required = r.required(subject);
    const count = uploadedCounts[r.code] ?? 0;
    return { code: r.code, required, count, satisfied: !required || count > 0 };
  });
}

export function missingDocuments(items: readonly ChecklistItem[]): string[] {
  return items.filter((i) => !i.satisfied).map((i) => i.code);
}

export function isRequirement(type: ApplicationType, code: string): boolean {
  return CHECKLISTS[type].some((r) => r.code === code);
}
