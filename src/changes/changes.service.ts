import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { encodeCursor, entitiesOf, feedIdOf, feedTypeOf, opOf, type FeedType } from './change-feed.js';

export interface ChangeItem {
  cursor: string;
  type: FeedType;
  id: string;
  op: 'upsert' | 'delete';
  at: Date;
  /** The enterprise the change belongs to (null for records of no single enterprise). */
  enterpriseId: number | null;
}

/** Parses what TypeORM hands back for a datetime read raw (SQLite: UTC text without zone). */
const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`));

/**
 * GET /api/v1/changes: the audit chain read forward from a cursor, filtered to the requested types
 * and to the caller's scope (the enterprise of each entry decides, as for every read; entries of no
 * enterprise are seen only by city-wide roles). Deleted and merged files stay visible to their scope
 * here, so their `delete` reaches the consumer.
 */
@Injectable()
export class ChangesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(actor: Actor, after: number, types: readonly FeedType[], limit: number): Promise<{ items: ChangeItem[]; next: string }> {
    const entities = entitiesOf(types);
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .withDeleted()
      .leftJoin(Enterprise, 'e', 'e.id = a.enterprise_id')
      .select(['a.id AS id', 'a.at AS at', 'a.action AS action', 'a.entity AS entity', 'a.entity_id AS "entityId"', 'a.enterprise_id AS "enterpriseId"', 'a.after AS after'])
      .where('a.id > :after', { after })
      .andWhere('a.entity IN (:...entities)', { entities })
      .orderBy('a.id', 'ASC')
      .limit(limit);
    applyScope(qb, 'e', scopeOf(actor));
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const items = rows.map((r) => {
      const entity = String(r.entity);
      const enterpriseId = r.enterpriseId === null || r.enterpriseId === undefined ? null : Number(r.enterpriseId);
      let after: unknown = r.after;
      if (typeof after === 'string') {
        try {
          after = JSON.parse(after);
        } catch {
          after = null;
        }
      }
      return {
        cursor: encodeCursor(Number(r.id)),
        type: feedTypeOf(entity)!,
        id: feedIdOf(entity, String(r.entityId), enterpriseId),
        op: opOf(String(r.action), entity, after),
        at: asDate(r.at),
        enterpriseId,
      };
    });
    return { items, next: items.length ? items[items.length - 1]!.cursor : encodeCursor(after) };
  }
}
