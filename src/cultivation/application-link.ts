import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { referenceOf } from '../applications/application.mapper.js';
import type { ApplicationType } from '../applications/workflow/workflows.js';

export const HIGH_TECH_APPLICATION = 'high-tech-certification';

export interface LinkedApplication {
  id: number;
  enterpriseId: number;
  type: string;
  year: number;
  status: string;
  /** The applications module's reference, e.g. HT-2026-00042. */
  reference: string;
}

/**
 * Read-only access to the applications module's `application` table (its HNTE certification
 * workflow), by SQL rather than through that module's services (which are scoped and stateful for
 * their own pages): the pool links a member's HNTE application and closes the membership with its
 * outcome. When the table is not there (the module not installed), linking is simply unavailable.
 */
@Injectable()
export class ApplicationLinkService {
  private readonly logger = new Logger(ApplicationLinkService.name);
  private present: Promise<boolean> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private p(i: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${i}` : '?';
  }

  /** Whether the applications module's table exists (checked once per process). */
  available(): Promise<boolean> {
    this.present ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await runner.hasTable('application');
      } catch (err) {
        this.logger.warn(`cannot tell whether the application table exists: ${(err as Error).message}`);
        return false;
      } finally {
        await runner.release();
      }
    })();
    return this.present;
  }

  private map(r: Record<string, unknown>): LinkedApplication {
    const year = Number(r.year);
    const id = Number(r.id);
    const type = String(r.type);
    return { id, enterpriseId: Number(r.enterprise_id), type, year, status: String(r.status), reference: referenceOf({ id, year, type: type as ApplicationType }) };
  }

  async byIds(ids: number[], em: EntityManager = this.dataSource.manager): Promise<Map<number, LinkedApplication>> {
    const out = new Map<number, LinkedApplication>();
    if (!ids.length || !(await this.available())) return out;
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows: Record<string, unknown>[] = await em.query(
        `SELECT id, enterprise_id, type, year, status FROM application WHERE id IN (${part.map((_, j) => this.p(j + 1)).join(',')})`,
        part,
      );
      for (const r of rows) out.set(Number(r.id), this.map(r));
    }
    return out;
  }

  async get(id: number, em?: EntityManager): Promise<LinkedApplication | null> {
    return (await this.byIds([id], em)).get(id) ?? null;
  }

  /**
   * The newest HNTE application of an enterprise for a pool year (filed that year or for the next
   * one) that no membership links yet.
   */
  async unlinkedFor(enterpriseId: number, year: number, em: EntityManager = this.dataSource.manager): Promise<LinkedApplication | null> {
    if (!(await this.available())) return null;
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT a.id, a.enterprise_id, a.type, a.year, a.status FROM application a
        WHERE a.enterprise_id = ${this.p(1)} AND a.type = ${this.p(2)} AND a.year IN (${this.p(3)}, ${this.p(4)})
          AND NOT EXISTS (SELECT 1 FROM cultivation_membership m WHERE m.application_id = a.id)
        ORDER BY a.id DESC LIMIT 1`,
      [enterpriseId, HIGH_TECH_APPLICATION, year, year + 1],
    );
    return rows.length ? this.map(rows[0]!) : null;
  }
}
