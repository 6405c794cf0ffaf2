import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Failed attempts from one address in a window before it is throttled (guessing across accounts). */
export const ADDRESS_FAILURE_LIMIT = 30;
export const ADDRESS_WINDOW_MS = 10 * 60_000;

/** A counted attempt of one address, given back by releaseAddress when it succeeds. */
export interface AddressSlot {
  ip: string;
  window: number;
}

/** position: how many attempts the account's counter holds with this one (for clearing on success). */
export type AccountSlot = { ok: true; position: number } | { ok: false; lockedMinutes: number };

/** What TypeORM stores in an SQLite datetime column (UTC, no zone); PostgreSQL takes Date objects. */
const sqliteDate = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * The sign-in limits as atomic check-and-count statements. An attempt is counted as a failure
 * BEFORE its password (or second-factor code) is checked, by one conditional UPDATE (or upsert)
 * that refuses once the limit is reached; a right answer gives its count back afterwards. So
 * however many attempts arrive at once, at most the threshold of them are ever checked, and the
 * limits hold across processes (PostgreSQL row locks re-check the WHERE clause; SQLite runs each
 * statement alone on its single connection and takes the database write lock). A process that
 * dies mid-check leaves its attempt counted as a failure, never as a free one.
 *
 * Per account (app_user.failed_attempts / locked_until): failures since the last successful
 * sign-in, checks in flight included. Per address (login_throttle): failures in a fixed 10-minute
 * window.
 */
@Injectable()
export class AttemptLimits {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One statement with `?` placeholders on either database; the RETURNING rows. */
  private async rows<T>(text: string, params: unknown[]): Promise<T[]> {
    const pg = this.dataSource.options.type === 'postgres';
    let n = 0;
    const sql = pg ? text.replace(/\?/g, () => `$${++n}`) : text;
    const values = pg ? params : params.map((p) => (p instanceof Date ? sqliteDate(p) : p));
    const result: unknown = await this.dataSource.query(sql, values);
    // PostgreSQL answers UPDATE … RETURNING with [rows, rowCount].
    if (pg && Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
    return Array.isArray(result) ? (result as T[]) : [];
  }

  private lockUntil(now: Date): Date {
    return new Date(now.getTime() + this.config.lockoutMinutes * 60_000);
  }

  /** Counts an attempt from this address, or answers null when the address is throttled. */
  async reserveAddress(ip: string, now = new Date()): Promise<AddressSlot | null> {
    const slot = { ip: ip.slice(0, 64), window: Math.floor(now.getTime() / ADDRESS_WINDOW_MS) };
    const rows = await this.rows<{ failures: number }>(
      `INSERT INTO login_throttle (ip, window_start, failures) VALUES (?, ?, 1)
       ON CONFLICT (ip, window_start) DO UPDATE SET failures = login_throttle.failures + 1 WHERE login_throttle.failures < ?
       RETURNING failures`,
      [slot.ip, slot.window, ADDRESS_FAILURE_LIMIT],
    );
    if (!rows.length) return null;
    // The first attempt of an address in a window tidies up windows that no longer count.
    if (Number(rows[0]!.failures) === 1) await this.rows('DELETE FROM login_throttle WHERE window_start < ?', [slot.window - 1]);
    return slot;
  }

  /** A right password or code: the address's attempt was not a failure. */
  async releaseAddress(slot: AddressSlot): Promise<void> {
    await this.rows('UPDATE login_throttle SET failures = failures - 1 WHERE ip = ? AND window_start = ? AND failures > 0', [slot.ip, slot.window]);
  }

  /**
   * Counts an attempt on the account before it is checked. Refused while the account is locked,
   * and while the threshold is reached by failures and checks still running; the latter locks
   * the account (so a counter left behind by a crashed process cannot block it for ever). An
   * expired lock starts a fresh count.
   */
  async reserveAccount(userId: number, now = new Date()): Promise<AccountSlot> {
    const threshold = this.config.lockoutThreshold;
    const rows = await this.rows<{ failed_attempts: number }>(
      `UPDATE app_user SET failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END, locked_until = NULL
       WHERE id = ? AND ((locked_until IS NULL AND failed_attempts < ?) OR locked_until <= ?)
       RETURNING failed_attempts`,
      [userId, threshold, now],
    );
    if (rows.length) return { ok: true, position: Number(rows[0]!.failed_attempts) };
    await this.rows('UPDATE app_user SET locked_until = ?, failed_attempts = 0 WHERE id = ? AND locked_until IS NULL AND failed_attempts >= ? RETURNING id', [this.lockUntil(now), userId, threshold]);
    const state = await this.rows<{ locked_until: Date | string | null }>('SELECT locked_until FROM app_user WHERE id = ?', [userId]);
    const raw = state[0]?.locked_until;
    const until = raw instanceof Date ? raw : raw ? this.parseStored(raw) : null;
    const minutes = until && until.getTime() > now.getTime() ? Math.ceil((until.getTime() - now.getTime()) / 60_000) : this.config.lockoutMinutes;
    return { ok: false, lockedMinutes: minutes };
  }

  /** A wrong password or code: the attempt stays counted; locks the account at the threshold. Returns whether it locked. */
  async failAccount(userId: number, now = new Date()): Promise<boolean> {
    const rows = await this.rows(
      `UPDATE app_user SET locked_until = ?, failed_attempts = 0
       WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) AND failed_attempts >= ?
       RETURNING id`,
      [this.lockUntil(now), userId, now, this.config.lockoutThreshold],
    );
    return rows.length > 0;
  }

  /**
   * A right password or code gives its count back. Answers false when the account was locked while
   * it was being checked (by concurrent failures): the sign-in is refused then.
   */
  async releaseAccount(userId: number, now = new Date()): Promise<boolean> {
    const rows = await this.rows(
      `UPDATE app_user SET failed_attempts = CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END
       WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)
       RETURNING id`,
      [userId, now],
    );
    return rows.length > 0;
  }

  /**
   * Every factor passed: the failures counted before the final factor's attempt are cleared (all
   * of them when `before` is null); attempts that came later and are still being checked stay.
   */
  async signedIn(userId: number, before: number | null, now = new Date()): Promise<void> {
    const n = before ?? 2_000_000_000;
    await this.rows('UPDATE app_user SET failed_attempts = CASE WHEN failed_attempts > ? THEN failed_attempts - ? ELSE 0 END, last_login_at = ? WHERE id = ? RETURNING id', [n, n, now, userId]);
  }

  /** An SQLite datetime text (UTC without zone) as a Date. */
  private parseStored(raw: string): Date {
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`);
  }
}
