/** Page models of the user administration pages: pure functions, unit-tested in users.view.spec.ts. */
import { ROLES } from '../auth/role.js';
import type { FieldErrors } from '../common/form.js';
import { pager } from '../common/pager.js';

export interface UserFormOptions { districts: unknown[]; zones: unknown[] }

/** The list: each user with its enterprise's name (not its id), filters, pager. */
export function userListPage<U extends { enterpriseId: number | null }>(result: { items: U[]; total: number; page: number; pageSize: number }, names: ReadonlyMap<number, string>, options: UserFormOptions, filters: { q?: string; role?: string }) {
  const items = result.items.map((u) => ({ ...u, enterpriseName: u.enterpriseId ? (names.get(u.enterpriseId) ?? null) : null }));
  const { pages, prevPage, nextPage } = pager(result.page, result.total, result.pageSize);
  return { ...result, pages, items, roles: ROLES, districts: options.districts, zones: options.zones, q: filters.q, role: filters.role, prevPage, nextPage };
}

/**
 * The user form: new (an officer by default), edit, or a re-render with what was typed (the password
 * never comes back), the stale notice, or the password reset's own messages.
 */
export function userFormPage(options: UserFormOptions, form: { user?: object; values?: Record<string, unknown>; errors?: FieldErrors; message?: string; stale?: string; passwordErrors?: FieldErrors }) {
  const values = form.values ?? form.user ?? { role: 'officer' };
  return {
    roles: ROLES, districts: options.districts, zones: options.zones,
    isNew: !form.user,
    ...(form.user ? { user: form.user } : {}),
    values: 'password' in values ? { ...values, password: '' } : values,
    errors: form.errors ?? {},
    ...(form.message !== undefined ? { message: form.message } : {}),
    ...(form.stale !== undefined ? { stale: form.stale } : {}),
    ...(form.passwordErrors ? { passwordErrors: form.passwordErrors } : {}),
  };
}
