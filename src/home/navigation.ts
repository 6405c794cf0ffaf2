import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';

interface NavItem {
  href: string;
  key: string;
  /** A symbol of public/img/icons.svg (served locally: no icon font, no glyph a phone may lack). */
  icon: string;
  roles: Role[];
}

/** The sidebar per role. Only modules that exist are listed. */
const ITEMS: NavItem[] = [
  { href: '/', key: 'nav.home', icon: 'home', roles: ['admin', 'manager', 'officer', 'enterprise', 'auditor'] },
  { href: '/enterprises', key: 'nav.enterprises', icon: 'building', roles: ['admin', 'manager', 'officer'] },
  { href: '/my-enterprise', key: 'nav.myEnterprise', icon: 'building', roles: ['enterprise'] },
  { href: '/tasks', key: 'nav.tasks', icon: 'check', roles: ['officer', 'manager', 'admin'] },
  { href: '/applications', key: 'nav.applications', icon: 'pen', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/notifications', key: 'nav.inbox', icon: 'mail', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/eligibility/check', key: 'nav.eligibility', icon: 'target', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/admin/rule-sets', key: 'nav.ruleSets', icon: 'book', roles: ['admin', 'manager'] },
  { href: '/reports', key: 'nav.reports', icon: 'chart', roles: ['admin', 'manager', 'officer'] },
  { href: '/projects', key: 'nav.projects', icon: 'list', roles: ['admin', 'manager', 'officer', 'enterprise'] },
  { href: '/cultivation', key: 'nav.cultivation', icon: 'sprout', roles: ['admin', 'manager', 'officer'] },
  { href: '/radar', key: 'nav.radar', icon: 'clock', roles: ['admin', 'manager', 'officer'] },
  { href: '/admin/reference/plan-periods', key: 'nav.planPeriods', icon: 'calendar', roles: ['admin'] },
  { href: '/admin/reference/settings', key: 'nav.settings', icon: 'settings', roles: ['admin'] },
  { href: '/admin/users', key: 'nav.users', icon: 'users', roles: ['admin'] },
  { href: '/admin/reference/calendar', key: 'nav.referenceCalendar', icon: 'calendar', roles: ['admin'] },
  { href: '/admin/audit', key: 'nav.audit', icon: 'list', roles: ['admin', 'auditor'] },
  { href: '/admin/audit/logins', key: 'nav.logins', icon: 'login', roles: ['auditor'] },
  { href: '/admin/audit/verify', key: 'nav.chain', icon: 'link', roles: ['auditor'] },
  { href: '/api/docs', key: 'nav.apiDocs', icon: 'code', roles: ['admin', 'manager', 'officer'] },
  { href: '/account', key: 'nav.account', icon: 'key', roles: ['admin', 'manager', 'officer', 'enterprise', 'auditor'] },
];

export function navigationFor(actor: Actor, currentPath: string) {
  return ITEMS.filter((item) => item.roles.includes(actor.role)).map((item) => ({
    href: item.href,
    key: item.key,
    icon: item.icon,
    active: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`),
  }));
}
