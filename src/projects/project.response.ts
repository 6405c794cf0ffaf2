import { ApiProperty } from '@nestjs/swagger';
import { MILESTONE_STATUSES, PROJECT_STATUSES, PROJECT_TYPES, REPORT_STATUSES } from './project-machines.js';
import { RAGS } from './rag.js';

const DATE_TIME = { type: String, format: 'date-time' } as const;

/** A row of the projects list (and the head of one project). */
export class ProjectSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROJECT_TYPES, enumName: 'ProjectType' }) type: string;
  @ApiProperty() leadEnterpriseId: number;
  @ApiProperty({ type: String, nullable: true }) leadEnterpriseName: string | null;
  @ApiProperty({ type: String, nullable: true }) districtCode: string | null;
  @ApiProperty({ format: 'date' }) startOn: string;
  @ApiProperty({ format: 'date' }) endOn: string;
  @ApiProperty({ enum: PROJECT_STATUSES, enumName: 'ProjectStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true, enum: RAGS, enumName: 'ProjectRag', description: 'red/amber/green, computed daily' }) rag: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why, in the caller\'s language' }) ragReason: string | null;
  @ApiProperty({ type: String, nullable: true }) ragReasonKey: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } }) ragParams: Record<string, string | number>;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) ragComputedOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'percent, from the last accepted report' }) progress: number | null;
  @ApiProperty() version: number;
  @ApiProperty(DATE_TIME) updatedAt: Date;
}

export class ProjectParticipantDto {
  @ApiProperty() id: number;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class ProjectBudgetYearDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'yuan' }) government: number;
  @ApiProperty({ description: 'yuan' }) self: number;
}

export class ProjectBudgetTotalDto {
  @ApiProperty({ description: 'yuan' }) government: number;
  @ApiProperty({ description: 'yuan' }) self: number;
}

export class MilestoneTrancheDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'yuan' }) amount: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) releasedAt: Date | null;
}

/** A milestone as accepting it returns it. */
export class MilestoneAcceptedDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: MILESTONE_STATUSES, enumName: 'MilestoneStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) actualOn: string | null;
  @ApiProperty({ type: Number, nullable: true }) acceptedBy: number | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) acceptedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: MilestoneTrancheDto, nullable: true, description: 'the funds released on acceptance' }) tranche: MilestoneTrancheDto | null;
}

export class ProjectMilestoneDto extends MilestoneAcceptedDto {
  @ApiProperty() deliverable: string;
  @ApiProperty() overdueDays: number;
  @ApiProperty({ type: [String] }) allowedActions: string[];
}

export class TrancheDto {
  @ApiProperty() id: number;
  @ApiProperty() milestoneId: number;
  @ApiProperty({ description: 'yuan' }) amount: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) releasedAt: Date | null;
  @ApiProperty() released: boolean;
}

/** A monthly report as submitting or reviewing it returns it. */
export class MonthlyReportDto {
  @ApiProperty() id: number;
  @ApiProperty() projectId: number;
  @ApiProperty({ example: '2026-05' }) month: string;
  @ApiProperty({ description: 'percent' }) progress: number;
  @ApiProperty({ description: 'yuan spent in the month' }) spend: number;
  @ApiProperty() issues: string;
  @ApiProperty({ enum: REPORT_STATUSES, enumName: 'MonthlyReportStatus' }) status: string;
  @ApiProperty({ type: Number, nullable: true }) submittedBy: number | null;
  @ApiProperty(DATE_TIME) submittedAt: Date;
  @ApiProperty({ type: Number, nullable: true }) reviewedBy: number | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote: string | null;
  @ApiProperty() version: number;
}

export class ProjectReportDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-05' }) month: string;
  @ApiProperty() progress: number;
  @ApiProperty() spend: number;
  @ApiProperty() issues: string;
  @ApiProperty({ enum: REPORT_STATUSES, enumName: 'MonthlyReportStatus' }) status: string;
  @ApiProperty({ type: Number, nullable: true }) submittedBy: number | null;
  @ApiProperty(DATE_TIME) submittedAt: Date;
  @ApiProperty({ type: Number, nullable: true }) reviewedBy: number | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String] }) allowedActions: string[];
}

/** One project with participants, budget, milestones, tranches, reports and what the caller may do. */
export class ProjectDto extends ProjectSummaryDto {
  @ApiProperty({ type: String, nullable: true }) statusNote: string | null;
  @ApiProperty({ type: [ProjectParticipantDto] }) participants: ProjectParticipantDto[];
  @ApiProperty({ type: [ProjectBudgetYearDto] }) budget: ProjectBudgetYearDto[];
  @ApiProperty({ type: ProjectBudgetTotalDto }) budgetTotal: ProjectBudgetTotalDto;
  @ApiProperty({ type: [ProjectMilestoneDto] }) milestones: ProjectMilestoneDto[];
  @ApiProperty({ type: [TrancheDto] }) tranches: TrancheDto[];
  @ApiProperty({ type: [ProjectReportDto] }) reports: ProjectReportDto[];
  @ApiProperty({ type: [String] }) allowedActions: string[];
  @ApiProperty() canSubmitReport: boolean;
}
