import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsPastDate, IsYuan } from '../common/validators.js';
import { FACT_SOURCES, type FactSource } from '../policy/fact-provenance.js';

const money = () => (target: object, key: string) => {
  ApiPropertyOptional({ description: 'yuan' })(target, key);
  IsOptional()(target, key);
  ValidateIf((_: unknown, v: unknown) => v !== null)(target, key);
  IsYuan()(target, key);
  Min(0)(target, key);
  Max(1e13)(target, key);
};
const count = () => (target: object, key: string) => {
  ApiPropertyOptional()(target, key);
  IsOptional()(target, key);
  ValidateIf((_: unknown, v: unknown) => v !== null)(target, key);
  IsInt()(target, key);
  Min(0)(target, key);
  Max(10_000_000)(target, key);
};

/** One fiscal year of figures (api.md facts). Left-out figures are unknown; null clears one. */
export class FinancialsPutDto {
  @money() operatingRevenue?: number | null;
  @money() salesRevenue?: number | null;
  @money() mainBusinessRevenue?: number | null;
  @money() totalIncome?: number | null;
  @money() nonTaxableIncome?: number | null;
  @money() investmentIncome?: number | null;
  @money() highTechRevenue?: number | null;
  @money() rdExpense?: number | null;
  @money() rdExpenseDomestic?: number | null;
  @money() totalCostAndExpense?: number | null;
  @money() totalAssets?: number | null;
  @money() totalLiabilities?: number | null;
  @count() employees?: number | null;
  @count() stStaff?: number | null;
  @count() transformedAchievements?: number | null;

  @ApiPropertyOptional({ enum: FACT_SOURCES, description: 'omitted: enterprise for an enterprise user, officer for staff; an enterprise user may state only enterprise' })
  @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional({ description: 'the date the source stated the figures (YYYY-MM-DD, not in the future)' })
  @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;

  @ApiPropertyOptional({ description: 'the version you read when replacing an existing year; stale → 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}
