import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from './actor.js';

/**
 * Which enterprises an actor may see. Built from the actor in one place and applied to every query
 * that touches enterprise data. Anything unrecognised becomes `none`: the scope fails closed.
 */
export type AccessScope =
  | { kind: 'all' }
  | { kind: 'area'; districtCodes: string[]; zoneCodes: string[] }
  | { kind: 'enterprise'; enterpriseId: number }
  | { kind: 'none' };

export function scopeOf(actor: Actor | null | undefined): AccessScope {
  if (!actor) return { kind: 'none' };
  switch (actor.role) {
    case 'admin':
    case 'manager':
    case 'integration':
      return { kind: 'all' };
    case 'officer': {
      const districtCodes = actor.districtCode ? [actor.districtCode] : [];
      const zoneCodes = actor.zoneCode ? [actor.zoneCode] : [];
      return districtCodes.length || zoneCodes.length ? { kind: 'area', districtCodes, zoneCodes } : { kind: 'none' };
    }
    case 'enterprise':
      return actor.enterpriseId ? { kind: 'enterprise', enterpriseId: actor.enterpriseId } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

let scopeParamSeq = 0;

/**
 * Restricts a query to the scope. `alias` is the enterprise alias in the query (the table whose
 * id, district_code and zone_code decide visibility). Soft-deleted enterprises stay hidden unless
 * the query opted in with withDeleted().
 */
export function applyScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, scope: AccessScope): SelectQueryBuilder<T> {
  const p = `scope${++scopeParamSeq % 1_000_000}`;
  switch (scope.kind) {
    case 'all':
      return qb;
    case 'area': {
      const parts: string[] = [];
      const params: Record<string, unknown> = {};
      if (scope.districtCodes.length) {
        parts.push(`${alias}.district_code IN (:...${p}d)`);
        params[`${p}d`] = scope.districtCodes;
      }
      if (scope.zoneCodes.length) {
        parts.push(`${alias}.zone_code IN (:...${p}z)`);
        params[`${p}z`] = scope.zoneCodes;
      }
      return parts.length ? qb.andWhere(`(${parts.join(' OR ')})`, params) : qb.andWhere('1 = 0');
    }
    case 'enterprise':
      return qb.andWhere(`${alias}.id = :${p}e`, { [`${p}e`]: scope.enterpriseId });
    default:
      return qb.andWhere('1 = 0');
  }
}

/** The same decision for one already-loaded enterprise row. */
export function scopeAllows(scope: AccessScope, enterprise: { id: number; districtCode: string; zoneCode: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'area':
      return scope.districtCodes.includes(enterprise.districtCode) || (enterprise.zoneCode !== null && scope.zoneCodes.includes(enterprise.zoneCode));
    case 'enterprise':
      return scope.enterpriseId === enterprise.id;
    default:
      return false;
  }
}
