import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATUSES } from '../jobs/job.entity.js';

/** An open object: the known fields are declared, the rest may vary with the rule set. */
const OPEN = { type: 'object', additionalProperties: true } as const;

export class ScreeningRunDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'done' }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) asOf: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: Date | null;
  @ApiProperty() done: number;
  @ApiProperty() total: number;
  @ApiProperty({ ...OPEN, nullable: true, description: 'counts of the run (screened, candidates, by district …)' }) summary: object | null;
}

export class CandidateReasonDto {
  @ApiProperty({ example: 'rd-intensity' }) code: string;
  @ApiProperty() label: string;
  @ApiProperty({ example: 'unmet' }) outcome: string;
  @ApiProperty() explanation: string;
  @ApiPropertyOptional({ ...OPEN, description: 'by how much it falls short' }) shortfall?: Record<string, unknown>;
}

export class CandidateMembershipDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty() status: string;
}

export class CandidateDto {
  @ApiProperty() rank: number;
  @ApiProperty({ type: Number, nullable: true }) districtRank: number | null;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() districtCode: string;
  @ApiProperty({ type: String, nullable: true }) highTechField: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) revenue: number | null;
  @ApiProperty({ type: Number, nullable: true }) employees: number | null;
  @ApiProperty({ type: String, nullable: true }) revenueBand: string | null;
  @ApiProperty({ type: String, nullable: true }) employeeBand: string | null;
  @ApiProperty({ description: 'closeness to certification (higher is closer)' }) score: number;
  @ApiProperty() unmetCount: number;
  @ApiProperty() missingCount: number;
  @ApiProperty({ type: [String] }) openCodes: string[];
  @ApiProperty({ type: [CandidateReasonDto] }) reasons: CandidateReasonDto[];
  @ApiProperty({ type: CandidateMembershipDto, nullable: true }) membership: CandidateMembershipDto | null;
}

export class CandidatesDto {
  @ApiProperty({ type: ScreeningRunDto, nullable: true }) run: ScreeningRunDto | null;
  @ApiProperty() total: number;
  @ApiProperty({ type: [CandidateDto] }) items: CandidateDto[];
}

export class ScreeningRunsDto {
  @ApiProperty({ type: ScreeningRunDto, nullable: true, description: 'the last finished screening' }) last: ScreeningRunDto | null;
  @ApiProperty({ type: ScreeningRunDto, nullable: true, description: 'the one under way' }) active: ScreeningRunDto | null;
}

export class PoolEnterpriseDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() uscc: string;
  @ApiProperty() districtCode: string;
}

export class OfficerBriefDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

export class PlanCountDto {
  @ApiProperty() total: number;
  @ApiProperty() open: number;
}

export class PoolMemberDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty({ example: 'admitted' }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: PoolEnterpriseDto }) enterprise: PoolEnterpriseDto;
  @ApiProperty({ type: OfficerBriefDto, nullable: true }) assignedOfficer: OfficerBriefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) proposedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) admittedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) applicationId: number | null;
  @ApiProperty({ type: Number, nullable: true }) rolledFromId: number | null;
  @ApiProperty({ type: Number, nullable: true }) seedlingScore: number | null;
  @ApiProperty({ type: PlanCountDto }) plan: PlanCountDto;
}

export class PoolMemberListDto {
  @ApiProperty({ type: [PoolMemberDto] }) items: PoolMemberDto[];
}

export class AdmittedDto {
  @ApiProperty({ type: [Number] }) admitted: number[];
}

