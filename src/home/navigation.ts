import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';

interface NavItem {
  href: string;
  key: string;
  icon: string;
  roles: Role[];
}

/** The sidebar per role. Only modules that exist are listed. */
const ITEMS: NavItem[] = [
  { href: '/', key: 'nav.home', icon: '⌂', roles: ['admin', 'manager', 'officer', 'enterprise', 'auditor'] },
  { href: '/enterprises', key: 'nav.enterprises', icon: '▤', roles: ['admin', 'manager', 'officer'] },
  { href: '/my-enterprise', key: 'nav.myEnterprise', icon: '▤', roles: ['enterprise'] },
  { href: '/tasks', key: 'nav.tasks', icon: '✓', roles: ['officer', 'manager', 'admin'] },
  { href: '/applications', key: 'nav.applications', icon: '✎', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/notifications', key: 'nav.inbox', icon: '✉', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/eligibility/check', key: 'nav.eligibility', icon: '◎', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/admin/rule-sets', key: 'nav.ruleSets', icon: '§', roles: ['admin', 'manager'] },
  { href: '/reports', key: 'nav.reports', icon: '▥', roles: ['admin', 'manager', 'officer'] },
  { href: '/cultivation', key: 'nav.cultivation', icon: '❀', roles: ['admin', 'manager', 'officer'] },
  { href: '/radar', key: 'nav.radar', icon: '⏰', roles: ['admin', 'manager', 'officer'] },
  { href: '/admin/reference/plan-periods', key: 'nav.planPeriods', icon: '◎', roles: ['admin'] },
  { href: '/admin/reference/settings', key: 'nav.settings', icon: '⚙', roles: ['admin'] },
  { href: '/admin/users', key: 'nav.users', icon: '☰', roles: ['admin'] },
  { href: '/admin/reference/calendar', key: 'nav.referenceCalendar', icon: '☷', roles: ['admin'] },
  { href: '/admin/audit', key: 'nav.audit', icon: '⎙', roles: ['admin', 'auditor'] },
  { href: '/admin/audit/logins', key: 'nav.logins', icon: '⎆', roles: ['auditor'] },
  { href: '/admin/audit/verify', key: 'nav.chain', icon: '⛓', roles: ['auditor'] },
  { href: '/api/docs', key: 'nav.apiDocs', icon: '{}', roles: ['admin', 'manager', 'officer'] },
  { href: '/account', key: 'nav.account', icon: '⚿', roles: ['admin', 'manager', 'officer', 'enterprise', 'auditor'] },
];

export function navigationFor(actor: Actor, currentPath: string) {
  return ITEMS.filter((item) => item.roles.includes(actor.role)).map((item) => ({
    href: item.href,
    key: item.key,
    icon: item.icon,
    active: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`),
  }));
}
