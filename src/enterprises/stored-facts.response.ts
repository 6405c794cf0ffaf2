import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLAG_KINDS, RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import { FACT_SOURCES } from '../policy/fact-provenance.js';
import { ACTIVITY_KINDS, SYSTEM_ACTIVITY_KINDS } from '../activities/activity.entity.js';
import { CHECK_RESULTS, CHECK_SUBJECTS } from './fact-check.entity.js';
import { EnterpriseDto, FinancialsDto } from './enterprise.response.js';

/** The provenance of a stored fact, as the stored-facts mappers shape it (the source is always known here). */
class StoredProvenanceDto {
  @ApiProperty({ type: String, enum: FACT_SOURCES, enumName: 'FactSource' }) source: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) sourceAsOf: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
}

export class RdLedgerProjectViewDto {
  @ApiPropertyOptional() name?: string;
  @ApiProperty({ example: 'new-product' }) activityType: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, description: 'yuan per cost heading (personnel, directInputs, depreciation, amortization, design, other)' })
  costs?: Partial<Record<'personnel' | 'directInputs' | 'depreciation' | 'amortization' | 'design' | 'other', number>>;
}

/** One fiscal year's R&D ledger summary (mapRdLedger); the money headings in yuan, null = not reported. */
export class RdLedgerDto extends StoredProvenanceDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ type: Boolean, nullable: true }) manufacturing: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) icOrMachineTool: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) techSme: boolean | null;
  @ApiProperty({ type: [RdLedgerProjectViewDto] }) projects: RdLedgerProjectViewDto[];
  @ApiProperty({ description: 'saved or confirmed by staff' }) verified: boolean;
  @ApiProperty({ type: Number, nullable: true }) verifiedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt: string | null;
  @ApiProperty() version: number;
}
for (const field of RD_EXPENSE_MONEY_FIELDS) ApiProperty({ type: Number, nullable: true, description: 'yuan' })(RdLedgerDto.prototype, field);

export class RdLedgerListDto {
  @ApiProperty({ type: [RdLedgerDto] }) items: RdLedgerDto[];
}

/** A credit flag as the stored-facts routes return it (mapStoredFlag). */
export class StoredCreditFlagDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: FLAG_KINDS, enumName: 'CreditFlagKind' }) kind: string;
  @ApiProperty({ enum: ['listing', 'event'], enumName: 'CreditFlagCategory', description: 'a listing lasts until removed; an event happened once' }) category: 'listing' | 'event';
  @ApiProperty({ format: 'date' }) listedOn: string;
  @ApiProperty({ format: 'date', deprecated: true, description: 'the older name of listedOn' }) on: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) removedOn: string | null;
  @ApiProperty({ type: String, nullable: true, enum: FACT_SOURCES, enumName: 'FactSource' }) source: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) sourceAsOf: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
  @ApiProperty() version: number;
}

export class StoredCreditFlagListDto {
  @ApiProperty({ type: [StoredCreditFlagDto] }) items: StoredCreditFlagDto[];
}

/** A check of a subject against a source on a day (mapCheck). */
export class FactCheckDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: CHECK_SUBJECTS, enumName: 'FactCheckSubject' }) subject: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: CHECK_RESULTS, enumName: 'FactCheckResult' }) result: string;
  @ApiProperty({ enum: FACT_SOURCES, enumName: 'FactSource' }) source: string;
  @ApiProperty({ format: 'date' }) sourceAsOf: string;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
}

export class ActivityDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: [...ACTIVITY_KINDS, ...SYSTEM_ACTIVITY_KINDS], enumName: 'ActivityKind' }) kind: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ description: 'the author\'s display name' }) author: string;
  @ApiProperty() text: string;
}

export class TaskCreatedDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() assigneeId: number;
  @ApiProperty() done: boolean;
  @ApiProperty() version: number;
}

export class TimelineEntryDto {
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ example: 'visit' }) kind: string;
  @ApiProperty() who: string;
  @ApiProperty() text: string;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEntryDto], description: 'newest first' }) items: TimelineEntryDto[];
}

export class MyTaskDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() version: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
}

export class MyTasksDto {
  @ApiProperty({ type: [MyTaskDto] }) overdue: MyTaskDto[];
  @ApiProperty({ type: [MyTaskDto] }) thisWeek: MyTaskDto[];
  @ApiProperty({ type: [MyTaskDto] }) later: MyTaskDto[];
}

export class TaskCompletedDto {
  @ApiProperty() id: number;
  @ApiProperty() done: boolean;
  @ApiProperty() version: number;
}

const MERGE_FILLABLE = ['establishedOn', 'industryCode', 'taxMode', 'highTechField', 'registeredCapital', 'address', 'assignedOfficerId', 'rdLedger', 'restrictedCategory', 'currentTier'] as const;

export class MergeConflictPreviewDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: FinancialsDto }) survivor: FinancialsDto;
  @ApiProperty({ type: FinancialsDto }) duplicate: FinancialsDto;
}

export class MergeFilledPreviewDto {
  @ApiProperty({ enum: MERGE_FILLABLE, enumName: 'MergeFillableField' }) field: (typeof MERGE_FILLABLE)[number];
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }) value: string | number | boolean | null;
}

/** GET merge-preview: what merging would move, which years conflict, which empty fields the duplicate fills. */
export class MergePreviewDto {
  @ApiProperty({ type: EnterpriseDto }) survivor: EnterpriseDto;
  @ApiProperty({ type: EnterpriseDto }) duplicate: EnterpriseDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'per kind of record, how many would move', example: { ipAssets: 3, contacts: 1 } }) moves: Record<string, number>;
  @ApiProperty({ type: [MergeConflictPreviewDto] }) conflicts: MergeConflictPreviewDto[];
  @ApiProperty({ type: [MergeFilledPreviewDto] }) filled: MergeFilledPreviewDto[];
  @ApiProperty({ type: [String] }) tagsAfter: string[];
}

export class MergedDuplicateDto {
  @ApiProperty() id: number;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() mergedIntoId: number;
}

export class MergeConflictDto {
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['survivor', 'duplicate'], enumName: 'MergeKept' }) kept: 'survivor' | 'duplicate';
}

export class MergeResultDto {
  @ApiProperty({ type: EnterpriseDto }) survivor: EnterpriseDto;
  @ApiProperty({ type: MergedDuplicateDto }) duplicate: MergedDuplicateDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'per kind of record, how many moved' }) moved: Record<string, number>;
  @ApiProperty({ type: [MergeConflictDto] }) conflicts: MergeConflictDto[];
  @ApiProperty({ type: [String], description: 'the survivor\'s fields filled from the duplicate' }) filled: string[];
}
