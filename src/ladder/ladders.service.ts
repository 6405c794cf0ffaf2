import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LadderRecord, LadderRungRecord } from './ladder.entity.js';
import type { LadderDef } from './ladders.js';

/**
 * The configured ladders (reference tables `ladder` and `ladder_rung`). Read on each use — two
 * small tables, one query each — so that a ladder added as data is seen at once, by every process.
 */
@Injectable()
export class LaddersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async all(em: EntityManager = this.dataSource.manager): Promise<LadderDef[]> {
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
