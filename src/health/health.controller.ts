import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthDto } from './health.response.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { User } from '../auth/user.entity.js';
import { inheritedEnumerableKeys } from '../common/own-key.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * Whether the holiday calendar is entered: `warn` (never a failure: deadlines still count, as
   * plain working days, flagged) when this year's is missing, or from 1 November next year's.
   */
  private async holidayCalendar(): Promise<{ status: 'ok' | 'warn'; years: number[]; missing: number[] }> {
    const s = await this.calendar.status();
    const missing = [...(s.currentYearMissing ? [s.currentYear] : []), ...(s.nextYearWarning ? [s.nextYear] : [])];
    return { status: missing.length ? 'warn' : 'ok', years: s.years, missing };
  }

  /**
   * For load balancers and probes: 200 when requests can be served, 503 otherwise. The probe reads
   * through the same path requests use — a repository's query builder with a parameter, ORDER BY
   * and LIMIT — not a raw `SELECT 1`: a process whose Object.prototype was polluted once answered
   * `SELECT 1` fine while every real query failed (docs/security.md §4). Object.prototype is checked too.
   */
  @Get()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'not serving: `status: error`' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    // Which process answered: with several workers (WEB_CONCURRENCY) a probe can tell them apart.
    res.setHeader('X-Worker-Pid', String(process.pid));
    let db: 'up' | 'down' = 'down';
    try {
      await this.dataSource.getRepository(User).createQueryBuilder('u').select('u.id', 'id').where('u.id > :min', { min: 0 }).orderBy('u.id', 'ASC').limit(1).getRawOne();
      db = 'up';
    } catch {
      // reported below
    }
    if (db === 'up' && inheritedEnumerableKeys().length === 0) return { status: 'ok', db, checks: { holidayCalendar: await this.holidayCalendar() } };
    res.status(503);
    return { status: 'error', db };
  }
}
