import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsPastDate, IsUscc, IsYuan } from '../common/validators.js';
import {
  ACQUISITIONS, ACTIVITY_TYPES, ALL_PROGRAMS, CONTEST_RANKS, FLAG_KINDS, HIGH_TECH_FIELDS, IP_KINDS, IP_STATUSES, QUALIFICATION_KINDS,
  QUALIFICATION_LEVELS, RD_INSTITUTION_KINDS, SRDI_PROGRAMS, TAX_MODES,
} from './engine/facts.js';

/** Non-negative yuan with at most two decimals. */
function Money() {
  return (target: object, key: string) => {
    IsOptional()(target, key);
    IsYuan()(target, key);
    Min(0, { message: `${key} must not be negative` })(target, key);
    Max(1e13)(target, key);
  };
}
function Count() {
  return (target: object, key: string) => {
    IsOptional()(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(10_000_000)(target, key);
  };
}

/** api.md: `flags[]` accepts `listedOn`/`removedOn` besides `on`; at least one of `on` and `listedOn`. */
export class FlagDto {
  @ApiProperty({ enum: FLAG_KINDS, enumName: 'CreditFlagKind' }) @IsIn(FLAG_KINDS) kind: string;
  @ApiPropertyOptional({ deprecated: true, description: 'the older spelling of listedOn; answered with a Deprecation header' })
  @ValidateIf((o: FlagDto) => o.on !== undefined || o.listedOn === undefined) @IsCalendarDate() on?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() listedOn?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() removedOn?: string;
}

export class EnterpriseFactsDto {
  @IsOptional() @IsUscc() uscc?: string;
  @IsOptional() @IsString() @MaxLength(128) name?: string;
  @IsOptional() @Matches(/^\d{6}$/, { message: 'must be a 6-digit GB/T 2260 code' }) districtCode?: string;
  @IsOptional() @IsCalendarDate() @IsPastDate() establishedOn?: string;
  @IsOptional() @Matches(/^[A-T]\d{0,4}$/, { message: 'must be a GB/T 4754 code such as C3911' }) industryCode?: string;
  @IsOptional() @IsIn(TAX_MODES) taxMode?: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(HIGH_TECH_FIELDS) highTechField?: string | null;
  @ApiPropertyOptional({ type: [FlagDto], description: "credit listings and events; a listing counts from listedOn until removedOn" }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FlagDto) flags?: FlagDto[];
  @IsOptional() @IsBoolean() rdLedger?: boolean;
  /** Products or services in the State's restricted/eliminated categories (absent = unknown → TS-INDUSTRY missing). */
  @IsOptional() @IsBoolean() restrictedCategory?: boolean;
  /** The subject was checked, so an empty list means none (false = not checked: an empty list is unknown). */
  @IsOptional() @IsBoolean() ipChecked?: boolean;
  @IsOptional() @IsBoolean() qualificationsChecked?: boolean;
  @IsOptional() @IsBoolean() creditChecked?: boolean;
}

export class FinancialYearDto {
  @IsInt() @Min(1990) @Max(2100) year: number;
  @Money() operatingRevenue?: number;
  @Money() salesRevenue?: number;
  @Money() mainBusinessRevenue?: number;
  @Money() totalIncome?: number;
  @Money() nonTaxableIncome?: number;
  @Money() investmentIncome?: number;
  @Money() highTechRevenue?: number;
  @Money() rdExpense?: number;
  @Money() rdExpenseDomestic?: number;
  @Money() totalCostAndExpense?: number;
  @Money() totalAssets?: number;
  @Money() totalLiabilities?: number;
  @Count() employees?: number;
  @Count() stStaff?: number;
  @Count() transformedAchievements?: number;
  /** Addition to api.md: taxable income as filed, negative in a loss year (super-deduction tax saving). */
  @IsOptional() @IsYuan() @Min(-1e13) @Max(1e13) taxableIncome?: number;
}

export class IpAssetFactDto {
  @IsIn(IP_KINDS) kind: string;
  @IsOptional() @IsString() @MaxLength(64) number?: string;
  @IsIn(IP_STATUSES) status: string;
  @IsOptional() @IsCalendarDate() grantedOn?: string;
  @IsOptional() @IsCalendarDate() expiresOn?: string;
  @IsOptional() @IsIn(ACQUISITIONS) acquisition?: string;
  @IsOptional() @IsBoolean() usedInHighTechApplication?: boolean;
  @IsOptional() @IsBoolean() relatedToMainProducts?: boolean;
}

export class QualificationFactDto {
  @IsIn(QUALIFICATION_KINDS) kind: string;
  @IsOptional() @IsIn(QUALIFICATION_LEVELS) level?: string;
  @IsOptional() @IsIn(CONTEST_RANKS) rank?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) unitRank?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) drafterRank?: number;
  @Money() amount?: number;
  @IsOptional() @IsCalendarDate() on?: string;
  @IsOptional() @IsCalendarDate() validUntil?: string;
  @IsOptional() @IsString() @MaxLength(128) ranking?: string;
}

