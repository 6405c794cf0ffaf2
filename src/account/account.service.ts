import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { CredentialsService } from '../auth/credentials.service.js';
import { listLogins } from '../auth/login-history.js';
import { verifyPassword } from '../auth/password.js';
import { HttpSession } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { NotFoundError } from '../common/errors.js';
import type { FieldErrors } from '../common/form.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { PasswordChangeDto } from './account.dto.js';

type Result<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

/** The signed-in user's own account: password, two-factor sign-in, login history. Actor first. */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async me(actor: Actor): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: actor.userId });
    if (!user) throw new NotFoundError('User');
    return user;
  }

  async overview(actor: Actor) {
    const user = await this.me(actor);
    const logins = await listLogins(this.dataSource, { username: user.username }, { page: 1, pageSize: 20 });
    return {
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordChangedAt: user.passwordChangedAt,
      lastLoginAt: user.lastLoginAt,
      totpEnabledAt: user.totpEnabledAt,
      totpRequired: this.credentials.secondFactorFor(user) !== 'none' || !this.credentials.mayDisableTotp(user),
      mayDisableTotp: !!user.totpEnabledAt && this.credentials.mayDisableTotp(user),
      recoveryCodesLeft: user.totpEnabledAt ? await this.credentials.remainingRecoveryCodes(user.id) : null,
      logins: logins.items,
      loginTotal: logins.total,
    };
  }

  logins(actor: Actor, page: { page?: number; pageSize?: number; sort?: string }) {
    return listLogins(this.dataSource, { username: actor.username }, page);
  }

  /**
   * Changes the user's own password: the current one must be right, the new one must pass the
   * policy and not repeat one of the last five. Every other session and every API token of the
   * user ends; `keepSid` (this browser's session) stays signed in.
   */
  async changePassword(actor: Actor, dto: PasswordChangeDto, keepSid: string | null): Promise<Result> {
    const user = await this.me(actor);
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) return { ok: false, errors: { currentPassword: 'account.currentPasswordWrong' } };
    if (dto.newPassword !== dto.confirmPassword) return { ok: false, errors: { confirmPassword: 'account.passwordMismatch' } };
    const problems = await this.credentials.passwordProblems(user, dto.newPassword);
    if (problems.length) return { ok: false, errors: { newPassword: `password.${problems[0]}` } };
    await this.dataSource.transaction(async (em) => {
      await this.credentials.setPassword(em, user.id, dto.newPassword);
      await this.audit.record(em, actor, { action: 'change-password', entity: 'user', entityId: user.id, after: { passwordChanged: true } });
      await em.delete(HttpSession, keepSid ? { userId: user.id, sid: Not(keepSid) } : { userId: user.id });
      await em.update(ApiToken, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
    return { ok: true };
  }

  async enrolmentView(actor: Actor, secret: string) {
    return this.credentials.enrolmentView(secret, actor.username);
  }

  newSecret(): string {
    return this.credentials.newSecret();
  }

  async isEnrolled(actor: Actor): Promise<boolean> {
    return !!(await this.me(actor)).totpEnabledAt;
  }

  /** Turns two-factor sign-in on with a code from the app; returns the recovery codes (shown once). */
  async enrol(actor: Actor, secret: string, code: string): Promise<Result<{ codes: string[] }>> {
    const user = await this.me(actor);
    if (user.totpEnabledAt) return { ok: false, errors: { code: 'totp.alreadyEnrolled' } };
    const codes = await this.dataSource.transaction(async (em) => {
      const created = await this.credentials.enrol(em, user.id, secret, code);
      if (created) await this.audit.record(em, actor, { action: 'totp-enrol', entity: 'user', entityId: user.id, after: { totp: true } });
      return created;
    });
    return codes ? { ok: true, codes } : { ok: false, errors: { code: 'totp.invalid' } };
  }

  /** Switching it off needs the password and a current code, and is refused where it is required. */
  async disable(actor: Actor, password: string, code: string): Promise<Result> {
    const user = await this.me(actor);
    if (!user.totpEnabledAt) return { ok: false, errors: { code: 'totp.notEnrolled' } };
    if (!this.credentials.mayDisableTotp(user)) return { ok: false, errors: { code: 'totp.cannotDisable' } };
    if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, errors: { password: 'account.currentPasswordWrong' } };
    if (!(await this.credentials.verify(user, code))) return { ok: false, errors: { code: 'totp.invalid' } };
    await this.dataSource.transaction(async (em) => {
      await this.credentials.disable(em, user.id);
      await this.audit.record(em, actor, { action: 'totp-disable', entity: 'user', entityId: user.id, before: { totp: true }, after: { totp: false } });
    });
    return { ok: true };
  }

  /** New recovery codes (the old ones stop working), after a current code. */
  async regenerateRecoveryCodes(actor: Actor, code: string): Promise<Result<{ codes: string[] }>> {
    const user = await this.me(actor);
    if (!user.totpEnabledAt) return { ok: false, errors: { code: 'totp.notEnrolled' } };
    if ((await this.credentials.verify(user, code)) !== 'totp') return { ok: false, errors: { code: 'totp.invalid' } };
    const codes = await this.dataSource.transaction(async (em) => {
      const created = await this.credentials.replaceRecoveryCodes(em, user.id);
      await this.audit.record(em, actor, { action: 'recovery-codes', entity: 'user', entityId: user.id, after: { recoveryCodes: created.length } });
      return created;
    });
    return { ok: true, codes };
  }

  get totpRequiredByConfig(): boolean {
    return this.config.totpRequired;
  }
}
