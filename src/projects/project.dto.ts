import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsYuan } from '../common/validators.js';
import { RAGS } from './rag.js';
import { PROJECT_ACTIONS, PROJECT_STATUSES, PROJECT_TYPES, REPORT_REVIEW_ACTIONS } from './project-machines.js';

const MAX_YUAN = 1e12;

export class BudgetLineDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ description: 'government funding, yuan' }) @Type(() => Number) @IsYuan() @Min(0) @Max(MAX_YUAN) government: number;
  @ApiProperty({ description: 'self-funding, yuan' }) @Type(() => Number) @IsYuan() @Min(0) @Max(MAX_YUAN) self: number;
}

export class MilestoneDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: '2027-06-30' }) @IsCalendarDate() dueOn: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) deliverable: string;
  @ApiPropertyOptional({ description: 'the government tranche released when this milestone is accepted, yuan' })
  @IsOptional() @Type(() => Number) @IsYuan() @Min(0) @Max(MAX_YUAN) tranche?: number;
}

/** POST /api/v1/projects (api.md "Projects"). */
export class ProjectCreateDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) leadEnterpriseId: number;
  @ApiPropertyOptional({ type: [Number], description: 'other enterprises taking part' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Type(() => Number) @IsInt({ each: true }) @Min(1, { each: true }) @Max(2147483647, { each: true }) participantIds?: number[];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: PROJECT_TYPES }) @IsIn(PROJECT_TYPES) type: string;
  @ApiProperty({ example: '2026-01-01' }) @IsCalendarDate() startOn: string;
  @ApiProperty({ example: '2027-12-31' }) @IsCalendarDate() endOn: string;
  @ApiProperty({ type: [BudgetLineDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => BudgetLineDto) budget: BudgetLineDto[];
  @ApiProperty({ type: [MilestoneDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MilestoneDto) milestones: MilestoneDto[];
}

export class ProjectListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) districtCode?: string;
  @ApiPropertyOptional({ enum: PROJECT_TYPES }) @IsOptional() @IsIn(PROJECT_TYPES) type?: string;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @IsOptional() @IsIn(PROJECT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: RAGS }) @IsOptional() @IsIn(RAGS) rag?: string;
  @ApiPropertyOptional({ enum: ['true'], description: 'only running projects without a report for last month' }) @IsOptional() @IsIn(['true']) reportOverdue?: string;
  @ApiPropertyOptional({ description: 'only projects this enterprise leads or takes part in' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) enterpriseId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ description: 'name, startOn, endOn, rag, updatedAt (prefix - for descending)' }) @IsOptional() @IsString() @MaxLength(40) sort?: string;
}

/** POST /api/v1/projects/:id/reports — one month's progress (the lead enterprise). */
export class ReportSubmitDto {
  @ApiProperty({ example: '2026-11' }) @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { context: { messageKey: 'project.validation.month' } }) month: string;
  @ApiProperty({ description: 'percent complete, 0–100' }) @Type(() => Number) @IsInt() @Min(0) @Max(100) progress: number;
  @ApiProperty({ description: 'spend to date, yuan' }) @Type(() => Number) @IsYuan() @Min(0) @Max(MAX_YUAN) spend: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) issues?: string;
}

/** Review of a submitted report (the officer). */
export class ReportReviewDto {
  @ApiProperty({ enum: REPORT_REVIEW_ACTIONS }) @IsIn(REPORT_REVIEW_ACTIONS) action: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiPropertyOptional({ description: 'the version you read; stale → 409' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

/** Acceptance of a milestone (the officer); releases its tranche. */
export class MilestoneAcceptDto {
  @ApiPropertyOptional({ description: 'when the deliverable was achieved; default today' }) @IsOptional() @IsCalendarDate() actualOn?: string;
  @ApiPropertyOptional({ description: 'the version you read; stale → 409' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

/** A status change of the project (suspend, resume, complete, terminate). */
export class ProjectTransitionDto {
  @ApiProperty({ enum: PROJECT_ACTIONS }) @IsIn(PROJECT_ACTIONS) action: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) comment?: string;
  @ApiProperty({ description: 'the version you read; stale → 409' }) @Type(() => Number) @IsInt() @Min(1) version: number;
}

/** GET /projects/export: the list's filters and the file format. */
export class ProjectExportQueryDto extends ProjectListQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'] }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
}
