import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Enterprise } from '../src/enterprises/enterprise.entity.js';
import { Project } from '../src/projects/project.entities.js';
import { signIn, startTestApp, type TestApp } from './support/app.js';

/**
 * The projects page's cost does not grow with its rows (issue 17, p95 ≤ 50 ms for 50 projects):
 * a page of 50 runs the same queries as a page of 5 — no per-project read of leads, milestones,
 * reports or budgets — and the list itself is two queries (the total and the page).
 */
let t: TestApp;
let logger: { logQuery: (query: string, parameters?: unknown[]) => void };

beforeAll(async () => {
  t = await startTestApp();
  // 60 more running projects, spread over the demo's enterprises (so 50 rows have many leads).
  const leads = await t.dataSource.getRepository(Enterprise).find({ order: { id: 'ASC' }, take: 12 });
  await t.dataSource.getRepository(Project).insert(Array.from({ length: 60 }, (_, i) => ({
    leadEnterpriseId: leads[i % leads.length]!.id, name: `批量项目 ${i + 1}`, type: 'tech-upgrade', startOn: '2025-01-01', endOn: '2027-12-31',
    status: 'active', rag: (['green', 'amber', 'red'] as const)[i % 3], ragReason: 'project.rag.reason.onTrack', ragParams: {}, ragComputedOn: '2026-01-01', progress: i % 100,
  })));
  logger = t.dataSource.logger as unknown as typeof logger;
});
afterAll(async () => {
  await t?.close();
});

/**
 * The SQL the server ran for one GET, less the signed-in user's row: that read is cached for a
 * second (src/auth/auth-cache.ts), so whether a request makes it depends on the clock, not the page
 * (on PostgreSQL the page of 5 can take longer than the cache lives).
 */
async function queriesOf(agent: Awaited<ReturnType<typeof signIn>>, path: string): Promise<{ sql: string[]; rows: number }> {
  const sql: string[] = [];
  const original = logger.logQuery;
  logger.logQuery = (query, parameters) => {
    if (!/FROM "app_user"/.test(query)) sql.push(query);
    original.call(logger, query, parameters);
  };
  try {
    const page = await agent.get(path).expect(200);
    return { sql, rows: (page.text.match(/data-testid="project-row"/g) ?? []).length };
  } finally {
    logger.logQuery = original;
  }
}

describe('queries of the projects page', () => {
  it.each([
    ['manager', ''],
    ['manager', '&rag=red'],
    ['officer.binhai', ''],
  ])('%s%s: a page of 50 runs the queries of a page of 5', async (user, filter) => {
    const agent = await signIn(t, user);
    await agent.get('/projects').expect(200); // the session's first page writes its CSRF token
    const small = await queriesOf(agent, `/projects?pageSize=5${filter}`);
    const large = await queriesOf(agent, `/projects?pageSize=50${filter}`);
    expect(small.rows).toBe(5);
    expect(large.rows).toBeGreaterThan(small.rows);
    expect(large.sql.length).toBe(small.sql.length);
    const projectQueries = large.sql.filter((q) => /\bproject/.test(q));
    expect(projectQueries).toHaveLength(2);
    expect(large.sql.filter((q) => /project_(milestone|report|budget|tranche|participant)|FROM "enterprise"/.test(q))).toEqual([]);
  });
});
