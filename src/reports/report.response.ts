import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { PLAN_METRICS } from './target.entity.js';

/** The filters a report was computed with (after the caller's scope). */
export class ReportFiltersDto {
  @ApiProperty({ type: String, nullable: true, example: '120116' }) districtCode: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['binhai', 'central', 'ring', 'outer'], enumName: 'DistrictBlock' }) block: 'binhai' | 'central' | 'ring' | 'outer' | null;
  @ApiProperty({ type: String, nullable: true }) zoneCode: string | null;
}

/**
 * A report section: the year and filters are always there; the tables vary by section (their
 * columns follow the rule sets and ladders configured), so the rest is an open object.
 */
export class ReportSectionDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: ReportFiltersDto }) filters: ReportFiltersDto;
  [table: string]: unknown;
}

/** 200 with a report section: `year`, `filters` and the section's tables (additionalProperties). */
export function ApiReportResponse(description: string) {
  return applyDecorators(
    ApiExtraModels(ReportFiltersDto),
    ApiOkResponse({
      description,
      schema: { type: 'object', required: ['year', 'filters'], additionalProperties: true, properties: { year: { type: 'integer', example: 2026 }, filters: { $ref: getSchemaPath(ReportFiltersDto) } } },
    }),
  );
}

export class ReportTargetDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: PLAN_METRICS, enumName: 'TargetMetric' }) metric: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: String, nullable: true, description: 'null: city-wide' }) districtCode: string | null;
  @ApiProperty({ description: 'a count, or for the R&D ratios a percentage (3.3)' }) value: number;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, example: '15th' }) planPeriod: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class TargetListDto {
  @ApiProperty({ type: [ReportTargetDto] }) items: ReportTargetDto[];
}

export class TargetUpsertedDto {
  @ApiProperty({ type: ReportTargetDto }) target: ReportTargetDto;
  @ApiProperty({ description: 'false: an existing target was replaced' }) created: boolean;
}

export class PlanPeriodDto {
  @ApiProperty({ example: '15th' }) code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() baseYear: number;
  @ApiProperty() firstYear: number;
  @ApiProperty() lastYear: number;
  @ApiProperty({ type: String, nullable: true }) document: string | null;
}

export class PlanReportItemDto {
  @ApiProperty({ enum: PLAN_METRICS, enumName: 'TargetMetric' }) indicator: string;
  @ApiProperty() year: number;
  @ApiProperty() target: number;
  @ApiProperty({ type: Number, nullable: true }) actual: number | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

export class PlanReportDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: PlanPeriodDto, nullable: true }) planPeriod: PlanPeriodDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: the whole city' }) districtCode: string | null;
  @ApiProperty({ type: [PlanReportItemDto] }) items: PlanReportItemDto[];
  @ApiProperty({ enum: PLAN_METRICS, enumName: 'TargetMetric', isArray: true, description: 'indicators without a target in the period' }) notEntered: string[];
}

export class ForecastStartedDto {
  @ApiProperty() jobId: number;
  @ApiProperty({ example: 'queued' }) status: string;
}

export class CockpitPlanPeriodDto {
  @ApiProperty() code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() baseYear: number;
  @ApiProperty() lastYear: number;
  @ApiProperty({ type: String, nullable: true }) document: string | null;
}

export class CockpitRowDto {
  @ApiProperty({ example: 'hnte-count' }) indicator: string;
  @ApiProperty({ example: 'count' }) unit: string;
  @ApiProperty({ required: false, description: 'a cut target: lower actuals are better' }) lowerIsBetter?: boolean;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the list behind the actual' }) link: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'per year: target, actual, gap, trend' }) points: object[];
}

/** The plan cockpit: each indicator of the plan period, target against actual per year. */
export class PlanCockpitDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: CockpitPlanPeriodDto, nullable: true }) planPeriod: CockpitPlanPeriodDto | null;
  @ApiProperty({ type: String, nullable: true, required: false }) districtCode?: string | null;
  @ApiProperty({ type: [CockpitRowDto] }) rows: CockpitRowDto[];
}
