import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';

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

  /** For load balancers and probes: 200 when the database answers, 503 otherwise. */
  @Get()
  @Public()
  @HttpCode(200)
  async health(@Res({ passthrough: true }) res: Response) {
    // Which process answered: with several workers (WEB_CONCURRENCY) a probe can tell them apart.
    res.setHeader('X-Worker-Pid', String(process.pid));
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', db: 'up', checks: { holidayCalendar: await this.holidayCalendar() } };
    } catch {
      res.status(503);
      return { status: 'error', db: 'down' };
    }
  }
}
