import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../src/auth/actor.js';
import { applyScope, scopeOf } from '../src/auth/access-scope.js';
import { ShapeDriftError, shapedSql, verifyShapedSql } from '../src/database/shaped-sql.js';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import type { ProjectListQueryDto } from '../src/projects/project.dto.js';
import { ProjectsService } from '../src/projects/projects.service.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Shaped SQL (src/database/shaped-sql.ts): a list's SQL written once per shape and reused with
 * each call's values. The test app runs with verification on (NODE_ENV=test), so every shaped call
 * below is also checked against the SQL TypeORM writes for that very query.
 */
let t: TestApp;
let projects: ProjectsService;
beforeAll(async () => {
  t = await startTestApp();
  projects = t.app.get(ProjectsService);
});
afterAll(async () => {
  verifyShapedSql(true);
  await t?.close();
});

const actor = (role: Actor['role'], over: Partial<Actor> = {}): Actor => ({ userId: 1, username: role, displayName: role, role, districtCode: null, zoneCode: null, enterpriseId: null, locale: 'zh-CN', ...over });
const ACTORS: [string, Actor][] = [
  ['manager (city-wide)', actor('manager')],
  ['officer (district)', actor('officer', { districtCode: '120116' })],
  ['officer (zone)', actor('officer', { zoneCode: 'teda' })],
  ['officer (district and zone)', actor('officer', { districtCode: '120116', zoneCode: 'teda' })],
  ['enterprise', actor('enterprise', { enterpriseId: 1 })],
];
const FILTERS: Partial<ProjectListQueryDto>[] = [
  {},
  { rag: 'red' },
  { districtCode: '120116', type: 'tech-upgrade' },
  { status: 'active', reportOverdue: 'true' },
  { enterpriseId: 1, rag: 'green', status: 'active' },
  { districtCode: '120101', type: 'tech-upgrade', status: 'active', rag: 'amber', reportOverdue: 'true', enterpriseId: 2 },
];

describe('the projects list through shaped SQL', () => {
  it.each(ACTORS)('%s: every filter set, sort and page gives what TypeORM itself writes', async (_name, who) => {
    for (const filters of FILTERS) {
      for (const sort of ['-updatedAt', 'name', '-rag']) {
        for (const page of [1, 2]) {
          // Twice: the first call writes the shape, the second reuses it (and is verified).
          const first = await projects.list(who, { ...filters, sort, page, pageSize: 5 } as ProjectListQueryDto);
          const again = await projects.list(who, { ...filters, sort, page, pageSize: 5 } as ProjectListQueryDto);
          expect(again).toEqual(first);
        }
      }
    }
  });

  it('one shape, other values: the rows are those of the values', async () => {
    const red = await projects.list(actor('manager'), { rag: 'red', pageSize: 200 } as ProjectListQueryDto);
    const green = await projects.list(actor('manager'), { rag: 'green', pageSize: 200 } as ProjectListQueryDto);
    expect(red.items.every((p) => p.rag === 'red')).toBe(true);
    expect(green.items.every((p) => p.rag === 'green')).toBe(true);
    expect(red.items.length + green.items.length).toBeGreaterThan(0);
  });
});

describe('shapedSql', () => {
  const scoped = (who: Actor) => applyScope(t.dataSource.getRepository(Enterprise).createQueryBuilder('e').select('e.id', 'id'), 'e', scopeOf(who));

  it('matches values by their order: the scope names its parameters afresh on every call', () => {
    const officer = actor('officer', { districtCode: '120116' });
    const a = scoped(officer);
    const b = scoped(actor('officer', { districtCode: '120101' }));
    expect(Object.keys(a.getParameters())).not.toEqual(Object.keys(b.getParameters()));
    expect(shapedSql(a, 'spec|area')).toEqual(a.getQueryAndParameters());
    expect(shapedSql(b, 'spec|area')).toEqual(b.getQueryAndParameters());
    expect(shapedSql(b, 'spec|area')[1]).toEqual(['120101']);
  });

  it('a shape that misses part of the query is caught while verifying', () => {
    const plain = t.dataSource.getRepository(Enterprise).createQueryBuilder('e').select('e.id', 'id').where('e.district_code = :d', { d: '120116' });
    const other = t.dataSource.getRepository(Enterprise).createQueryBuilder('e').select('e.id', 'id').where('e.zone_code = :z', { z: 'teda' });
    shapedSql(plain, 'spec|drift');
    expect(() => shapedSql(other, 'spec|drift')).toThrow(ShapeDriftError);
    // Unverified (production) the drift would go unseen: the check is what makes shapes safe to add.
    verifyShapedSql(false);
    try {
      expect(shapedSql(other, 'spec|drift')[0]).toContain('district_code');
    } finally {
      verifyShapedSql(true);
    }
  });

  it('a shape whose count of values changes is written afresh, never reused', () => {
    const one = t.dataSource.getRepository(Enterprise).createQueryBuilder('e').select('e.id', 'id').where('e.id = :a', { a: 1 });
    const two = t.dataSource.getRepository(Enterprise).createQueryBuilder('e').select('e.id', 'id').where('e.id = :a OR e.id = :b', { a: 1, b: 2 });
    shapedSql(one, 'spec|count');
    expect(shapedSql(two, 'spec|count')).toEqual(two.getQueryAndParameters());
  });
});
