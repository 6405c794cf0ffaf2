import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../common/validators.js';
import { IsYuan } from './safe-validators.js';
import { TIERS } from '../policy/engine/facts.js';
import { ApplicationFormDoc } from './application-forms.dto.js';
import { BATCH_STATUSES, LIST_PROGRAMMES, type ListProgramme } from './batch.entity.js';
import { SUBSIDY_KINDS } from './loan.entity.js';
import { ALL_ACTIONS, ALL_STATUSES, APPLICATION_TYPES, SRDI_RUNGS } from './workflow/workflows.js';

/** POST /api/v1/applications (api.md). The form is validated against the type's form class. */
export class ApplicationCreateDto {
  @ApiProperty() @IsInt() @Min(1) enterpriseId: number;
  @ApiProperty({ enum: APPLICATION_TYPES }) @IsIn(APPLICATION_TYPES) type: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiPropertyOptional({ enum: TIERS, description: 'tier-recognition only' }) @IsOptional() @IsIn(TIERS) tier?: string;
  @ApiPropertyOptional({ enum: SRDI_RUNGS, description: 'srdi-recognition only (required there)' }) @IsOptional() @IsIn(SRDI_RUNGS) rung?: string;
  @ApiPropertyOptional({ type: ApplicationFormDoc, description: 'the type\'s form; missing fields are prefilled from the file' })
  @IsOptional() @IsObject() form?: Record<string, unknown>;
}

/** PATCH /api/v1/applications/:id: the form, while the applicant may edit it (draft, returned). */
export class ApplicationUpdateDto {
  @ApiProperty({ type: ApplicationFormDoc }) @IsObject() form: Record<string, unknown>;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

/** POST /api/v1/applications/:id/transitions (api.md). */
export class TransitionDto {
  @ApiProperty({ enum: ALL_ACTIONS, example: 'submit' }) @IsString() @Matches(/^[a-z-]{1,32}$/, { message: 'must be an action name such as submit or approve' }) action: string;
  @ApiPropertyOptional({ description: 'shown to the applicant; required to return or reject' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @ApiPropertyOptional({ description: 'the version read (optional optimistic lock)' }) @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional({ description: 'data the step records (valuation, loan terms, registration number, certificate …)' }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

export class CommentDto {
  @ApiProperty() @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(2000) text: string;
  @ApiPropertyOptional({ description: 'staff: true = addressed to the enterprise, false = internal note (default); enterprise comments are always public' })
  @IsOptional() @IsBoolean() public?: boolean;
}

export const APPLICATION_SORTS = ['updatedAt', 'createdAt', 'dueOn', 'submittedAt', 'status', 'enterprise'] as const;

export class ApplicationListQueryDto {
  @ApiPropertyOptional({ enum: ALL_STATUSES }) @IsOptional() @IsIn(ALL_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: APPLICATION_TYPES }) @IsOptional() @IsIn(APPLICATION_TYPES) type?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) districtCode?: string;
  @ApiPropertyOptional({ enum: TIERS }) @IsOptional() @IsIn(TIERS) tier?: string;
  @ApiPropertyOptional({ enum: SRDI_RUNGS, description: 'srdi-recognition: the rung applied for' }) @IsOptional() @IsIn(SRDI_RUNGS) rung?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) enterpriseId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) batchId?: number;
  @ApiPropertyOptional({ description: 'true: only applications past their stage due date' }) @IsOptional() @IsIn(['true', 'false']) overdue?: string;
  @ApiPropertyOptional({ description: 'me: only applications waiting for an action of my role' }) @IsOptional() @IsIn(['me']) waiting?: string;
  @ApiPropertyOptional({ description: 'enterprise name or reference (TR-2026-00012)' }) @IsOptional() @IsString() @MaxLength(64) q?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ example: '-updatedAt' }) @IsOptional() @IsString() @MaxLength(20) sort?: string;
}

export class PrefillQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) enterpriseId: number;
  @ApiProperty({ enum: APPLICATION_TYPES }) @IsIn(APPLICATION_TYPES) type: string;
  @ApiPropertyOptional({ enum: TIERS }) @IsOptional() @IsIn(TIERS) tier?: string;
  @ApiPropertyOptional({ enum: SRDI_RUNGS }) @IsOptional() @IsIn(SRDI_RUNGS) rung?: string;
  @ApiPropertyOptional({ description: 'rd-post-subsidy: the round year (default last year)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class RepaymentCreateDto {
  @ApiProperty({ example: '2026-03-21' }) @IsCalendarDate() paidOn: string;
  @ApiProperty({ description: 'principal repaid (yuan)' }) @IsYuan() @Min(0) @Max(1e11) principal: number;
  @ApiProperty({ description: 'interest paid (yuan)' }) @IsYuan() @Min(0) @Max(1e10) interest: number;
}

export class SubsidyGrantDto {
  @ApiProperty({ enum: SUBSIDY_KINDS }) @IsIn(SUBSIDY_KINDS) kind: string;
  @ApiPropertyOptional({ description: 'calendar year of the interest paid (interest subsidies)' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class SubsidyPreviewQueryDto {
  @ApiProperty({ enum: SUBSIDY_KINDS }) @IsIn(SUBSIDY_KINDS) kind: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class ObjectionCreateDto {
  @ApiProperty({ example: '2026-06-03' }) @IsCalendarDate() receivedOn: string;
  @ApiPropertyOptional({ description: 'who objected (may be withheld)' }) @IsOptional() @IsString() @MaxLength(128) objector?: string;
  @ApiProperty() @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(4000) content: string;
}

export class ObjectionResolveDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] }) @IsIn(['upheld', 'dismissed']) resolution: 'upheld' | 'dismissed';
  @ApiProperty() @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(2000) note: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
}

export class BatchCreateDto {
  @ApiProperty({ enum: LIST_PROGRAMMES }) @IsIn(LIST_PROGRAMMES) programme: ListProgramme;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '2026年第一批' }) @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(64) name: string;
}

export class BatchListQueryDto {
  @ApiPropertyOptional({ enum: LIST_PROGRAMMES }) @IsOptional() @IsIn(LIST_PROGRAMMES) programme?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: BATCH_STATUSES }) @IsOptional() @IsIn(BATCH_STATUSES) status?: string;
}

export class BatchAssignDto {
  @ApiProperty({ type: [Number] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsInt({ each: true }) @Min(1, { each: true }) applicationIds: number[];
}

export class BatchNoticeDto {
  @ApiPropertyOptional({ description: 'first day of the notice (default today)' }) @IsOptional() @IsCalendarDate() startsOn?: string;
  @ApiPropertyOptional({ description: 'length in working days (default 10)' }) @IsOptional() @IsInt() @Min(5) @Max(30) workingDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
}

export class BatchDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) action: 'approve' | 'reject';
  @ApiPropertyOptional({ type: [Number], description: 'default: every application of the batch still on notice' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) @Min(1, { each: true }) applicationIds?: number[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class BatchAnnounceDto {
  @ApiPropertyOptional({ description: 'announcement date (default today); recognitions run from it' }) @IsOptional() @IsCalendarDate() announcedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
}
