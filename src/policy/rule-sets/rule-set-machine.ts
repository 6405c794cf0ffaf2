import type { Role } from '../../auth/role.js';
import { StateMachine, type Veto } from '../../common/state-machine.js';
import { RULE_SET_STATUSES, type RuleSetStatus } from './rule-set.entity.js';

/**
 * A rule set's life as the one StateMachine: a draft is edited (or deleted) and published; the
 * published one is active until the next publication of its programme retires it (a side effect
 * of `publish`, run by RuleSetsService in the same transaction). Retired rule sets are kept for
 * ever so past decisions reproduce. Administrators edit rule sets (managers read them). Pure.
 */
export const RULE_SET_ACTIONS = ['edit', 'delete', 'publish', 'retire'] as const;
export type RuleSetAction = (typeof RULE_SET_ACTIONS)[number];

export const RULE_SET_EDITORS: readonly Role[] = ['admin'];

const NOT_DRAFT: Readonly<Record<string, Omit<Veto, 'guard'>>> = {
  edit: { messageKey: 'ruleSet.notDraft.edit', params: {}, details: [], message: 'Only a draft can be edited; copy the rule set into a new draft' },
  delete: { messageKey: 'ruleSet.notDraft.delete', params: {}, details: [], message: 'Published rule sets are kept for ever; only drafts can be deleted' },
  publish: { messageKey: 'ruleSet.notDraft', params: {}, details: [], message: 'Only a draft can be published' },
};

export const ruleSetMachine = new StateMachine<RuleSetStatus, unknown, Role>({
  name: 'rule-set',
  states: RULE_SET_STATUSES,
  initial: 'draft',
  terminal: ['retired'],
  transitions: [
    { from: 'draft', action: 'edit', to: 'draft', roles: RULE_SET_EDITORS },
    // The row goes with the record: deleting is a draft's last action.
    { from: 'draft', action: 'delete', to: 'draft', roles: RULE_SET_EDITORS },
    { from: 'draft', action: 'publish', to: 'active', roles: RULE_SET_EDITORS },
    { from: 'active', action: 'retire', to: 'retired', roles: RULE_SET_EDITORS },
  ],
  refusal: (reason, _status, action) => {
    if (reason === 'role') return { messageKey: 'ruleSet.denied.edit', params: {}, details: [], message: 'Only an administrator edits rule sets' };
    if (reason === 'status' && Object.prototype.hasOwnProperty.call(NOT_DRAFT, action)) return NOT_DRAFT[action]!;
    return null;
  },
});
