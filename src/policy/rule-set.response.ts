import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES } from '../jobs/job.entity.js';
import { RULE_SET_STATUSES } from './rule-sets/rule-set.entity.js';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** A versioned rule set of one programme (mapRuleSet). */
export class RuleSetDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'tech-sme' }) program: string;
  @ApiProperty({ example: '2026.2' }) version: string;
  @ApiProperty({ enum: RULE_SET_STATUSES, enumName: 'RuleSetStatus' }) status: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ ...OBJECT, description: 'the programme\'s numbers (rules.md), with references and edition' }) params: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'parameter paths that are provisional' }) provisional: string[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: 'a fast-track offer of the programme, accepted, files straight onto the list (rules.md §11)' }) automatic: boolean;
  @ApiProperty({ type: Number, nullable: true }) basedOnId: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty({ description: 'optimistic-lock version; send it back as rowVersion' }) rowVersion: number;
}

export class JobProgressDto {
  @ApiProperty() done: number;
  @ApiProperty() total: number;
}

/** A background job (batch evaluation, impact preview, screening, forecast, matching). */
export class JobDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'batch-evaluation' }) kind: string;
  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' }) status: string;
  @ApiProperty(OBJECT) params: Record<string, unknown>;
  @ApiProperty({ type: JobProgressDto }) progress: JobProgressDto;
  @ApiProperty({ ...OBJECT, nullable: true, description: 'what the job found (counts, impact lists)' }) summary: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

