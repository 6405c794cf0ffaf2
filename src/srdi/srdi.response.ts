import { ApiProperty } from '@nestjs/swagger';
import { FACT_SOURCES } from '../policy/fact-provenance.js';
import { SRDI_FACTS } from './srdi-facts.js';

class SrdiProvenanceDto {
  @ApiProperty({ enum: FACT_SOURCES, enumName: 'FactSource' }) source: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) sourceAsOf: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
}

/** One SRDI fact with its provenance (mapFact); the value's type depends on the fact. */
export class SrdiFactViewDto extends SrdiProvenanceDto {
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], description: 'by fact: a flag, a number, a code or a list' }) value: unknown;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: 'saved or confirmed by staff (the key link of a chain counts only then)' }) verified: boolean;
  @ApiProperty({ type: Number, nullable: true }) verifiedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt: string | null;
  @ApiProperty() version: number;
}

export class SrdiYearViewDto extends SrdiProvenanceDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) equityFinancing: number | null;
  @ApiProperty({ type: Number, nullable: true }) rdStaff: number | null;
  @ApiProperty() version: number;
}

export class SrdiRecognitionViewDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'srdi-sme' }) program: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: String, nullable: true }) batch: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNumber: string | null;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty() source: string;
}

/** The SRDI facts of a file by name (absent: never recorded), the yearly figures and the recognitions. */
export class SrdiFactsViewDto {
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SrdiFactViewDto' }, description: `by fact name (${SRDI_FACTS.join(', ')})` }) facts: Partial<Record<string, SrdiFactViewDto>>;
  @ApiProperty({ type: [SrdiYearViewDto] }) years: SrdiYearViewDto[];
  @ApiProperty({ type: [SrdiRecognitionViewDto] }) recognitions: SrdiRecognitionViewDto[];
}
