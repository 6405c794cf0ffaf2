import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, Max, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsPastDate, IsYuan } from '../common/validators.js';
import { ACTIVITY_TYPES, FLAG_KINDS } from '../policy/engine/facts.js';
import { CHECK_RESULTS, CHECK_SUBJECTS } from './fact-check.entity.js';

import { FACT_SOURCES, type FactSource } from '../policy/fact-provenance.js';

/** Provenance of a stored fact (api.md "Facts and provenance"; rules.md "Unknown is not none"): one list, in policy/fact-provenance.ts. */
export { FACT_SOURCES, type FactSource };

const money = () => (target: object, key: string) => {
  ApiPropertyOptional({ description: 'yuan' })(target, key);
  IsOptional()(target, key);
  IsYuan()(target, key);
  Min(0)(target, key);
  Max(1e13)(target, key);
};

export class RdCostsDto {
  @money() personnel?: number;
  @money() directInputs?: number;
  @money() depreciation?: number;
  @money() amortization?: number;
  @money() design?: number;
  @money() other?: number;
}

export class RdLedgerProjectDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) name?: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) @IsIn(ACTIVITY_TYPES) activityType: string;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => RdCostsDto) costs?: RdCostsDto;
}

/** PUT /api/v1/enterprises/:id/rd-ledger/:year — the evaluate request's rdExpenseDetail plus provenance. */
export class RdLedgerPutDto {
  @ApiPropertyOptional({ description: 'must equal the path year when given' }) @IsOptional() @IsInt() year?: number;
  @money() personnel?: number;
  @money() directInputs?: number;
  @money() depreciation?: number;
  @money() amortization?: number;
  @money() design?: number;
  @money() other?: number;
  @money() contractedDomestic?: number;
  @money() contractedOverseas?: number;
  @money() byProductIncome?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() manufacturing?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() icOrMachineTool?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() techSme?: boolean;
  @ApiPropertyOptional({ type: [RdLedgerProjectDto] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RdLedgerProjectDto) projects?: RdLedgerProjectDto[];
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() sourceAsOf?: string;
  @ApiPropertyOptional({ description: 'the version you read when replacing an existing year; stale → 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** POST /api/v1/enterprises/:id/credit-flags. `on` is the older spelling of listedOn (still accepted). */
export class CreditFlagPostDto {
  @ApiProperty({ enum: FLAG_KINDS }) @IsIn(FLAG_KINDS) kind: string;
  @ApiProperty() @ValidateIf((o: CreditFlagPostDto) => o.on === undefined) @IsCalendarDate() @IsPastDate() listedOn?: string;
  @ApiPropertyOptional({ deprecated: true }) @IsOptional() @IsCalendarDate() @IsPastDate() on?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() @IsPastDate() removedOn?: string;
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() sourceAsOf?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) note?: string;
}

/** PATCH /api/v1/enterprises/:id/credit-flags/:flagId — removal from the list (null undoes a wrong removal). */
export class CreditFlagPatchDto {
  @ApiProperty({ nullable: true }) @ValidateIf((_: unknown, v: unknown) => v !== null) @IsCalendarDate() @IsPastDate() removedOn: string | null;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

/** POST /api/v1/enterprises/:id/checks. */
export class FactCheckPostDto {
  @ApiProperty({ enum: CHECK_SUBJECTS }) @IsIn(CHECK_SUBJECTS) subject: string;
  @ApiProperty() @IsCalendarDate() @IsPastDate() on: string;
  @ApiProperty({ enum: CHECK_RESULTS }) @IsIn(CHECK_RESULTS) result: string;
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
}
