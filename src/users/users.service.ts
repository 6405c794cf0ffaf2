import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { CredentialsService } from '../auth/credentials.service.js';
import { hashPassword } from '../auth/password.js';
import { PasswordHistory } from '../auth/password-history.entity.js';
import { HttpSession } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, StaleVersionError } from '../common/errors.js';
import type { FieldErrors } from '../common/form.js';
import { pageCount, paginate, type Page } from '../common/list-query.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { UserCreateDto, UserUpdateDto } from './user.dto.js';
import { decideRoleChange, roleHasArea, roleHasEnterprise, scopeForRole } from './user.policy.js';

export type UserView = ReturnType<typeof mapUser>;

export function mapUser(u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    districtCode: u.districtCode,
    zoneCode: u.zoneCode,
    enterpriseId: u.enterpriseId,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > Date.now(),
    lastLoginAt: u.lastLoginAt,
    totp: !!u.totpEnabledAt,
    version: u.version,
  };
}

const auditable = (u: User) => ({
  username: u.username, displayName: u.displayName, role: u.role, districtCode: u.districtCode, zoneCode: u.zoneCode, enterpriseId: u.enterpriseId, active: u.active, totp: !!u.totpEnabledAt,
});

/** Account administration (admin only; the controller is role-gated, the service audits). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly reference: ReferenceService,
    private readonly credentials: CredentialsService,
  ) {}

  /** Names of the enterprises that enterprise accounts belong to, for the user list (ids are internal). */
  async enterpriseNames(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.dataSource.getRepository(Enterprise).createQueryBuilder('e').withDeleted().select(['e.id', 'e.name']).where('e.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(rows.map((e) => [e.id, e.name]));
  }

  async list(query: { q?: string; role?: string; page?: number }): Promise<Page<UserView> & { pages: number }> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.q) qb.andWhere('(u.username LIKE :q OR u.display_name LIKE :q)', { q: `%${query.q.replace(/[%_]/g, '')}%` });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    const page = await paginate(qb, { page: query.page, pageSize: 50 }, { username: 'u.username' }, 'username', 'u.id');
    return { ...page, items: page.items.map(mapUser), pages: pageCount(page.total, page.pageSize) };
  }

  async get(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** Field problems that class-validator cannot see (scope consistency, uniqueness, password policy). */
  private async scopeProblems(dto: { role: string; districtCode?: string; zoneCode?: string; enterpriseId?: number }): Promise<FieldErrors> {
    const errors: FieldErrors = {};
    if (dto.districtCode && !(await this.reference.district(dto.districtCode))) errors.districtCode = 'validation.invalid';
    if (dto.zoneCode && !(await this.reference.zone(dto.zoneCode))) errors.zoneCode = 'validation.invalid';
    if (roleHasArea(dto.role) && !dto.districtCode && !dto.zoneCode) errors.districtCode = 'validation.scopeRequired';
    if (roleHasEnterprise(dto.role)) {
      if (!dto.enterpriseId) errors.enterpriseId = 'validation.enterpriseRequired';
      else if (!(await this.dataSource.getRepository(Enterprise).existsBy({ id: dto.enterpriseId }))) errors.enterpriseId = 'validation.invalid';
    }
    return errors;
  }

  /** Only the scope fields that matter for the role are kept, so a role change cannot leave a stale scope. */
  private scopeFor(dto: { role: string; districtCode?: string; zoneCode?: string; enterpriseId?: number }) {
    return scopeForRole(dto);
  }

  async create(actor: Actor, dto: UserCreateDto): Promise<{ ok: true; user: User } | { ok: false; errors: FieldErrors }> {
    const errors = await this.scopeProblems(dto);
    const problems = await this.credentials.passwordProblems({ username: dto.username }, dto.password);
    if (problems.length) errors.password = `password.${problems[0]}`;
    if (await this.dataSource.getRepository(User).existsBy({ username: dto.username })) errors.username = 'validation.usernameTaken';
    if (Object.keys(errors).length) return { ok: false, errors };
    const passwordHash = await hashPassword(dto.password);
    const user = await this.dataSource.transaction(async (em) => {
      const created = await em.save(em.create(User, {
        username: dto.username, displayName: dto.displayName, role: dto.role, ...this.scopeFor(dto),
        passwordHash, locale: 'zh-CN', active: true, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, passwordChangedAt: new Date(),
      }));
      await em.insert(PasswordHistory, { userId: created.id, passwordHash });
      await this.audit.record(em, actor, { action: 'create', entity: 'user', entityId: created.id, after: auditable(created) });
      return created;
    });
    return { ok: true, user };
  }

  async update(actor: Actor, id: number, dto: UserUpdateDto): Promise<{ ok: true; user: User } | { ok: false; errors: FieldErrors }> {
    const errors = await this.scopeProblems(dto);
    // Separation of duties: nobody changes their own role (an admin cannot make itself an auditor, or back).
    if (!decideRoleChange(actor, id, dto.role).allowed) errors.role = 'users.ownRole';
    if (Object.keys(errors).length) return { ok: false, errors };
    const user = await this.mutate(actor, id, dto.version, 'update', (u) => {
      Object.assign(u, { displayName: dto.displayName, role: dto.role, ...this.scopeFor(dto) });
    });
    // A changed role or scope takes effect at once: the write empties this process's user cache (auth-cache.service.ts), other workers within a second.
    return { ok: true, user };
  }

  async unlock(actor: Actor, id: number): Promise<User> {
    return this.mutate(actor, id, null, 'unlock', (u) => {
      u.failedAttempts = 0;
      u.lockedUntil = null;
    });
  }

  async setActive(actor: Actor, id: number, active: boolean): Promise<User> {
    if (!active && id === actor.userId) throw new ForbiddenError('You cannot deactivate your own account');
    const user = await this.mutate(actor, id, null, active ? 'activate' : 'deactivate', (u) => {
      u.active = active;
    });
    if (!active) await this.endAccess(id);
    return user;
  }

  async resetPassword(actor: Actor, id: number, password: string): Promise<{ ok: true; user: User } | { ok: false; errors: FieldErrors }> {
    const current = await this.get(id);
    const problems = await this.credentials.passwordProblems(current, password);
    if (problems.length) return { ok: false, errors: { password: `password.${problems[0]}` } };
    const passwordHash = await hashPassword(password);
    const user = await this.mutate(actor, id, null, 'reset-password', (u) => {
      u.passwordHash = passwordHash;
      u.passwordChangedAt = new Date();
      u.failedAttempts = 0;
      u.lockedUntil = null;
    }, (em) => em.insert(PasswordHistory, { userId: id, passwordHash }));
    await this.endAccess(id);
    return { ok: true, user };
  }

  /**
   * A lost phone: the admin switches the user's two-factor sign-in off (recovery codes too) and
   * ends the user's sessions; an admin or manager enrols again at the next sign-in.
   */
  async resetTotp(actor: Actor, id: number): Promise<User> {
    const user = await this.mutate(actor, id, null, 'totp-reset', (u) => {
      u.totpSecret = null;
      u.totpEnabledAt = null;
      u.totpLastStep = null;
    }, (em) => this.credentials.disable(em, id));
    await this.endAccess(id);
    return user;
  }

  private async endAccess(userId: number): Promise<void> {
    await this.dataSource.getRepository(HttpSession).delete({ userId });
    await this.auth.revokeAllTokens(userId);
  }

  /** Read, check the version, change, save and audit in one transaction. */
  private mutate(actor: Actor, id: number, expectedVersion: number | null, action: string, change: (u: User) => void, alsoIn?: (em: EntityManager) => Promise<unknown>): Promise<User> {
    return this.dataSource.transaction(async (em: EntityManager) => {
      const user = await em.findOneBy(User, { id });
      if (!user) throw new NotFoundError('User');
      if (expectedVersion !== null && user.version !== expectedVersion) throw new StaleVersionError('User', user.version);
      const before = auditable(user);
      change(user);
      const saved = await em.save(user);
      if (alsoIn) await alsoIn(em);
      await this.audit.record(em, actor, { action, entity: 'user', entityId: id, before, after: auditable(saved) });
      return saved;
    });
  }
}
