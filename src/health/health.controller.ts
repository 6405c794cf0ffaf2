import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { User } from '../auth/user.entity.js';
import { inheritedEnumerableKeys } from '../common/own-key.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For load balancers and probes: 200 when requests can be served, 503 otherwise. The probe reads
   * through the same path requests use — a repository's query builder with a parameter, ORDER BY
   * and LIMIT — not a raw `SELECT 1`: a process whose Object.prototype was polluted once answered
   * `SELECT 1` fine while every real query failed (docs/security.md §4). Object.prototype is checked too.
   */
  @Get()
  @Public()
  @HttpCode(200)
  async health(@Res({ passthrough: true }) res: Response) {
    let db: 'up' | 'down' = 'down';
    try {
      await this.dataSource.getRepository(User).createQueryBuilder('u').select('u.id', 'id').where('u.id > :min', { min: 0 }).orderBy('u.id', 'ASC').limit(1).getRawOne();
      db = 'up';
    } catch {
      // reported below
    }
    if (db === 'up' && inheritedEnumerableKeys().length === 0) return { status: 'ok', db };
    res.status(503);
    return { status: 'error', db };
  }
}