/** One member's whole record: plan, progress, evaluation, service log, history and the next actions. */
export class PoolMemberDetailDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['proposed', 'admitted', 'certified', 'not-yet', 'withdrawn', 'rolled-over'], enumName: 'PoolStatus' }) status: string;
  @ApiProperty() version: number;
  @ApiProperty(OPEN) enterprise: object;
  @ApiProperty({ type: OfficerBriefDto, nullable: true }) assignedOfficer: OfficerBriefDto | null;
  @ApiProperty({ type: [String] }) services: string[];
  @ApiProperty({ type: String, format: 'date-time' }) proposedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) admittedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) proposalNote: string | null;
  @ApiProperty({ type: Number, nullable: true }) seedlingScore: number | null;
  @ApiProperty({ type: Number, nullable: true }) rolledFromId: number | null;
  @ApiProperty({ ...OPEN, nullable: true, description: '{ id, year } of the next year\'s membership' }) rolledTo: object | null;
  @ApiProperty({ ...OPEN, nullable: true, description: 'the linked HNTE application { id, reference, status, year }' }) application: object | null;
  @ApiProperty({ type: 'array', items: OPEN, description: 'plan items: code, label, targetDate, baseline, current, status' }) plan: object[];
  @ApiProperty({ ...OPEN, description: 'rows, points and summary of progress against the plan' }) progress: object;
  @ApiProperty({ ...OPEN, nullable: true, description: 'the current HNTE evaluation (asOf, outcome, criteria)' }) evaluation: object | null;
  @ApiProperty({ type: 'array', items: OPEN }) serviceLog: object[];
  @ApiProperty({ type: 'array', items: OPEN }) history: object[];
  @ApiProperty({ type: 'array', items: OPEN, description: 'the transitions the caller may take: action, to, commentRequired' }) actions: object[];
  @ApiProperty() canEditPlan: boolean;
  @ApiProperty() canLogService: boolean;
  @ApiProperty() canLink: boolean;
}

export class PoolTransitionResultDto {
  @ApiProperty() id: number;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty({ required: false, description: 'roll-over: the new membership' }) rolledTo?: number;
}

export class PlanSavedDto {
  @ApiProperty() id: number;
  @ApiProperty() version: number;
}

export class ServiceLoggedDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['training', 'patent-agency', 'rd-ledger', 'audit-firm', 'visit'], enumName: 'PoolServiceKind' }) kind: 'training' | 'patent-agency' | 'rd-ledger' | 'audit-firm' | 'visit';
  @ApiProperty({ format: 'date' }) deliveredOn: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: 'the timeline entry written with it' }) activityId: number;
}

export class ApplicationLinkedDto {
  @ApiProperty() id: number;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty() applicationId: number;
}

export class RenewalEvaluationDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: [CandidateReasonDto] }) open: CandidateReasonDto[];
}

export class RenewalDto {
  @ApiProperty() qualificationId: number;
  @ApiProperty({ type: String, nullable: true }) certificateNumber: string | null;
  @ApiProperty({ format: 'date' }) obtainedOn: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() name: string;
  @ApiProperty() uscc: string;
  @ApiProperty() districtCode: string;
  @ApiProperty({ type: Number, nullable: true }) assignedOfficerId: number | null;
  @ApiProperty({ type: RenewalEvaluationDto }) evaluation: RenewalEvaluationDto;
}

export class RenewalListDto {
  @ApiProperty() months: number;
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: [RenewalDto] }) items: RenewalDto[];
}

export class AreaFiguresDto {
  @ApiProperty({ example: 'city' }) area: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: Number, nullable: true }) targetVersion: number | null;
  @ApiProperty({ ...OPEN, description: 'proposed, admitted, certified, notYet, withdrawn, rolledOver, poolSize' }) counts: object;
  @ApiProperty({ ...OPEN, description: '{ closed, certified } of past years' }) history: object;
  @ApiProperty({ ...OPEN, description: 'target, conversion rate and the candidates needed' }) figures: object;
}

export class PoolFiguresDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: '\'city\' or a district code' }) area: string;
  @ApiProperty({ type: AreaFiguresDto }) total: AreaFiguresDto;
  @ApiProperty({ type: [AreaFiguresDto] }) districts: AreaFiguresDto[];
}

export class CultivationTargetDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty({ description: '\'city\' or a district code' }) area: string;
  @ApiProperty() newCertifications: number;
  @ApiProperty({ type: Number, nullable: true }) assumedRatePct: number | null;
  @ApiProperty({ type: Number, nullable: true }) updatedBy: number | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class CultivationTargetListDto {
  @ApiProperty({ type: [CultivationTargetDto] }) items: CultivationTargetDto[];
}

/** 202: the re-screen job was queued (read its progress from GET screenings). */
export class ScreeningStartedDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' }) status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
}
