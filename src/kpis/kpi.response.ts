import { ApiProperty } from '@nestjs/swagger';
import { FACT_SOURCES } from '../policy/fact-provenance.js';
import { GRADES } from './kpi-grading.js';

export class KpiTrendDto {
  @ApiProperty() previousYear: number;
  @ApiProperty({ type: String, nullable: true, enum: GRADES, enumName: 'KpiGrade' }) previousGrade: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'points' }) scoreChange: number | null;
}

/** One year of a file's transformation KPIs: the figures, the financials they use, the grade. */
export class KpiYearDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() year: number;
  @ApiProperty({ type: Number, nullable: true, description: 'land in mu' }) landMu: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) taxesPaid: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) totalProfit: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) valueAdded: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'tonnes of coal equivalent' }) energyTce: number | null;
  @ApiProperty({ enum: FACT_SOURCES, enumName: 'FactSource' }) source: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) sourceAsOf: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
  @ApiProperty() verified: boolean;
  @ApiProperty({ type: Number, nullable: true }) verifiedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan, from the financials of the year' }) operatingRevenue: number | null;
  @ApiProperty({ type: Number, nullable: true }) employees: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) rdExpense: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description: 'taxPerMu, revenuePerMu, … (null: not computable)' }) indicators: object;
  @ApiProperty({ type: String, nullable: true, enum: GRADES, enumName: 'KpiGrade', description: 'null until the grading batch ran' }) grade: string | null;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { type: 'number', nullable: true } }) percentiles: Record<string, number | null> | null;
  @ApiProperty({ type: String, nullable: true, description: 'the industry section graded against' }) section: string | null;
  @ApiProperty({ type: Number, nullable: true }) sectionSize: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) gradedAt: string | null;
  @ApiProperty({ type: KpiTrendDto, nullable: true }) trend: KpiTrendDto | null;
}

export class KpiYearsDto {
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ type: [KpiYearDto] }) items: KpiYearDto[];
}
