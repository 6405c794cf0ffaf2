import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf,
} from 'class-validator';
import { IsCalendarDate, IsPastDate, IsUscc, IsYuan } from '../common/validators.js';
import { HIGH_TECH_FIELDS, TAX_MODES, TIERS } from '../policy/engine/facts.js';

const MAX_MONEY = 1e13;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EnterpriseCreateDto {
  @ApiProperty({ example: '91310110666007217T' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsUscc()
  uscc: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(128)
  name: string;

  @ApiProperty({ example: '120116' }) @Matches(/^12\d{4}$/, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode: string;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(16)
  zoneCode?: string | null;

  @ApiPropertyOptional({ example: '2019-05-20' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate() @IsPastDate()
  establishedOn?: string | null;

  @ApiPropertyOptional({ example: 'C3911' }) @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(/^[A-T]\d{2,4}$/, { message: 'must be a GB/T 4754 code such as C3911' })
  industryCode?: string | null;

  @ApiPropertyOptional({ enum: TAX_MODES }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(TAX_MODES)
  taxMode?: (typeof TAX_MODES)[number] | null;

  @ApiPropertyOptional({ enum: HIGH_TECH_FIELDS }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(HIGH_TECH_FIELDS)
  highTechField?: (typeof HIGH_TECH_FIELDS)[number] | null;

  @ApiPropertyOptional({ description: 'yuan' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsYuan() @Min(0) @Max(MAX_MONEY)
  registeredCapital?: number | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(255)
  address?: string | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1)
  assignedOfficerId?: number | null;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(32, { each: true })
  tags?: string[];

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsBoolean()
  rdLedger?: boolean | null;

  @ApiPropertyOptional({ description: "products or services in the State's restricted/eliminated categories (TS-INDUSTRY); null = not established" }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsBoolean()
  restrictedCategory?: boolean | null;
}

/** PATCH: any profile field, plus the version the client read (stale → 409). The USCC is the natural key and cannot change. */
export class EnterpriseUpdateDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(2) @MaxLength(128)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^12\d{4}$/, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(16)
  zoneCode?: string | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate() @IsPastDate()
  establishedOn?: string | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(/^[A-T]\d{2,4}$/, { message: 'must be a GB/T 4754 code such as C3911' })
  industryCode?: string | null;

  @ApiPropertyOptional({ enum: TAX_MODES }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(TAX_MODES)
  taxMode?: (typeof TAX_MODES)[number] | null;

  @ApiPropertyOptional({ enum: HIGH_TECH_FIELDS }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(HIGH_TECH_FIELDS)
  highTechField?: (typeof HIGH_TECH_FIELDS)[number] | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsYuan() @Min(0) @Max(MAX_MONEY)
  registeredCapital?: number | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(255)
  address?: string | null;

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1)
  assignedOfficerId?: number | null;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(32, { each: true })
  tags?: string[];

  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsBoolean()
  rdLedger?: boolean | null;

  @ApiPropertyOptional({ description: "products or services in the State's restricted/eliminated categories (TS-INDUSTRY); null = not established" }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsBoolean()
  restrictedCategory?: boolean | null;

  @ApiProperty({ description: 'the version you read; a stale one answers 409' }) @IsInt() @Min(1)
  version: number;
}

/** An empty filter field of the list form (`?districtCode=`) means no filter, not an invalid value. */
const blankToUndefined = ({ value, obj, key }: { value: unknown; obj: Record<string, unknown>; key: string }) => (obj[key] === '' ? undefined : value);

export const ENTERPRISE_SORTS = ['name', 'uscc', 'districtCode', 'currentTier', 'establishedOn', 'updatedAt', 'createdAt'] as const;

export class EnterpriseListQueryDto {
  @Transform(blankToUndefined) @ApiPropertyOptional({ description: 'name contains, or USCC prefix' }) @IsOptional() @IsString() @MaxLength(64)
  q?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional() @IsOptional() @Matches(/^12\d{4}$/)
  districtCode?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16)
  zoneCode?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional({ enum: [...TIERS, 'unicorn', 'none'] }) @IsOptional() @IsIn([...TIERS, 'unicorn', 'none'])
  tier?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional({ enum: HIGH_TECH_FIELDS }) @IsOptional() @IsIn(HIGH_TECH_FIELDS)
  highTechField?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  assignedOfficerId?: number;

  @Transform(blankToUndefined) @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32)
  tag?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional({ description: 'a certificate (HNTE or other) expires within this many months' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60)
  expiringWithinMonths?: number;

  @Transform(blankToUndefined) @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @Transform(blankToUndefined) @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;

  @Transform(blankToUndefined) @ApiPropertyOptional({ default: '-updatedAt', description: `one of ${ENTERPRISE_SORTS.join(', ')}; prefix - for descending` })
  @IsOptional() @Matches(new RegExp(`^-?(${ENTERPRISE_SORTS.join('|')})$`), { message: `must be one of ${ENTERPRISE_SORTS.join(', ')} with an optional - prefix` })
  sort?: string;

  @Transform(blankToUndefined) @ApiPropertyOptional({ description: 'admin only: include soft-deleted files' }) @IsOptional() @IsIn(['true', 'false'])
  deleted?: string;
}
