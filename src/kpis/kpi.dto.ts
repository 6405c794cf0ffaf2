import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';
import { IsCalendarDate, IsPastDate, IsYuan } from '../common/validators.js';
import { FACT_SOURCES, type FactSource } from '../enterprises/stored-facts.dto.js';

/** A finite number with at most two decimals (stored in hundredths); never throws on odd input. */
function IsHundredths(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      // Named like class-validator's number check so the field message is the catalogue's "must be a number".
      name: 'isNumber',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a number with at most two decimals`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(2)) === v },
    });
}

/**
 * PUT /api/v1/enterprises/:id/kpi-figures/:year (api.md "Facts and provenance"). The year is replaced
 * as a whole: a figure left out is unknown. Money in yuan (元), land in 亩, energy in 吨标准煤.
 */
export class KpiFiguresPutDto {
  @ApiPropertyOptional({ description: 'must equal the path year when given' }) @IsOptional() @IsInt() year?: number;
  @ApiPropertyOptional({ description: '亩 (mu), up to two decimals' }) @IsOptional() @IsHundredths() @Min(0) @Max(10_000_000) landMu?: number;
  @ApiPropertyOptional({ description: 'yuan' }) @IsOptional() @IsYuan() @Min(0) @Max(1e13) taxesPaid?: number;
  @ApiPropertyOptional({ description: 'yuan; a loss is negative' }) @IsOptional() @IsYuan() @Min(-1e13) @Max(1e13) totalProfit?: number;
  @ApiPropertyOptional({ description: 'yuan' }) @IsOptional() @IsYuan() @Min(0) @Max(1e13) valueAdded?: number;
  @ApiPropertyOptional({ description: 'tonnes of standard coal (吨标准煤), up to two decimals' }) @IsOptional() @IsHundredths() @Min(0) @Max(1e9) energyTce?: number;
  @ApiPropertyOptional({ enum: FACT_SOURCES }) @IsOptional() @IsIn(FACT_SOURCES) source?: FactSource;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() @IsPastDate() sourceAsOf?: string;
  @ApiPropertyOptional({ description: 'the version you read when replacing an existing year; stale → 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** The form's field labels (catalogue keys), so messages name the field as the form does. */
export const KPI_FORM_LABELS: Record<string, string> = {
  year: 'kpi.field.year', landMu: 'kpi.field.landMu', taxesPaid: 'kpi.field.taxesPaid', totalProfit: 'kpi.field.totalProfit',
  valueAdded: 'kpi.field.valueAdded', energyTce: 'kpi.field.energyTce', source: 'kpi.field.source', sourceAsOf: 'kpi.field.sourceAsOf', version: 'kpi.field.version',
};
