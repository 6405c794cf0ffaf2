export const ROLES = ['admin', 'manager', 'officer', 'enterprise', 'auditor', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The roles that work with enterprise data. A route without @Roles is open to these only: the
 * `auditor` (separation of duties) reaches nothing but the routes that name it explicitly
 * (the audit log, login history, its own account), so a new route is closed to it by default.
 */
export const BUSINESS_ROLES: readonly Role[] = ['admin', 'manager', 'officer', 'enterprise'];

/** Privileged roles that must sign in with a second factor (TOTP) when TOTP_REQUIRED is on. */
export const TOTP_ROLES: readonly Role[] = ['admin', 'manager'];

/** Who reads the audit log and the login history. */
export const AUDIT_READERS: Role[] = ['admin', 'auditor'];

/**
 * The city's data platform and other systems (api.md, issue 20): reads the whole city's data through
 * the routes that name it (`@Roles(...READERS)`), writes nothing — the guard refuses it any method but
 * GET/HEAD whatever a route says — and never signs in with a password: an administrator issues it
 * bearer tokens with an expiry (`integration-tokens`).
 */
export const READ_ONLY_ROLES: readonly Role[] = ['integration'];

/** The roles of a read route open to integrations: the business roles and `integration`. */
export const READERS: Role[] = [...BUSINESS_ROLES, 'integration'];

/** Roles that hold only administrator-issued tokens (no web or password sign-in). */
export const TOKEN_ONLY_ROLES: readonly Role[] = ['integration'];
