import { RefreshingCache } from '../database/refreshing-cache.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LadderRecord, LadderRungRecord } from './ladder.entity.js';
import type { LadderDef } from './ladders.js';

/** How long a process keeps the ladders it read: they change only by a migration or a rule-set release. */
export const LADDER_CACHE_MS = 10_000;

/**
 * The configured ladders (reference tables `ladder` and `ladder_rung`). Every file page, eligibility
 * panel and evaluation needs them — two queries each time, ~4 % of the evaluate API's CPU at
 * 120,000 enterprises — so each process keeps them for LADDER_CACHE_MS: a ladder added as data is
 * seen by every process within seconds. Reads inside a transaction (`em` given) go to the database.
 */
@Injectable()
export class LaddersService {
  private readonly cached = new RefreshingCache(() => this.read(this.dataSource.manager), LADDER_CACHE_MS);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Read at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cached.warm();
  }

  async all(em?: EntityManager): Promise<LadderDef[]> {
    if (em) return this.read(em);
    // A copy per caller: nobody's sort or push reaches the shared value.
    return (await this.cached.get()).map((l) => ({ ...l, name: { ...l.name }, rungs: [...l.rungs], rungNames: l.rungNames.map((n) => ({ ...n })) }));
  }

  /** Drops the cached ladders (after a change made by this process, and in tests). */
  forget(): void {
    this.cached.invalidate();
  }

  private async read(em: EntityManager): Promise<LadderDef[]> {
    const [ladders, rungs] = await Promise.all([
      em.getRepository(LadderRecord).find({ order: { position: 'ASC', code: 'ASC' } }),
      em.getRepository(LadderRungRecord).find({ order: { ladderCode: 'ASC', position: 'ASC' } }),
    ]);
    return ladders.map((l) => {
      const own = rungs.filter((r) => r.ladderCode === l.code);
      return {
        code: l.code,
        name: { 'zh-CN': l.nameZh, en: l.nameEn },
        rungs: own.map((r) => r.programme),
        rungNames: own.map((r) => ({ 'zh-CN': r.nameZh, en: r.nameEn })),
      };
    });
  }
}
