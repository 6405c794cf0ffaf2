import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ACTIVITY_KINDS } from '../activities/activity.entity.js';
import { IsCalendarDate, IsEmailAddress, IsPastDate, IsYuan } from '../common/validators.js';
import { FACT_SOURCES, type FactSource } from '../policy/fact-provenance.js';
import { ACQUISITIONS, CONTEST_RANKS, FLAG_KINDS, IP_KINDS, IP_STATUSES, QUALIFICATION_KINDS, QUALIFICATION_LEVELS } from '../policy/engine/facts.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class IpAssetCreateDto {
  @ApiProperty({ enum: IP_KINDS }) @IsIn(IP_KINDS) kind: string;
  @ApiProperty({ example: 'ZL202110000001.2' }) @Transform(trim) @IsString() @MinLength(3) @MaxLength(64) number: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) title?: string;
  @ApiProperty({ enum: IP_STATUSES }) @IsIn(IP_STATUSES) status: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() @IsPastDate() grantedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() expiresOn?: string;
  @ApiPropertyOptional({ enum: ACQUISITIONS }) @IsOptional() @IsIn(ACQUISITIONS) acquisition?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() usedInHighTechApplication?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() relatedToMainProducts?: boolean;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(128, { each: true }) coOwners?: string[];
  @ApiPropertyOptional({ enum: FACT_SOURCES, description: 'omitted: enterprise for an enterprise user, officer for staff' }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional({ description: 'the date the source stated it (YYYY-MM-DD, not in the future)' }) @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
}

export class QualificationCreateDto {
  @ApiProperty({ enum: QUALIFICATION_KINDS }) @IsIn(QUALIFICATION_KINDS) kind: string;
  @ApiPropertyOptional({ enum: QUALIFICATION_LEVELS }) @IsOptional() @IsIn(QUALIFICATION_LEVELS) level?: string;
  @ApiPropertyOptional({ enum: CONTEST_RANKS }) @IsOptional() @IsIn(CONTEST_RANKS) rank?: string;
  @ApiPropertyOptional({ description: 'unit rank of an award / drafter rank of a standard' }) @IsOptional() @IsInt() @Min(1) @Max(1000) unitRank?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) drafterRank?: number;
  @ApiPropertyOptional({ description: 'yuan (venture investment)' }) @IsOptional() @IsYuan() @Min(0) @Max(1e13) amount?: number;
  @ApiProperty({ example: '2024-06-01' }) @IsCalendarDate() @IsPastDate() on: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() validUntil?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) certificateNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) ranking?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) note?: string;
  @ApiPropertyOptional({ enum: FACT_SOURCES, description: 'omitted: enterprise for an enterprise user, officer for staff' }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional({ description: 'the date the source stated it (YYYY-MM-DD, not in the future)' }) @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
}

export class CreditFlagCreateDto {
  @ApiProperty({ enum: FLAG_KINDS }) @IsIn(FLAG_KINDS) kind: string;
  @ApiProperty() @IsCalendarDate() @IsPastDate() on: string;
  @ApiPropertyOptional({ enum: FACT_SOURCES, description: 'omitted: enterprise for an enterprise user, officer for staff' }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional({ description: 'the date the source stated it (YYYY-MM-DD, not in the future)' }) @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) note?: string;
}

export class ContactCreateDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(64) name: string;
  @ApiPropertyOptional({ example: '财务负责人' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(64) role?: string;
  @ApiPropertyOptional({ example: '022-23456789' }) @IsOptional() @Transform(trim) @IsString() @Matches(/^[0-9+()\- ]{5,32}$/, { message: 'must be a phone number (digits, spaces, + - ( ))' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsEmailAddress() @MaxLength(128) email?: string;
}

export class ActivityCreateDto {
  @ApiProperty({ enum: ACTIVITY_KINDS }) @IsIn(ACTIVITY_KINDS) kind: string;
  @ApiPropertyOptional({ description: 'ISO date-time; default now; not after today (Beijing)' }) @IsOptional() @IsString() @MaxLength(40) @IsPastDate() at?: string;
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(4000) text: string;
}

export class TaskCreateDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty({ example: '2026-12-31' }) @IsCalendarDate() dueOn: string;
  @ApiPropertyOptional({ description: 'user id; default the caller' }) @IsOptional() @IsInt() @Min(1) assigneeId?: number;
}

export const TIMELINE_KINDS = [...ACTIVITY_KINDS, 'task-completed', 'change', 'status'] as const;
