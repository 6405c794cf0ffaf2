import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsPastDate, IsYuan } from '../common/validators.js';
import { FACT_SOURCES, type FactSource } from '../enterprises/stored-facts.dto.js';
import { SRDI_PROGRAMS } from '../policy/engine/facts.js';

/**
 * PATCH /api/v1/enterprises/:id/srdi-facts: each fact named is set (null = back to unknown), the
 * others are left alone. Values are checked by srdi-facts.ts (the same checks as the form).
 */
export class SrdiFactsPatchDto {
  @ApiPropertyOptional({ nullable: true, description: '细分市场' }) @IsOptional() nicheMarket?: unknown;
  @ApiPropertyOptional({ nullable: true, description: 'YYYY-MM-DD, since when in the niche market' }) @IsOptional() nicheSince?: unknown;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) @IsOptional() strategicEmergingIndustry?: unknown;
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'counts once saved by an officer (verified)' }) @IsOptional() keyChainLink?: unknown;
  @ApiPropertyOptional({ nullable: true, description: '专精特新 score 0–100' }) @IsOptional() srdiScore?: unknown;
  @ApiPropertyOptional({ nullable: true, maxLength: 200, description: 'who assessed the score, e.g. 天津市工信局 2025 评审' }) @IsOptional() @IsString() @MaxLength(200) srdiScoreBy?: string;
  @ApiPropertyOptional({ nullable: true, enum: ['own', 'joint', 'none'] }) @IsOptional() rdInstitution?: unknown;
  @ApiPropertyOptional({ nullable: true, description: 'valid high-value Class I items related to the main products' }) @IsOptional() highValueClassI?: unknown;
  @ApiPropertyOptional({ nullable: true, description: 'a year, or "never"' }) @IsOptional() makerChinaTop500Year?: unknown;
  @ApiPropertyOptional({ nullable: true, type: Boolean }) @IsOptional() innovationTitle?: unknown;
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
}

/** PUT /api/v1/enterprises/:id/srdi-years/:year — money in yuan. */
export class SrdiYearPutDto {
  @ApiPropertyOptional({ description: 'paid-in equity financing from qualified investors in the year, yuan' })
  @IsOptional() @IsYuan() @Min(0) @Max(1e13) equityFinancing?: number;
  @ApiPropertyOptional({ description: 'R&D staff at year end' }) @IsOptional() @IsInt() @Min(0) @Max(10_000_000) rdStaff?: number;
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
  @ApiPropertyOptional({ description: 'the version you read when replacing a year; stale → 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** POST /api/v1/enterprises/:id/srdi-recognitions — a recognition on the SRDI ladder (3 years by default). */
export class SrdiRecognitionPostDto {
  @ApiProperty({ enum: SRDI_PROGRAMS }) @IsIn(SRDI_PROGRAMS) program: string;
  @ApiProperty({ example: '2025-06-30' }) @IsCalendarDate() @IsPastDate() validFrom: string;
  @ApiPropertyOptional({ description: 'default: validFrom + the rule set’s validity years − 1 day' }) @IsOptional() @IsCalendarDate() validUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) batch?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) certificateNumber?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() year?: number;
}
