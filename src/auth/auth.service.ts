import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isLocale } from '../i18n/locale.js';
import type { Actor } from './actor.js';
import { ApiToken } from './api-token.entity.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { CredentialsService } from './credentials.service.js';
import { AuthCacheService } from './auth-cache.service.js';
import { AttemptLimits } from './attempt-limits.js';
import { UNMATCHABLE_HASH } from './password.js';
import { PasswordVerifier } from './password-verifier.js';
import { User } from './user.entity.js';
import { TOKEN_ONLY_ROLES } from './role.js';

export type LoginFailure = 'bad-credentials' | 'locked' | 'inactive' | 'throttled' | 'totp-required' | 'totp-invalid' | 'enrolment-required';
/** attempt: the position of the sign-in's counted attempt (see AttemptLimits), for completeSignIn. */
export type LoginResult = { ok: true; user: User; attempt: number } | { ok: false; reason: LoginFailure; lockedMinutes?: number };
export type Channel = 'web' | 'api';

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
    private readonly credentials: CredentialsService,
    private readonly limits: AttemptLimits,
    private readonly verifier: PasswordVerifier,
    private readonly authCache: AuthCacheService,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  private recordAttempt(username: string, ip: string, channel: Channel, success: boolean, reason: string | null): Promise<unknown> {
    return this.dataSource.getRepository(LoginAttempt).insert({ username: username.slice(0, 64), ip: ip.slice(0, 64), success, reason, channel, at: new Date() });
  }

  /**
   * The first factor: checks a username and password with lockout after repeated failures and
   * throttling per address. Failures are recorded (the login history). The password is checked
   * before the account state is revealed, so "locked"/"inactive" only answer someone who knows
   * the password — except a locked account, which is refused without checking, so guessing stops.
   * The attempt is counted against the address and the account before the (slow) hash, atomically
   * (attempt-limits.ts), so parallel guesses cannot outrun the lockout; a right password gives the
   * counts back. Failures before this attempt are cleared only once every factor has passed
   * (completeSignIn), so a known password does not reset TOTP guessing.
   */
  async checkPassword(rawUsername: string, password: string, ip: string, channel: Channel): Promise<LoginResult> {
    const username = normaliseUsername(rawUsername).slice(0, 64);
    const address = await this.limits.reserveAddress(ip);
    if (!address) {
      await this.recordAttempt(username, ip, channel, false, 'throttled');
      return { ok: false, reason: 'throttled' };
    }

    const user = await this.users.findOneBy({ username });
    if (!user) {
      await this.verifier.verify(password, UNMATCHABLE_HASH);
      await this.recordAttempt(username, ip, channel, false, 'bad-credentials');
      return { ok: false, reason: 'bad-credentials' };
    }
    const slot = await this.limits.reserveAccount(user.id);
    if (!slot.ok) {
      await this.recordAttempt(username, ip, channel, false, 'locked');
      return { ok: false, reason: 'locked', lockedMinutes: slot.lockedMinutes };
    }
    if (!(await this.verifier.verify(password, user.passwordHash))) return this.failed(user, ip, channel, 'bad-credentials');
    await this.limits.releaseAddress(address);
    if (!(await this.limits.releaseAccount(user.id))) {
      await this.recordAttempt(username, ip, channel, false, 'locked');
      return { ok: false, reason: 'locked', lockedMinutes: this.config.lockoutMinutes };
    }
    if (!user.active) {
      await this.recordAttempt(username, ip, channel, false, 'inactive');
      return { ok: false, reason: 'inactive' };
    }
    // Integration accounts hold administrator-issued tokens only: a password never signs them in.
    if (TOKEN_ONLY_ROLES.includes(user.role)) {
      await this.recordAttempt(username, ip, channel, false, 'token-only');
      return { ok: false, reason: 'bad-credentials' };
    }
    return { ok: true, user, attempt: slot.position };
  }

  /** A wrong password or code whose attempt was counted: lock at the threshold, record it. */
  private async failed(user: User, ip: string, channel: Channel, reason: 'bad-credentials' | 'totp-invalid'): Promise<{ ok: false; reason: LoginFailure; lockedMinutes?: number }> {
    const lock = await this.limits.failAccount(user.id);
    await this.recordAttempt(user.username, ip, channel, false, lock ? 'locked' : reason);
    return lock ? { ok: false, reason: 'locked', lockedMinutes: this.config.lockoutMinutes } : { ok: false, reason };
  }

  /** Minutes left of a lock, or 0. */
  lockedMinutes(user: User, now = Date.now()): number {
    return user.lockedUntil && user.lockedUntil.getTime() > now ? Math.ceil((user.lockedUntil.getTime() - now) / 60_000) : 0;
  }

  secondFactorFor(user: User) {
    return this.credentials.secondFactorFor(user);
  }

  /**
   * The second factor (a TOTP code or a recovery code) for a user who passed the password.
   * A wrong code counts towards the lockout and the address throttle like a wrong password,
   * counted before the code is checked.
   */
  async checkSecondFactor(userId: number, code: string, ip: string, channel: Channel): Promise<{ ok: true; user: User; used: 'totp' | 'recovery'; attempt: number } | { ok: false; reason: LoginFailure; lockedMinutes?: number }> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user || !user.active) return { ok: false, reason: 'inactive' };
    const address = await this.limits.reserveAddress(ip);
    if (!address) {
      await this.recordAttempt(user.username, ip, channel, false, 'throttled');
      return { ok: false, reason: 'throttled' };
    }
    const slot = await this.limits.reserveAccount(user.id);
    if (!slot.ok) {
      await this.recordAttempt(user.username, ip, channel, false, 'locked');
      return { ok: false, reason: 'locked', lockedMinutes: slot.lockedMinutes };
    }
    const used = await this.credentials.verify(user, code.slice(0, 64));
    if (!used) return this.failed(user, ip, channel, 'totp-invalid');
    await this.limits.releaseAddress(address);
    if (!(await this.limits.releaseAccount(user.id))) {
      await this.recordAttempt(user.username, ip, channel, false, 'locked');
      return { ok: false, reason: 'locked', lockedMinutes: this.config.lockoutMinutes };
    }
    return { ok: true, user, used, attempt: slot.position };
  }

  /**
   * Every factor passed: clear the failures counted before the final factor's attempt (`attempt`,
   * its position; all of them when not given), note the time, record the success.
   */
  async completeSignIn(user: User, ip: string, channel: Channel, reason: string | null = null, attempt?: number): Promise<void> {
    await this.limits.signedIn(user.id, attempt === undefined ? null : attempt - 1);
    await this.recordAttempt(user.username, ip, channel, true, reason);
  }

  /**
   * Sign-in in one call (the API token endpoint): the password, then — for users with two-factor
   * sign-in — the `totp` code. An admin or manager who must enrol first is told to sign in on the
   * web, where enrolment happens.
   */
  async authenticate(rawUsername: string, password: string, ip: string, channel: Channel, totp?: string): Promise<LoginResult> {
    const first = await this.checkPassword(rawUsername, password, ip, channel);
    if (!first.ok) return first;
    const factor = this.credentials.secondFactorFor(first.user);
    if (factor === 'enrol') {
      await this.recordAttempt(first.user.username, ip, channel, false, 'enrolment-required');
      return { ok: false, reason: 'enrolment-required' };
    }
    if (factor === 'totp') {
      if (!totp) {
        await this.recordAttempt(first.user.username, ip, channel, false, 'totp-required');
        return { ok: false, reason: 'totp-required' };
      }
      const second = await this.checkSecondFactor(first.user.id, totp, ip, channel);
      if (!second.ok) return second;
      await this.completeSignIn(first.user, ip, channel, second.used === 'recovery' ? 'recovery-code' : null, second.attempt);
      return { ok: true, user: first.user, attempt: second.attempt };
    }
    await this.completeSignIn(first.user, ip, channel, null, first.attempt);
    return first;
  }

  /** A new bearer token (only its hash is stored); `expiresInSeconds` for administrator-issued ones, else the configured TTL. */
  async issueToken(user: User, expiresInSeconds?: number, manager: EntityManager = this.dataSource.manager): Promise<{ id: number; accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const accessToken = randomBytes(32).toString('base64url');
    const expiresIn = expiresInSeconds ?? this.config.apiTokenTtlHours * 3600;
    const inserted = await manager.getRepository(ApiToken).insert({
      userId: user.id,
      tokenHash: hashToken(accessToken),
      expiresAt: new Date(Date.now() + expiresIn * 1000),
      revokedAt: null,
    });
    return { id: Number(inserted.identifiers[0]!.id), accessToken, tokenType: 'Bearer', expiresIn };
  }

  /** The actor behind a bearer token, or null when unknown, expired, revoked or the user is inactive. */
  /** The caller behind a bearer token; the token row is kept for AUTH_CACHE_MS (auth-cache.ts), its expiry checked each time. */
  async actorFromToken(token: string): Promise<Actor | null> {
    if (!token || token.length > 256) return null;
    const hash = hashToken(token);
    const cache = this.authCache.cache;
    let row = cache.token(hash, Date.now());
    if (!row) {
      const readAt = cache.generation;
      const found = await this.dataSource.getRepository(ApiToken).findOneBy({ tokenHash: hash, revokedAt: IsNull() });
      if (!found) return null;
      row = { userId: found.userId, expiresAt: found.expiresAt.getTime() };
      cache.keepToken(hash, row, readAt, Date.now());
    }
    if (row.expiresAt <= Date.now()) return null;
    return this.actorFromUserId(row.userId);
  }

  async revokeToken(token: string): Promise<void> {
    await this.dataSource.getRepository(ApiToken).update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllTokens(userId: number): Promise<void> {
    await this.dataSource.getRepository(ApiToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** The caller behind a session or token: an active user, kept for AUTH_CACHE_MS (auth-cache.ts). */
  async actorFromUserId(userId: number): Promise<Actor | null> {
    const cache = this.authCache.cache;
    const hit = cache.actor(userId, Date.now());
    if (hit) return hit;
    const readAt = cache.generation;
    const user = await this.users.findOneBy({ id: userId });
    if (!user || !user.active) return null;
    const actor = toActor(user);
    cache.keepActor(actor, readAt, Date.now());
    return actor;
  }
}
