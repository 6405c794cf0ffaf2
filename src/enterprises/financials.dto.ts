import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsYuan } from '../common/validators.js';

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

  @ApiPropertyOptional({ description: 'the version you read when replacing an existing year; stale → 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}
