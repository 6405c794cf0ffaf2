import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApplicationView } from './applications.service.js';
import type { ApplicationSummary } from './application.mapper.js';
import { ALL_ACTIONS, ALL_STATUSES, APPLICATION_TYPES, SRDI_RUNGS } from './workflow/workflows.js';
import { APPLICATION_RECORD_ACTIONS } from './application.policy.js';

export class EnterpriseBriefDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() uscc: string;
  @ApiProperty() districtCode: string;
  @ApiProperty({ type: String, nullable: true }) zoneCode: string | null;
}

/** A row of the applications list (and the head of one application). */
export class ApplicationSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'TR-2026-00002', description: 'the reference people quote' }) reference: string;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ type: EnterpriseBriefDto, nullable: true }) enterprise: EnterpriseBriefDto | null;
  @ApiProperty({ enum: APPLICATION_TYPES, enumName: 'ApplicationType' }) type: string;
  @ApiProperty({ type: String, nullable: true, description: 'tier recognition: the rung applied for' }) tier: string | null;
  @ApiProperty({ type: String, nullable: true, enum: SRDI_RUNGS, description: 'srdi-recognition: the SRDI rung applied for' }) rung: string | null;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ALL_STATUSES, enumName: 'ApplicationStatus' }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) statusSince: Date;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueOn: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'the due date counted plain working days (a holiday calendar it crosses is not entered)' }) deadlineProvisional: boolean;
  @ApiProperty({ type: Number, nullable: true }) batchId: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ description: 'optimistic-lock version' }) version: number;
}

export class ApplicationActionDto {
  @ApiProperty({ enum: [...ALL_ACTIONS, ...APPLICATION_RECORD_ACTIONS], enumName: 'ApplicationAction', description: 'a workflow action or an action on the application\'s records (edit, upload, comment …)' }) action: string;
  @ApiProperty() allowed: boolean;
  @ApiProperty({ type: String, nullable: true }) reasonKey: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why not, in the caller\'s language' }) reason: string | null;
}

/** One application as its reader may see it (GET /api/v1/applications/:id, and after every change). */
export class ApplicationDto extends ApplicationSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the application form (fields by type)' }) form: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true }) decision: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'the frozen evaluation (outcome, rule sets, criteria)' }) evaluation: object | null;
  @ApiProperty({ type: [String], description: 'document requirements still missing' }) missingDocuments: string[];
  @ApiProperty({ type: [ApplicationActionDto], description: 'every action of the caller\'s role, allowed or with the reason it cannot be taken now' }) allowedActions: ApplicationActionDto[];
  @ApiProperty() canEdit: boolean;
  @ApiProperty() canUpload: boolean;
  @ApiProperty() canComment: boolean;
}

// Compile-time ties to what the service returns: a field declared here that disappears breaks the build.
export const applicationSummaryDtoOf = (a: ApplicationSummary): ApplicationSummaryDto => a;
export const applicationDtoOf = (a: ApplicationView): ApplicationDto => a;