function Score(max: number) {
  return (target: object, key: string) => {
    IsOptional()(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    Min(0)(target, key);
    Max(max)(target, key);
  };
}

export class ExpertScoresDto {
  @Score(8) techAdvancement?: number;
  @Score(8) coreSupport?: number;
  @Score(6) acquisition?: number;
  @Score(2) standardsBonus?: number;
  @Score(6) rdManagement?: number;
  @Score(6) rdInstitution?: number;
  @Score(4) transformationIncentive?: number;
  @Score(4) talent?: number;
}

export class RdProjectCostsDto {
  @Money() personnel?: number;
  @Money() directInputs?: number;
  @Money() depreciation?: number;
  @Money() amortization?: number;
  @Money() design?: number;
  @Money() other?: number;
  @Money() contractedDomestic?: number;
  @Money() contractedOverseas?: number;
}

export class RdProjectDto {
  @IsOptional() @IsString() @MaxLength(128) name?: string;
  @IsIn(ACTIVITY_TYPES) activityType: string;
  /** api.md: projects may carry `costs` by category (an excluded project's costs leave the base). */
  @IsOptional() @ValidateNested() @Type(() => RdProjectCostsDto) costs?: RdProjectCostsDto;
}

export class RdExpenseDetailDto {
  @IsOptional() @IsInt() @Min(1990) @Max(2100) year?: number;
  @Money() personnel?: number;
  @Money() directInputs?: number;
  @Money() depreciation?: number;
  @Money() amortization?: number;
  @Money() design?: number;
  @Money() other?: number;
  @Money() contractedDomestic?: number;
  @Money() contractedOverseas?: number;
  @Money() byProductIncome?: number;
  /** R&D paid from fiscal funds booked as non-taxable income (not in the base). */
  @Money() fiscalFunds?: number;
  @IsOptional() @IsBoolean() manufacturing?: boolean;
  @IsOptional() @IsBoolean() icOrMachineTool?: boolean;
  @IsOptional() @IsBoolean() techSme?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RdProjectDto) projects?: RdProjectDto[];
}

/** One year of SRDI figures: paid-in equity financing from qualified investors (yuan) and R&D staff. */
export class SrdiYearDto {
  @IsInt() @Min(1990) @Max(2100) year: number;
  @Money() equityFinancing?: number;
  @Count() rdStaff?: number;
}

export class SrdiRecognitionDto {
  @IsIn(SRDI_PROGRAMS) program: string;
  @IsOptional() @IsCalendarDate() validFrom?: string;
  @IsOptional() @IsCalendarDate() validUntil?: string;
}

/** The SRDI facts (rules.md §7); every field optional, absent = unknown (`missing`). */
export class SrdiFactsDto {
  @IsOptional() @IsString() @MaxLength(128) nicheMarket?: string;
  @IsOptional() @IsCalendarDate() @IsPastDate() nicheSince?: string;
  @IsOptional() @IsBoolean() strategicEmergingIndustry?: boolean;
  @IsOptional() @IsBoolean() keyChainLink?: boolean;
  @Score(100) srdiScore?: number;
  @IsOptional() @IsIn(RD_INSTITUTION_KINDS) rdInstitution?: string;
  @Count() highValueClassI?: number;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(2000) @Max(2100) makerChinaTop500Year?: number | null;
  @IsOptional() @IsBoolean() innovationTitle?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SrdiYearDto) years?: SrdiYearDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SrdiRecognitionDto) recognitions?: SrdiRecognitionDto[];
}

/** A tech-SME listing on file (rules.md §8 RP-STATUS); without validUntil it runs to the end of its year. */
export class TechSmeListingDto {
  @IsCalendarDate() validFrom: string;
  @IsOptional() @IsCalendarDate() validUntil?: string;
}

/** POST /api/v1/eligibility/evaluate (api.md). Invalid facts → 400 with details, never a partial evaluation. */
export class EvaluateRequestDto {
  @ApiPropertyOptional({ example: '2026-03-31', description: 'default today' }) @IsOptional() @IsCalendarDate() asOf?: string;
  @ApiPropertyOptional({ enum: ALL_PROGRAMS, isArray: true, description: 'default: the seven programmes before the SRDI ladder; name innovative-sme, srdi-sme, little-giant, rd-post-subsidy to add them' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIn(ALL_PROGRAMS, { each: true }) programs?: string[];
  @ApiProperty() @ValidateNested() @Type(() => EnterpriseFactsDto) enterprise: EnterpriseFactsDto;
  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FinancialYearDto) financials?: FinancialYearDto[];
  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => IpAssetFactDto) ipAssets?: IpAssetFactDto[];
  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => QualificationFactDto) qualifications?: QualificationFactDto[];
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => ExpertScoresDto) expertScores?: ExpertScoresDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => RdExpenseDetailDto) rdExpenseDetail?: RdExpenseDetailDto;
  @ApiPropertyOptional({ description: 'SRDI facts (rules.md §7): niche market, equity financing by year, score …' }) @IsOptional() @ValidateNested() @Type(() => SrdiFactsDto) srdi?: SrdiFactsDto;
  @ApiPropertyOptional({ type: [TechSmeListingDto], description: 'tech-SME listings (rd-post-subsidy RP-STATUS); absent = unknown, [] = none' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => TechSmeListingDto) techSmeListings?: TechSmeListingDto[];
}

export class EligibilityQueryDto {
  @IsOptional() @IsCalendarDate() asOf?: string;
}
