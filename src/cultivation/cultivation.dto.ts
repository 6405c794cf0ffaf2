import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../common/validators.js';
import { HIGH_TECH_FIELDS } from '../policy/engine/facts.js';
import { SERVICE_LOG_KINDS } from './cultivation.entity.js';
import { MEMBERSHIP_ACTIONS, MEMBERSHIP_STATUSES } from './membership-machine.js';
import { EMPLOYEE_BAND_CODES, HT_CODES, REVENUE_BAND_CODES, SERVICES } from './ranking.js';

const DISTRICT = /^12\d{4}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CandidateQueryDto {
  @ApiPropertyOptional({ example: '120116' }) @IsOptional() @Matches(DISTRICT, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;

  @ApiPropertyOptional({ enum: HIGH_TECH_FIELDS }) @IsOptional() @IsIn(HIGH_TECH_FIELDS)
  highTechField?: string;

  @ApiPropertyOptional({ enum: REVENUE_BAND_CODES, description: 'N-1 operating revenue: r1 ≤ 5M, r2 ≤ 20M, r3 ≤ 50M, r4 ≤ 200M, r5 above (yuan)' }) @IsOptional() @IsIn(REVENUE_BAND_CODES)
  revenueBand?: string;

  @ApiPropertyOptional({ enum: EMPLOYEE_BAND_CODES, description: 'N-1 employees: e1 < 20, e2 < 100, e3 < 300, e4 300 and more' }) @IsOptional() @IsIn(EMPLOYEE_BAND_CODES)
  employeeBand?: string;

  @ApiPropertyOptional({ description: 'name or USCC prefix' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;
}

export class CandidateExportQueryDto extends CandidateQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

/** The /cultivation page: the candidate filters and the pool's year and status. */
export class CultivationPageQueryDto extends CandidateQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;

  @IsOptional() @IsIn(MEMBERSHIP_STATUSES)
  status?: string;
}

export class PoolQueryDto {
  @ApiPropertyOptional({ description: 'pool year (default: this year)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '120116' }) @IsOptional() @Matches(DISTRICT, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;

  @ApiPropertyOptional({ enum: MEMBERSHIP_STATUSES }) @IsOptional() @IsIn(MEMBERSHIP_STATUSES)
  status?: string;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

export class ProposeDto {
  @ApiProperty({ description: 'pool year: this year or next' }) @IsInt() @Min(2000) @Max(2100)
  year: number;

  @ApiProperty({ type: [Number] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsInt({ each: true }) @Min(1, { each: true }) @Max(2147483647, { each: true })
  enterpriseIds: number[];

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ description: 'default: the proposing officer, else the enterprise\'s officer' }) @IsOptional() @IsInt() @Min(1)
  assignedOfficerId?: number;
}

export class VersionedIdDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) id: number;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class AdmitDto {
  @ApiProperty({ type: [VersionedIdDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => VersionedIdDto)
  items: VersionedIdDto[];

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(1000)
  comment?: string;
}

export class PoolTransitionDto {
  @ApiProperty({ enum: MEMBERSHIP_ACTIONS }) @IsIn(MEMBERSHIP_ACTIONS)
  action: string;

  @ApiProperty({ description: 'the version you read; stale → 409' }) @IsInt() @Min(1)
  version: number;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(1000)
  comment?: string;
}

export class PlanItemDto {
  @ApiProperty({ enum: HT_CODES }) @IsIn(HT_CODES) code: string;
  @ApiProperty({ example: '2026-06-30' }) @IsCalendarDate() targetDate: string;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @Transform(trim) @IsString() @MaxLength(255) note?: string | null;
}

export class PlanDto {
  @ApiProperty() @IsInt() @Min(1)
  version: number;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1)
  assignedOfficerId?: number | null;

  @ApiPropertyOptional({ enum: SERVICES, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(4) @IsIn(SERVICES, { each: true })
  services?: string[];

  @ApiPropertyOptional({ type: [PlanItemDto] }) @IsOptional() @IsArray() @ArrayMaxSize(9) @ValidateNested({ each: true }) @Type(() => PlanItemDto)
  items?: PlanItemDto[];
}

export class ServiceLogDto {
  @ApiProperty({ enum: SERVICE_LOG_KINDS }) @IsIn(SERVICE_LOG_KINDS)
  kind: (typeof SERVICE_LOG_KINDS)[number];

  @ApiPropertyOptional({ example: '2026-05-12', description: 'default today' }) @IsOptional() @IsCalendarDate()
  deliveredOn?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(500)
  note?: string;
}

export class LinkApplicationDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) applicationId: number;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class TargetDto {
  @ApiProperty() @IsInt() @Min(2000) @Max(2100)
  year: number;

  @ApiProperty({ description: '"city" or a district code', example: 'city' }) @Matches(/^(city|12\d{4})$/, { message: 'must be "city" or a Tianjin district code' })
  area: string;

  @ApiProperty({ description: 'new HNTE certifications targeted for the year' }) @IsInt() @Min(0) @Max(100000)
  newCertifications: number;

  @ApiPropertyOptional({ nullable: true, description: 'conversion rate (%) assumed while no pool year has closed' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(100)
  assumedRatePct?: number | null;

  @ApiPropertyOptional({ description: 'the version you read (when updating); stale → 409' }) @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class FiguresQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '120116' }) @IsOptional() @Matches(DISTRICT, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;
}

export class RenewalQueryDto {
  @ApiPropertyOptional({ default: 12 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(24)
  months?: number;

  @ApiPropertyOptional({ example: '120116' }) @IsOptional() @Matches(DISTRICT, { message: 'must be a Tianjin district code (12xxxx)' })
  districtCode?: string;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}
