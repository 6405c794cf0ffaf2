import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { hashPassword, PASSWORD_HISTORY_DEPTH, passwordProblems, verifyPassword, type PasswordProblem } from './password.js';
import { PasswordHistory } from './password-history.entity.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { TOTP_ROLES } from './role.js';
import {
  decryptSecret, encryptSecret, hashRecoveryCode, looksLikeRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri, qrDataUrl,
} from './totp.js';
import { User } from './user.entity.js';

export type SecondFactor = 'none' | 'totp' | 'enrol';

/**
 * The user's credentials: the password (policy, history, change) and the second factor (TOTP
 * enrolment, verification with replay protection, single-use recovery codes). No HTTP here.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Everything wrong with a proposed password for this user, including reuse of a recent one. */
  async passwordProblems(user: { id?: number; username: string; passwordHash?: string }, password: string): Promise<PasswordProblem[]> {
    const problems = passwordProblems(password, user.username);
    if (problems.length || !user.id) return problems;
    const recent = await this.dataSource.getRepository(PasswordHistory).find({ where: { userId: user.id }, order: { id: 'DESC' }, take: PASSWORD_HISTORY_DEPTH });
    const hashes = new Set([...(user.passwordHash ? [user.passwordHash] : []), ...recent.map((r) => r.passwordHash)]);
    for (const hash of hashes) {
      if (await verifyPassword(password, hash)) return ['reused'];
    }
    return [];
  }

  /** Stores a new password (already checked) and remembers it in the history. */
  async setPassword(em: EntityManager, userId: number, password: string): Promise<string> {
    const passwordHash = await hashPassword(password);
    await em.update(User, userId, { passwordHash, passwordChangedAt: new Date(), failedAttempts: 0, lockedUntil: null });
    await em.insert(PasswordHistory, { userId, passwordHash });
    // Only the last few are needed.
    const old = await em.find(PasswordHistory, { where: { userId }, order: { id: 'DESC' }, skip: PASSWORD_HISTORY_DEPTH, take: 1000, select: { id: true } });
    if (old.length) await em.delete(PasswordHistory, old.map((o) => o.id));
    return passwordHash;
  }

  /** What a user must do after the password: nothing, a TOTP code, or enrol first. */
  secondFactorFor(user: User): SecondFactor {
    if (user.totpEnabledAt && user.totpSecret) return 'totp';
    if (this.config.totpRequired && TOTP_ROLES.includes(user.role)) return 'enrol';
    return 'none';
  }

  /** Whether the user may switch two-factor sign-in off (never for admins and managers when required). */
  mayDisableTotp(user: User): boolean {
    return !(this.config.totpRequired && TOTP_ROLES.includes(user.role));
  }

  newSecret(): string {
    return newTotpSecret();
  }

  async enrolmentView(secret: string, username: string): Promise<{ qr: string; secret: string; uri: string }> {
    const uri = otpauthUri(secret, this.config.totpIssuer, username);
    return { qr: await qrDataUrl(uri), secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri };
  }

  /**
   * Turns two-factor sign-in on once the user proved the app works (a valid code for the new
   * secret); returns the fresh recovery codes (shown once), or null for a wrong code.
   */
  async enrol(em: EntityManager, userId: number, secret: string, code: string): Promise<string[] | null> {
    const step = matchTotp(secret, code);
    if (step === null) return null;
    await em.update(User, userId, { totpSecret: encryptSecret(secret, this.config.totpSecretKey), totpEnabledAt: new Date(), totpLastStep: step });
    return this.replaceRecoveryCodes(em, userId);
  }

  async disable(em: EntityManager, userId: number): Promise<void> {
    await em.update(User, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    await em.delete(RecoveryCode, { userId });
  }

  async replaceRecoveryCodes(em: EntityManager, userId: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await em.delete(RecoveryCode, { userId });
    for (const code of codes) await em.insert(RecoveryCode, { userId, codeHash: hashRecoveryCode(code), usedAt: null });
    return codes;
  }

  remainingRecoveryCodes(userId: number): Promise<number> {
    return this.dataSource.getRepository(RecoveryCode).countBy({ userId, usedAt: IsNull() });
  }

  /**
   * Checks a second-factor code: a current TOTP code not used before (each 30-second step once),
   * or an unused recovery code (then spent). Both checks are conditional updates, so two
   * concurrent requests cannot both use the same code.
   */
  async verify(user: User, code: string): Promise<'totp' | 'recovery' | null> {
    if (!user.totpSecret || !user.totpEnabledAt) return null;
    const input = code.trim();
    if (/^\d{6}$/.test(input.replace(/\s+/g, ''))) {
      const secret = decryptSecret(user.totpSecret, this.config.totpSecretKey);
      if (!secret) return null;
      const step = matchTotp(secret, input);
      if (step === null) return null;
      const res = await this.dataSource
        .createQueryBuilder()
        .update(User)
        .set({ totpLastStep: step })
        .where('id = :id', { id: user.id })
        .andWhere('(totp_last_step IS NULL OR totp_last_step < :step)', { step })
        .execute();
      return res.affected ? 'totp' : null;
    }
    if (looksLikeRecoveryCode(input)) {
      const res = await this.dataSource
        .createQueryBuilder()
        .update(RecoveryCode)
        .set({ usedAt: new Date() })
        .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', { userId: user.id, hash: hashRecoveryCode(input) })
        .execute();
      return res.affected ? 'recovery' : null;
    }
    return null;
  }
}
