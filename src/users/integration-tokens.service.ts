import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { AuthService } from '../auth/auth.service.js';
import { TOKEN_ONLY_ROLES } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { businessToday } from '../common/clock.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';

/** Longest life of an integration token: a year, so a forgotten one still ends. */
export const INTEGRATION_TOKEN_MAX_DAYS = 366;

export interface IntegrationTokenView {
  id: number;
  userId: number;
  username: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

/**
 * Bearer tokens of integration accounts (issue 20): issued by an administrator with an expiry date
 * (end of that Beijing day), shown once, listed without their secret, revoked at will. Every issue and
 * revocation is audited. The integration account itself never signs in with a password.
 */
@Injectable()
export class IntegrationTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async issue(actor: Actor, userId: number, expiresOn: string): Promise<{ id: number; accessToken: string; tokenType: 'Bearer'; expiresAt: Date }> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user || !TOKEN_ONLY_ROLES.includes(user.role) || !user.active) {
      throw new InvalidInputError('Not an active integration account', [{ field: 'userId', message: 'must be an active integration account', key: 'integration.notIntegration' }]);
    }
    const today = businessToday();
    const days = (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
    if (!(days >= 1 && days <= INTEGRATION_TOKEN_MAX_DAYS)) {
      throw new InvalidInputError('Bad expiry date', [{ field: 'expiresOn', message: `must be after today and at most ${INTEGRATION_TOKEN_MAX_DAYS} days ahead`, key: 'integration.expiryRange', params: { max: INTEGRATION_TOKEN_MAX_DAYS } }]);
    }
    // The token ends at the close of its last day in Beijing (UTC+8, no daylight saving).
    const expiresAt = new Date(Date.parse(`${expiresOn}T23:59:59+08:00`));
    const seconds = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
    return this.dataSource.transaction(async (em) => {
      const issued = await this.auth.issueToken(user, seconds, em);
      await this.audit.record(em, actor, { action: 'issue-token', entity: 'api_token', entityId: issued.id, before: null, after: { username: user.username, expiresAt: expiresAt.toISOString() } });
      return { id: issued.id, accessToken: issued.accessToken, tokenType: 'Bearer' as const, expiresAt };
    });
  }

  async list(): Promise<IntegrationTokenView[]> {
    const rows = await this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .innerJoin(User, 'u', 'u.id = t.user_id')
      .where('u.role IN (:...roles)', { roles: [...TOKEN_ONLY_ROLES] })
      .select(['t.id AS id', 't.user_id AS "userId"', 'u.username AS username', 't.expires_at AS "expiresAt"', 't.revoked_at AS "revokedAt"', 't.created_at AS "createdAt"'])
      .orderBy('t.id', 'DESC')
      .limit(500)
      .getRawMany<Record<string, unknown>>();
    const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`));
    return rows.map((r) => ({ id: Number(r.id), userId: Number(r.userId), username: String(r.username), expiresAt: date(r.expiresAt)!, revokedAt: date(r.revokedAt), createdAt: date(r.createdAt)! }));
  }

  async revoke(actor: Actor, id: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const token = await em.getRepository(ApiToken).findOneBy({ id });
      const user = token ? await em.getRepository(User).findOneBy({ id: token.userId }) : null;
      if (!token || !user || !TOKEN_ONLY_ROLES.includes(user.role)) throw new NotFoundError('Token');
      if (token.revokedAt) return;
      await em.getRepository(ApiToken).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(em, actor, { action: 'revoke-token', entity: 'api_token', entityId: id, before: { revoked: false }, after: { revoked: true, username: user.username } });
    });
  }
}
