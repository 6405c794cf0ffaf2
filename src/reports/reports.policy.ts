import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ALLOW, forbid, type Decision } from '../common/policy.js';

/**
 * The reports module's rules: reports are for the bureau's staff; the city (managers, admins)
 * starts forecasts; only administrators edit the plan's targets; an officer's reports cover their
 * own area (the access scope narrows them, the page says so). Pure.
 */
export const REPORT_ACTIONS = ['read', 'runForecast', 'editTargets'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const BY_ROLE: Partial<Record<Role, readonly ReportAction[]>> = {
  admin: REPORT_ACTIONS,
  manager: ['read', 'runForecast'],
  officer: ['read'],
  integration: ['read'],
};

const DENIAL: Record<ReportAction, string> = {
  read: 'Reports are for the bureau’s staff',
  runForecast: 'Only administrators and managers start a forecast',
  editTargets: 'Only administrators edit targets',
};

export function reportsCan(actor: Actor, action: ReportAction): boolean {
  return (Object.prototype.hasOwnProperty.call(BY_ROLE, actor.role) ? BY_ROLE[actor.role] ?? [] : []).includes(action);
}

export function decideReports(actor: Actor, action: ReportAction): Decision {
  return reportsCan(actor, action) ? ALLOW : forbid(`reports.denied.${action}`, DENIAL[action]);
}

/** An officer's figures are their area's: the page's filter line says so. */
export function reportsOwnAreaOnly(actor: Actor): boolean {
  return actor.role === 'officer';
}
