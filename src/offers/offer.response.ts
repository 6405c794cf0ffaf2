import { ApiProperty } from '@nestjs/swagger';
import { OFFER_STATUSES } from './offer.entity.js';

export class OfferBenefitDto {
  @ApiProperty({ description: 'yuan' }) taxSaving: number;
  @ApiProperty({ description: 'yuan' }) extraDeduction: number;
}

export class FrozenCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty({ example: 'met' }) outcome: string;
  @ApiProperty({ type: [String], description: 'where each fact came from' }) sources: string[];
  @ApiProperty({ required: false }) partOf?: string;
  @ApiProperty({ type: [String], required: false }) anyOf?: readonly string[];
  @ApiProperty({ enum: ['authoritative', 'registration', 'self-reported', 'unrecorded', 'not-met', 'informational'], enumName: 'OfferFooting', description: 'how firm the facts behind it are' }) footing: string;
}

/** The evaluation an offer was made from, frozen on it. */
export class FrozenEvaluationDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty() engineVersion: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'programme → rule-set version' }) ruleSets: Record<string, string>;
  @ApiProperty() programme: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: [FrozenCriterionDto] }) criteria: FrozenCriterionDto[];
  @ApiProperty({ type: OfferBenefitDto, nullable: true, description: 'super-deduction: the estimated saving' }) benefit: OfferBenefitDto | null;
}

/** A row of the offers list. */
export class OfferSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ example: 'super-deduction' }) programme: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: OFFER_STATUSES, enumName: 'OfferStatus' }) status: string;
  @ApiProperty({ description: 'accepting skips the pre-check (the evaluation is already frozen)' }) fastTrack: boolean;
  @ApiProperty({ type: FrozenEvaluationDto }) evaluation: FrozenEvaluationDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date' }) expiresOn: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) applicationId: number | null;
  @ApiProperty() version: number;
}

/** One offer (mapOffer). */
export class OfferDto extends OfferSummaryDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: Date | null;
}

export class OfferPageDto {
  @ApiProperty({ type: [OfferSummaryDto] }) items: OfferSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class MatchStartedDto {
  @ApiProperty({ description: 'the background job; read it at GET /api/v1/jobs/{id}' }) jobId: number;
}

export class OfferAcceptedDto {
  @ApiProperty() applicationId: number;
  @ApiProperty({ example: 'draft' }) applicationStatus: string;
}

export class TakeUpRowDto {
  @ApiProperty() programme: string;
  @ApiProperty() districtCode: string;
  @ApiProperty() year: number;
  @ApiProperty() eligible: number;
  @ApiProperty() offered: number;
  @ApiProperty() opened: number;
  @ApiProperty() accepted: number;
  @ApiProperty() applied: number;
  @ApiProperty() granted: number;
  @ApiProperty({ description: 'yuan realised: the benefit of granted offers' }) money: number;
  @ApiProperty({ type: Number, nullable: true, description: 'accepted / offered' }) rate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'median days from offer to acceptance' }) medianDays: number | null;
}

export class TakeUpDto {
  @ApiProperty({ type: [TakeUpRowDto] }) items: TakeUpRowDto[];
}
