import type { DataSource } from 'typeorm';
import { paginate, type Page } from '../common/list-query.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { lookupTable } from '../common/own-key.js';

export interface LoginFilter {
  username?: string;
  ip?: string;
  success?: boolean;
  /** Beijing calendar days, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface LoginView {
  id: number;
  at: Date;
  username: string;
  ip: string;
  success: boolean;
  reason: string | null;
  channel: string;
}

export const mapLogin = (a: LoginAttempt): LoginView => ({ id: a.id, at: a.at, username: a.username, ip: a.ip, success: a.success, reason: a.reason, channel: a.channel });

export const LOGIN_SORTS = lookupTable({ at: 'a.at', username: 'a.username', ip: 'a.ip' });

/** The login history (every sign-in attempt), newest first; one user's or everyone's. */
export async function listLogins(dataSource: DataSource, filter: LoginFilter, page: { page?: number; pageSize?: number; sort?: string }): Promise<Page<LoginView>> {
  const qb = dataSource.getRepository(LoginAttempt).createQueryBuilder('a');
  if (filter.username) qb.andWhere('a.username = :username', { username: filter.username });
  if (filter.ip) qb.andWhere('a.ip = :ip', { ip: filter.ip });
  if (filter.success !== undefined) qb.andWhere('a.success = :success', { success: filter.success });
  if (filter.from) qb.andWhere('a.at >= :from', { from: new Date(`${filter.from}T00:00:00+08:00`) });
  if (filter.to) qb.andWhere('a.at < :to', { to: new Date(new Date(`${filter.to}T00:00:00+08:00`).getTime() + 86400_000) });
  const result = await paginate(qb, { page: page.page, pageSize: page.pageSize ?? 50, sort: page.sort }, LOGIN_SORTS, '-at', 'a.id');
  return { ...result, items: result.items.map(mapLogin) };
}
