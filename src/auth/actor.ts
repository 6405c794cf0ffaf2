import type { Locale } from '../i18n/locale.js';
import type { Role } from './role.js';

/** The authenticated caller, handed first to every service method. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  districtCode: string | null;
  zoneCode: string | null;
  enterpriseId: number | null;
  locale: Locale;
}

/** The caller of system jobs (migrations, seeds, schedulers): recorded as such in the audit log. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: 'system',
  role: 'admin',
  districtCode: null,
  zoneCode: null,
  enterpriseId: null,
  locale: 'zh-CN',
};
