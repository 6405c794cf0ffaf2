import { ApiProperty } from '@nestjs/swagger';
import { BATCH_STATUSES, LIST_PROGRAMMES, OBJECTION_STATUSES } from './batch.entity.js';
import { BATCH_ACTIONS } from './batch-machine.js';
import { ApplicationSummaryDto } from './application.response.js';

/** Open structures: the prefill carries the form fields of the application type. */
export const PREFILL_SCHEMA = { type: 'object', additionalProperties: true, description: 'form fields filled from the file (by application type)', example: { contactName: '王敏', field: 'electronic-information' } } as const;

/** An uploaded document of an application (one revision of a requirement). */
export class ApplicationDocumentDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'audited-statements' }) requirement: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the file-level document it is stored as' }) documentId: number | null;
  @ApiProperty() revision: number;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt: Date;
  @ApiProperty({ type: String, nullable: true }) downloadUrl: string | null;
}

/** What a subsidy would be (IP-pledge loans: interest or appraisal), before it is granted. */
export class SubsidyPreviewDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'yuan' }) base: number;
  @ApiProperty({ example: 0.5 }) rate: number;
  @ApiProperty({ description: 'yuan' }) cap: number;
  @ApiProperty({ description: 'yuan' }) amount: number;
  @ApiProperty({ description: 'the rule-set version that set rate and cap' }) version: string;
  @ApiProperty() provisional: boolean;
  @ApiProperty({ description: 'yuan already granted this year' }) alreadyGranted: number;
}

export class SubsidyDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['interest', 'appraisal'], enumName: 'SubsidyKind' }) kind: 'interest' | 'appraisal';
  @ApiProperty() year: number;
  @ApiProperty({ description: 'yuan' }) base: number;
  @ApiProperty() rate: number;
  @ApiProperty({ description: 'yuan' }) cap: number;
  @ApiProperty({ description: 'yuan' }) amount: number;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty() provisional: boolean;
}

export class ObjectionDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: OBJECTION_STATUSES, enumName: 'ObjectionStatus' }) status: (typeof OBJECTION_STATUSES)[number];
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ type: String, nullable: true }) objector: string | null;
  @ApiProperty() content: string;
  @ApiProperty() version: number;
}

export class ObjectionResolvedDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['upheld', 'dismissed'], enumName: 'ObjectionResolution' }) status: 'upheld' | 'dismissed';
  @ApiProperty() resolution: string;
}

/** A recognition batch (公示 notice, decisions, announcement). */
export class BatchDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: LIST_PROGRAMMES, enumName: 'BatchProgramme' }) programme: (typeof LIST_PROGRAMMES)[number];
  @ApiProperty() year: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BATCH_STATUSES, enumName: 'BatchStatus' }) status: (typeof BATCH_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, format: 'date' }) noticeStartsOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) noticeEndsOn: string | null;
  @ApiProperty({ type: Number, nullable: true }) noticeWorkingDays: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) announcedOn: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class BatchRowDto extends BatchDto {
  @ApiProperty({ description: 'how many applications it holds' }) applications: number;
}

export class BatchListDto {
  @ApiProperty({ type: [BatchRowDto] }) items: BatchRowDto[];
}

export class BatchObjectionDto extends ObjectionDto {
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
}

export class BatchApplicationDto extends ApplicationSummaryDto {
  @ApiProperty({ type: [BatchObjectionDto] }) objections: BatchObjectionDto[];
}

export class BatchActionDto {
  @ApiProperty({ enum: BATCH_ACTIONS, enumName: 'BatchAction' }) action: string;
  @ApiProperty() allowed: boolean;
  @ApiProperty({ type: String, nullable: true }) reasonKey: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why not, in the caller\'s language' }) reason: string | null;
}

/** One batch with its applications, the candidates that may join, and what may be done next. */
export class BatchDetailDto extends BatchDto {
  @ApiProperty({ type: [BatchApplicationDto] }) applications: BatchApplicationDto[];
  @ApiProperty({ type: [ApplicationSummaryDto] }) candidates: ApplicationSummaryDto[];
  @ApiProperty() noticeEnded: boolean;
  @ApiProperty() undecided: number;
  @ApiProperty() openObjections: number;
  @ApiProperty({ type: [BatchActionDto] }) allowedActions: BatchActionDto[];
}
