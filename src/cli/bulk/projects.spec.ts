import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../../database/typeorm-options.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { generateCity } from './city.js';

/** The bulk city's key projects: proportional to the files, every RAG, and the RAG as the app computes it. */
describe('bulk city: key projects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ect-bulk-projects-'));
  let ds: DataSource;
  const today = new Date('2026-11-22T04:00:00Z');

  beforeAll(async () => {
    ds = new DataSource(typeormOptions({ type: 'sqlite', location: join(dir, 'bulk.sqlite') }));
    await ds.initialize();
    await ds.runMigrations();
    await generateCity(ds, { enterprises: 1500, seed: 11, password: 'Bench@2026', batchSize: 500, today, enterpriseUsers: false });
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('about one project per 35 enterprises, each with budget, milestones and a tranche per milestone', async () => {
    const [row] = await ds.query('SELECT COUNT(*) AS n, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM project_milestone m WHERE m.project_id = p.id) THEN 1 ELSE 0 END) AS bare FROM project p');
    expect(Number(row.n)).toBeGreaterThan(1500 / 70);
    expect(Number(row.n)).toBeLessThan(1500 / 15);
    expect(Number(row.bare)).toBe(0);
    const [t] = await ds.query('SELECT (SELECT COUNT(*) FROM project_milestone) AS m, (SELECT COUNT(*) FROM project_tranche) AS t, (SELECT COUNT(*) FROM project_tranche t JOIN project_milestone m ON m.id = t.milestone_id WHERE (t.released_at IS NULL) <> (m.status = \'open\')) AS mismatched');
    expect(Number(t.m)).toBe(Number(t.t));
    expect(Number(t.mismatched)).toBe(0); // released exactly when accepted
  });

  it.each(['green', 'amber', 'red'])('has %s projects', async (rag) => {
    const [row] = await ds.query('SELECT COUNT(*) AS n FROM project WHERE rag = ?', [rag]);
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  it('stores the RAG the application computes', async () => {
    const service = new ProjectsService(ds, null as never, null as never, null as never);
    const rows: { id: number; rag: string | null; rag_reason: string | null }[] = await ds.query('SELECT id, rag, rag_reason FROM project ORDER BY id');
    const changed: number[] = [];
    await ds.transaction(async (em) => {
      for (const r of rows) if (await service.refreshRag(em, r.id, '2026-11-22')) changed.push(r.id);
    });
    expect(changed).toEqual([]);
  });
});
