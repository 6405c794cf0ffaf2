import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DISTRICT_BLOCKS } from '../reference/district.entity.js';
import { PLAN_METRICS } from './target.entity.js';

/** An empty form field means "all". */
const blankAsUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The dashboard's filters: year, district, statistical block, functional zone (all optional). */
export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'reporting year (default: this year)', example: 2026 })
  @Transform(blankAsUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '120116' })
  @Transform(blankAsUndefined) @IsOptional() @Matches(/^12\d{4}$/, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;

  @ApiPropertyOptional({ enum: DISTRICT_BLOCKS })
  @Transform(blankAsUndefined) @IsOptional() @IsIn(DISTRICT_BLOCKS)
  block?: string;

  @ApiPropertyOptional({ example: 'binhai-hitech' })
  @Transform(blankAsUndefined) @IsOptional() @IsString() @Matches(/^[a-z0-9-]{1,16}$/, { message: 'must be a functional-zone code' })
  zoneCode?: string;

  @ApiPropertyOptional({ example: 'srdi', description: 'a configured ladder (GET /api/v1/ladders) for the ladder section; default srdi' })
  @Transform(blankAsUndefined) @IsOptional() @IsString() @Matches(/^[a-z0-9-]{1,32}$/, { message: 'must be a ladder code' })
  ladder?: string;
}

/** Filters plus paging for the "close to the next rung" list. */
export class ReportPageQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ default: 1 }) @Transform(blankAsUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 25 }) @Transform(blankAsUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

export const EXPORT_SECTIONS = ['pipeline', 'close', 'targets', 'applications', 'workload', 'expiring', 'super-deduction', 'loans', 'forecast', 'kpis', 'ladder', 'exposure'] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];

export class ReportExportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_SECTIONS, description: 'one report only (default: all, one sheet per table)' })
  @Transform(blankAsUndefined) @IsOptional() @IsIn(EXPORT_SECTIONS)
  section?: ExportSection;
}

/** Create or replace a target (admin). */
export class TargetUpsertDto {
  @ApiProperty({ enum: PLAN_METRICS }) @IsIn(PLAN_METRICS, { message: 'reports.validation.metric' })
  metric: string;

  @ApiProperty({ example: 2027 }) @Type(() => Number) @IsInt({ message: 'reports.validation.year' }) @Min(2000, { message: 'reports.validation.year' }) @Max(2100, { message: 'reports.validation.year' })
  year: number;

  @ApiPropertyOptional({ description: 'a district code; absent or null = the whole city', example: '120116', nullable: true })
  @Transform(blankAsUndefined) @IsOptional() @Matches(/^\d{6}$/, { message: 'reports.validation.district' })
  districtCode?: string | null;

  @ApiProperty({ example: 12000, description: 'a count, or for the R&D ratios a percentage with up to two decimals (3.3 = 3.3%)' })
  @Type(() => Number) @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false }, { message: 'reports.validation.value' }) @Min(0, { message: 'reports.validation.value' }) @Max(10_000_000, { message: 'reports.validation.value' })
  value: number;

  @ApiPropertyOptional({ nullable: true, description: 'the document the figure comes from', example: '天津市科技创新“十四五”规划' })
  @Transform(blankAsUndefined) @IsOptional() @IsString() @MaxLength(200, { message: 'reports.validation.source' })
  source?: string | null;

  @ApiPropertyOptional({ nullable: true }) @Transform(blankAsUndefined) @IsOptional() @IsString() @MaxLength(200, { message: 'reports.validation.note' })
  note?: string | null;

  @ApiPropertyOptional({ description: 'the version read, when replacing an existing target (stale → 409)' })
  @Transform(blankAsUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  version?: number;
}
