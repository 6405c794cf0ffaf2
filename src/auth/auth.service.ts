import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isLocale } from '../i18n/locale.js';
import type { Actor } from './actor.js';
import { ApiToken } from './api-token.entity.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { UNMATCHABLE_HASH, verifyPassword } from './password.js';
import { User } from './user.entity.js';

export type LoginFailure = 'bad-credentials' | 'locked' | 'inactive' | 'throttled';
export type LoginResult = { ok: true; user: User } | { ok: false; reason: LoginFailure; lockedMinutes?: number };

/** Failed attempts from one address in the window before it is throttled (guessing across accounts). */
const IP_FAILURE_LIMIT = 30;
const IP_WINDOW_MS = 10 * 60_000;

export function toActor(user: User): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    districtCode: user.districtCode,
    zoneCode: user.zoneCode,
    enterpriseId: user.enterpriseId,
    locale: isLocale(user.locale) ? user.locale : 'zh-CN',
  };
}

/** USCC-style usernames are matched upper-case (the code is stored that way). */
export function normaliseUsername(input: string): string {
  const trimmed = input.trim();
  return /^[0-9a-z]{18}(\.[\w-]+)?$/i.test(trimmed) && /\d/.test(trimmed) ? trimmed.replace(/^[0-9a-z]{18}/i, (m) => m.toUpperCase()) : trimmed;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  /**
   * Checks a username and password with lockout after repeated failures and throttling per
   * address. Every attempt is recorded (the login history). The password is checked before the
   * account state is revealed, so "locked"/"inactive" only answer someone who knows the password
   * — except a locked account, which is refused without checking, so guessing stops.
   */
  async authenticate(rawUsername: string, password: string, ip: string, channel: 'web' | 'api'): Promise<LoginResult> {
    const username = normaliseUsername(rawUsername).slice(0, 64);
    const now = new Date();
    const attempts = this.dataSource.getRepository(LoginAttempt);
    const recentIpFailures = await attempts.count({ where: { ip, success: false, at: MoreThan(new Date(now.getTime() - IP_WINDOW_MS)) } });
    const record = (success: boolean, reason: string | null) => attempts.insert({ username, ip, success, reason, channel, at: now });
    if (recentIpFailures >= IP_FAILURE_LIMIT) {
      await record(false, 'throttled');
      return { ok: false, reason: 'throttled' };
    }

    const user = await this.users.findOneBy({ username });
    if (!user) {
      await verifyPassword(password, UNMATCHABLE_HASH);
      await record(false, 'bad-credentials');
      return { ok: false, reason: 'bad-credentials' };
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
      await record(false, 'locked');
      return { ok: false, reason: 'locked', lockedMinutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000) };
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failed = user.failedAttempts + 1;
      const lock = failed >= this.config.lockoutThreshold;
      await this.users.update(user.id, {
        failedAttempts: lock ? 0 : failed,
        lockedUntil: lock ? new Date(now.getTime() + this.config.lockoutMinutes * 60_000) : user.lockedUntil,
      });
      await record(false, lock ? 'locked' : 'bad-credentials');
      return lock ? { ok: false, reason: 'locked', lockedMinutes: this.config.lockoutMinutes } : { ok: false, reason: 'bad-credentials' };
    }
    if (!user.active) {
      await record(false, 'inactive');
      return { ok: false, reason: 'inactive' };
    }
    await this.users.update(user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
    await record(true, null);
    return { ok: true, user };
  }

  async issueToken(user: User): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const accessToken = randomBytes(32).toString('base64url');
    const expiresIn = this.config.apiTokenTtlHours * 3600;
    await this.dataSource.getRepository(ApiToken).insert({
      userId: user.id,
      tokenHash: hashToken(accessToken),
      expiresAt: new Date(Date.now() + expiresIn * 1000),
      revokedAt: null,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  /** The actor behind a bearer token, or null when unknown, expired, revoked or the user is inactive. */
  async actorFromToken(token: string): Promise<Actor | null> {
    if (!token || token.length > 256) return null;
    const row = await this.dataSource.getRepository(ApiToken).findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    return this.actorFromUserId(row.userId);
  }

  async revokeToken(token: string): Promise<void> {
    await this.dataSource.getRepository(ApiToken).update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllTokens(userId: number): Promise<void> {
    await this.dataSource.getRepository(ApiToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async actorFromUserId(userId: number): Promise<Actor | null> {
    const user = await this.users.findOneBy({ id: userId });
    return user && user.active ? toActor(user) : null;
  }
}
