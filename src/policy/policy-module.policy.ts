import type { Actor } from '../auth/actor.js';
import { ROLES, type Role } from '../auth/role.js';
import { lookupTable } from '../common/own-key.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';

/**
 * Who may do what in the policy module (eligibility, self-check, rule sets, portfolio runs). Pure:
 * a role table, one line per action. Rule-set status changes are the rule-set machine's
 * (rule-sets/rule-set-machine.ts), which names the same editors.
 */
export const POLICY_ACTIONS = ['recordEvaluation', 'selfCheckOwnFile', 'runBatchEvaluation', 'previewImpact', 'editRuleSets'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

const TABLE: Readonly<Record<PolicyAction, readonly Role[]>> = lookupTable<Readonly<Record<PolicyAction, readonly Role[]>>>({
  // Staff record evaluations on a file; the enterprise user only looks.
  recordEvaluation: ROLES.filter((r) => r !== 'enterprise'),
  // The self-check starts from the enterprise user's own file (staff pick one).
  selfCheckOwnFile: ['enterprise'],
  runBatchEvaluation: ['admin', 'manager'],
  previewImpact: ['admin', 'manager'],
  editRuleSets: ['admin'],
});

const DENIALS: Readonly<Record<PolicyAction, [string, string]>> = lookupTable<Readonly<Record<PolicyAction, [string, string]>>>({
  recordEvaluation: ['policy.denied.record', 'Enterprise users do not record evaluations'],
  selfCheckOwnFile: ['policy.denied.record', 'Only enterprise users check their own file'],
  runBatchEvaluation: ['policy.denied.batch', 'Only administrators and managers start a batch evaluation'],
  previewImpact: ['policy.denied.impact', 'Only administrators and managers preview rule changes'],
  editRuleSets: ['ruleSet.denied.edit', 'Only an administrator edits rule sets'],
});

export function policyCan(actor: Actor, action: PolicyAction): boolean {
  const roles = Object.prototype.hasOwnProperty.call(TABLE, action) ? TABLE[action] : [];
  return roles.includes(actor.role);
}

export function decidePolicy(actor: Actor, action: PolicyAction): Decision {
  if (policyCan(actor, action)) return ALLOW;
  const [key, message] = DENIALS[action];
  return forbid(key, message);
}
