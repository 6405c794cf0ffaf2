import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HolidayCalendarCheckDto {
  @ApiProperty({ enum: ['ok', 'warn'], enumName: 'HealthCheckStatus', description: 'warn: this year\'s (or from 1 November next year\'s) calendar is missing' }) status: 'ok' | 'warn';
  @ApiProperty({ type: [Number] }) years: number[];
  @ApiProperty({ type: [Number] }) missing: number[];
}

export class HealthChecksDto {
  @ApiProperty({ type: HolidayCalendarCheckDto }) holidayCalendar: HolidayCalendarCheckDto;
}

/** 200 `ok` with the checks; 503 `error` (then without checks). */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status: string;
  @ApiProperty({ enum: ['up', 'down'] }) db: 'up' | 'down';
  @ApiPropertyOptional({ type: HealthChecksDto }) checks?: HealthChecksDto;
}
