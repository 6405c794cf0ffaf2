import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { hashPassword, passwordProblems } from '../auth/password.js';
import { User } from '../auth/user.entity.js';
import { publicUrl } from '../common/public-url.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { MailService } from '../notifications/mail.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EnterpriseInvitation } from './invitation.entity.js';
import { enforce } from '../common/policy.js';
import { decidePortal } from './portal.policy.js';

/** How long an activation link works. */
export const INVITATION_TTL_DAYS = 7;

export interface InvitationCreate {
  enterpriseId: number;
  /** Admins only: tells several users of one enterprise apart (username USCC.suffix). */
  suffix?: string;
  displayName?: string;
  email?: string;
}

export type InvitationState = 'pending' | 'used' | 'expired' | 'revoked';

export function invitationState(i: Pick<EnterpriseInvitation, 'usedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationState {
  if (i.usedAt) return 'used';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type ActivationResult = { ok: true; username: string } | { ok: false; errors: Record<string, string> };

/**
 * Inviting an enterprise to the portal: an officer (or an admin) issues a one-time activation link
 * with an expiring token — only its SHA-256 is kept — and the enterprise sets its own password.
 * The username is the USCC (the convention of government service portals), or USCC.suffix when
 * an admin gives an enterprise several users.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private assertCanInvite(actor: Actor): void {
    enforce(decidePortal(actor, 'invite'));
  }

  /** Issues a link (on PUBLIC_BASE_URL, never the request's Host); an earlier pending link for the same username stops working. */
  async invite(actor: Actor, dto: InvitationCreate) {
    this.assertCanInvite(actor);
    const enterprise = await this.enterprises.get(actor, dto.enterpriseId);
    const suffix = dto.suffix?.trim();
    if (suffix) enforce(decidePortal(actor, 'chooseSuffix'));
    if (suffix && !/^[a-z0-9_-]{1,20}$/i.test(suffix)) throw new InvalidInputError('suffix must be 1–20 letters, digits, - or _', [{ field: 'suffix', message: 'must be 1–20 letters, digits, - or _' }]);
    const username = suffix ? `${enterprise.uscc}.${suffix.toLowerCase()}` : enterprise.uscc;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
    const saved = await this.dataSource.transaction(async (em) => {
      if (await em.existsBy(User, { username })) {
        throw new ConflictError(`A user ${username} already exists`, [{ field: suffix ? 'suffix' : 'enterpriseId', message: `user ${username} already exists` }]);
      }
      await em.update(EnterpriseInvitation, { username, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      const inv = await em.save(em.create(EnterpriseInvitation, {
        enterpriseId: enterprise.id, username, displayName: (dto.displayName?.trim() || enterprise.name).slice(0, 64), email: dto.email?.trim() || null,
        tokenHash: hashToken(token), expiresAt, usedAt: null, revokedAt: null, userId: null, createdBy: actor.userId || null,
      }));
      await this.audit.record(em, actor, { action: 'invite', entity: 'enterprise_invitation', entityId: inv.id, enterpriseId: enterprise.id, after: { username, email: inv.email, expiresAt: expiresAt.toISOString() } });
      return inv;
    });
    const activationUrl = publicUrl(this.config.publicBaseUrl, `/activate/${token}`);
    let emailed = false;
    if (saved.email && this.mail.enabled) {
      emailed = await this.mail.send({
        to: saved.email,
        subject: `${translate('zh-CN', 'app.name')} · ${translate('zh-CN', 'portal.mail.subject')}`,
        text: translate('zh-CN', 'portal.mail.body', { name: enterprise.name, username, url: activationUrl, days: INVITATION_TTL_DAYS }),
      });
    }
    return { id: saved.id, enterpriseId: enterprise.id, username, activationUrl, expiresAt, emailed };
  }

  /** Invitations the actor may see (its area), newest first. */
  async list(actor: Actor, enterpriseId?: number) {
    this.assertCanInvite(actor);
    const qb = this.dataSource.getRepository(EnterpriseInvitation).createQueryBuilder('i').innerJoin(Enterprise, 'e', 'e.id = i.enterprise_id AND e.deleted_at IS NULL');
    applyScope(qb, 'e', scopeOf(actor));
    if (enterpriseId) qb.andWhere('i.enterprise_id = :eid', { eid: enterpriseId });
    const rows = await qb.orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').limit(200).getMany();
    const names = rows.length ? await this.dataSource.getRepository(Enterprise).find({ where: rows.map((r) => ({ id: r.enterpriseId })), select: { id: true, name: true, uscc: true } }) : [];
    const now = new Date();
    return rows.map((i) => ({
      id: i.id, enterpriseId: i.enterpriseId, enterpriseName: names.find((n) => n.id === i.enterpriseId)?.name ?? '', username: i.username, email: i.email,
      createdAt: i.createdAt, expiresAt: i.expiresAt, usedAt: i.usedAt, state: invitationState(i, now),
    }));
  }

  async revoke(actor: Actor, id: number): Promise<void> {
    this.assertCanInvite(actor);
    await this.dataSource.transaction(async (em) => {
      const inv = await em.findOneBy(EnterpriseInvitation, { id });
      if (!inv) throw new NotFoundError('Invitation');
      await this.enterprises.get(actor, inv.enterpriseId, { manager: em }).catch(() => {
        throw new NotFoundError('Invitation');
      });
      if (inv.usedAt || inv.revokedAt) throw new ConflictError('The invitation is no longer pending', [{ field: 'state', message: invitationState(inv) }]);
      await em.update(EnterpriseInvitation, { id }, { revokedAt: new Date(), version: inv.version + 1 });
      await this.audit.record(em, actor, { action: 'revoke', entity: 'enterprise_invitation', entityId: id, enterpriseId: inv.enterpriseId, before: { state: 'pending' }, after: { state: 'revoked' } });
    });
  }

  /** The pending invitation of a link (public), or null when unknown, used, revoked or expired. */
  async lookup(token: string): Promise<{ username: string; enterpriseName: string; expiresAt: Date } | null> {
    if (!token || token.length > 100) return null;
    const inv = await this.dataSource.getRepository(EnterpriseInvitation).findOneBy({ tokenHash: hashToken(token), usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (!inv) return null;
    const e = await this.dataSource.getRepository(Enterprise).findOneBy({ id: inv.enterpriseId });
    return e ? { username: inv.username, enterpriseName: e.name, expiresAt: inv.expiresAt } : null;
  }

  /**
   * Activates a link: creates the enterprise user with the chosen password (policy checked) and
   * spends the link, in one transaction; a link works once.
   */
  async activate(token: string, password: string, confirm: string, locale: Locale): Promise<ActivationResult> {
    const pending = await this.lookup(token);
    if (!pending) throw new NotFoundError('Invitation');
    const errors: Record<string, string> = {};
    const problems = passwordProblems(password, pending.username);
    if (problems.length) errors.password = problems.map((p) => translate(locale, `portal.password.${p}`)).join(' ');
    if (password !== confirm) errors.confirm = translate(locale, 'portal.password.mismatch');
    if (Object.keys(errors).length) return { ok: false, errors };
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (em) => {
      const inv = await em.findOneBy(EnterpriseInvitation, { tokenHash: hashToken(token) });
      if (!inv) throw new NotFoundError('Invitation');
      const spent = await em.createQueryBuilder().update(EnterpriseInvitation)
        .set({ usedAt: new Date(), version: () => 'version + 1' } as never)
        .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { id: inv.id, now: new Date() }).execute();
      if (!spent.affected) throw new NotFoundError('Invitation');
      if (await em.existsBy(User, { username: inv.username })) throw new ConflictError(`A user ${inv.username} already exists`, [{ field: 'username', message: 'already exists' }]);
      const user = await em.save(em.create(User, {
        username: inv.username, displayName: inv.displayName, role: 'enterprise', districtCode: null, zoneCode: null, enterpriseId: inv.enterpriseId,
        passwordHash, locale, active: true, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, passwordChangedAt: new Date(),
      }));
      await em.update(EnterpriseInvitation, { id: inv.id }, { userId: user.id });
      if (inv.email) await this.notifications.rememberEmail(em, user.id, inv.email, true);
      const self: Actor = { userId: user.id, username: user.username, displayName: user.displayName, role: 'enterprise', districtCode: null, zoneCode: null, enterpriseId: inv.enterpriseId, locale };
      await this.audit.record(em, self, { action: 'activate', entity: 'user', entityId: user.id, enterpriseId: inv.enterpriseId, after: { username: user.username, role: 'enterprise', invitation: inv.id } });
      return { ok: true as const, username: user.username };
    });
  }
}
