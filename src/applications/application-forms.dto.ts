import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { HIGH_TECH_FIELDS } from '../policy/engine/facts.js';
import { ExpertScoresDto, RdExpenseDetailDto } from '../policy/eligibility.dto.js';
import { IsEmailAddress, IsYuan } from './safe-validators.js';
import { IsCalendarDate } from '../common/validators.js';
import type { ApplicationType } from './workflow/workflows.js';
import { lookupTable } from '../common/own-key.js';

/**
 * The form of each application type. Forms are prefilled from the enterprise file; the service
 * validates the `form` object of the request against the type's class (details as `form.<field>`).
 */
class ContactFields {
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(64) contactName: string;
  @IsString() @MinLength(5, { message: 'validation.invalid' }) @MaxLength(32) contactPhone: string;
  @IsOptional() @IsEmailAddress() @MaxLength(128) contactEmail?: string;
}

export class TierRecognitionFormDto extends ContactFields {
  /** Main products or services and the technology behind them. */
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(2000) mainProducts: string;
  @IsOptional() @IsString() @MaxLength(2000) highlights?: string;
}

export class HighTechFormDto extends ContactFields {
  @IsIn(HIGH_TECH_FIELDS) highTechField: string;
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(2000) coreTechnology: string;
  /** The enterprise's self-assessment of the expert-judged score items (optional). */
  @IsOptional() @ValidateNested() @Type(() => ExpertScoresDto) expertScores?: ExpertScoresDto;
}

export class SuperDeductionFormDto extends ContactFields {
  @ValidateNested() @Type(() => RdExpenseDetailDto) rdExpenseDetail: RdExpenseDetailDto;
}

export class PledgedAssetFormDto {
  /** An IP asset on the enterprise's own file. */
  @IsInt() @Min(1) ipAssetId: number;
  /** Annual (or renewal) fees paid up. */
  @IsBoolean() feesPaid: boolean;
  /** Any ownership dispute, freeze or invalidation proceeding pending. */
  @IsBoolean() disputed: boolean;
  /** Every co-owner consents (only asked when the asset is co-owned). */
  @IsOptional() @IsBoolean() coOwnersConsented?: boolean;
}

export class IpPledgeFormDto extends ContactFields {
  @IsYuan() @Min(10_000) @Max(1e10) requestedAmount: number;
  @IsInt() @Min(1) @Max(120) termMonths: number;
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(500) purpose: string;
  @IsOptional() @IsString() @MaxLength(128) preferredBank?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PledgedAssetFormDto) assets: PledgedAssetFormDto[];
}

/**
 * SRDI recognition (rules.md §7): the rung's facts the file may already hold (prefilled from it) —
 * the niche market and since when, the 专精特新 score with who assessed it, equity financing.
 */
export class SrdiRecognitionFormDto extends ContactFields {
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(2000) mainProducts: string;
  @IsString() @MinLength(1, { message: 'validation.required' }) @MaxLength(128) nicheMarket: string;
  @IsCalendarDate() nicheSince: string;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) srdiScore?: number;
  @IsOptional() @IsString() @MaxLength(200) srdiScoreBy?: string;
  /** Paid-in equity financing from qualified investors over the rung's window (yuan). */
  @IsOptional() @IsYuan() @Min(0) @Max(1e12) equityFinancing?: number;
  @IsOptional() @IsString() @MaxLength(2000) highlights?: string;
}

/** R&D post-subsidy (rules.md §8): the claim is computed from the file (shown, not typed). */
export class RdPostSubsidyFormDto extends ContactFields {
  @IsOptional() @IsString() @MaxLength(2000) rdSummary?: string;
}

export const FORM_CLASSES: Record<ApplicationType, new () => object> = lookupTable<Record<ApplicationType, new () => object>>({
  'tier-recognition': TierRecognitionFormDto,
  'high-tech-certification': HighTechFormDto,
  'super-deduction-precheck': SuperDeductionFormDto,
  'ip-pledge-loan': IpPledgeFormDto,
  'srdi-recognition': SrdiRecognitionFormDto,
  'rd-post-subsidy': RdPostSubsidyFormDto,
});

/** For OpenAPI: the union of the form fields, documented loosely. */
export class ApplicationFormDoc {
  @ApiPropertyOptional() contactName?: string;
  @ApiPropertyOptional() contactPhone?: string;
  @ApiPropertyOptional({ description: 'tier-recognition' }) mainProducts?: string;
  @ApiPropertyOptional({ description: 'high-tech-certification' }) coreTechnology?: string;
  @ApiPropertyOptional({ description: 'super-deduction-precheck' }) rdExpenseDetail?: object;
  @ApiPropertyOptional({ description: 'ip-pledge-loan: [{ ipAssetId, feesPaid, disputed, coOwnersConsented }]' }) assets?: object[];
  @ApiPropertyOptional({ description: 'srdi-recognition: the niche market (SP-NICHE, LG-NICHE)' }) nicheMarket?: string;
  @ApiPropertyOptional({ description: 'srdi-recognition: in the niche since (YYYY-MM-DD)' }) nicheSince?: string;
  @ApiPropertyOptional({ description: 'srdi-recognition: the 专精特新 score (0–100) and who assessed it (srdiScoreBy)' }) srdiScore?: number;
  @ApiPropertyOptional({ description: 'srdi-recognition: paid-in equity financing from qualified investors (yuan)' }) equityFinancing?: number;
  @ApiPropertyOptional({ description: 'rd-post-subsidy: the computed claim (read-only, from the file)' }) claim?: object;
}
