import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EvaluationResponse } from './engine/evaluate.js';
import { ALL_PROGRAMS, OUTCOMES, PROGRAM_OUTCOMES, TIERS } from './engine/facts.js';

/** Anything JSON: a criterion's actual value or threshold (a number, a list, an object). */
const ANY_JSON = { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object' }], nullable: true };

export class MissingInputDto {
  @ApiProperty({ description: 'the facts field to supply, e.g. operatingRevenue, establishedOn, flags.on' }) field: string;
  @ApiPropertyOptional({ description: 'the fiscal year it is missing for' }) year?: number;
  @ApiPropertyOptional({ enum: ['zero', 'too-few-years'], description: 'absent: not supplied; zero: a denominator of 0; too-few-years: fewer years than needed' }) reason?: 'zero' | 'too-few-years';
  @ApiPropertyOptional() need?: number;
  @ApiPropertyOptional() have?: number;
}

export class CriterionResultDto {
  @ApiProperty({ example: 'TS-SIZE' }) code: string;
  @ApiProperty({ enum: OUTCOMES, enumName: 'CriterionOutcome' }) outcome: string;
  @ApiProperty({ ...ANY_JSON, description: 'the value found (null when missing)' }) actual: unknown;
  @ApiProperty({ description: 'the threshold, worded in the caller\'s language' }) required: string;
  @ApiProperty({ ...ANY_JSON, description: 'the threshold, machine-readable' }) threshold: unknown;
  @ApiProperty({ description: 'one sentence in the caller\'s language' }) explanation: string;
  @ApiPropertyOptional({ description: 'depends on a provisional parameter', enum: [true] }) provisional?: true;
  @ApiPropertyOptional({ type: 'object', description: 'by how much it is missed, and (scores) the cheapest indicators that would close it', additionalProperties: true }) shortfall?: object;
  @ApiPropertyOptional({ type: [MissingInputDto] }) missing?: readonly MissingInputDto[];
  @ApiPropertyOptional({ description: 'the aggregate this sub-criterion belongs to (YE-PATH-IP → YE-PATH)' }) partOf?: string;
  @ApiPropertyOptional({ type: [String], description: 'alternatives: any one of these met will do' }) anyOf?: readonly string[];
  @ApiPropertyOptional({ description: 'document number and article (rules.md §12)' }) reference?: string;
  @ApiPropertyOptional({ type: [String], description: 'stored evaluations: the sources of the facts it used' }) sources?: readonly string[];
}

export class RuleSetRefDto {
  @ApiProperty({ example: '2026.2' }) version: string;
  @ApiProperty() provisional: boolean;
}

export class ProgramResultDto {
  @ApiProperty({ enum: ALL_PROGRAMS, enumName: 'Programme' }) program: string;
  @ApiProperty({ type: RuleSetRefDto }) ruleSet: RuleSetRefDto;
  @ApiProperty({ enum: PROGRAM_OUTCOMES, enumName: 'ProgrammeOutcome' }) outcome: string;
  @ApiPropertyOptional({ description: 'not-applicable: why' }) reason?: string;
  @ApiProperty({ type: [CriterionResultDto] }) criteria: CriterionResultDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'tech-sme: the score; high-tech: the innovation score range' }) score?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'super-deduction: the estimated amount; rd-post-subsidy: { kind: "rd-post-subsidy", year, rdExpense, priorRdExpense, increase, rate, cap, subsidy, capped }' }) amount?: object;
}

export class GapItemDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: OUTCOMES, enumName: 'CriterionOutcome' }) outcome: string;
  @ApiProperty(ANY_JSON) actual: unknown;
  @ApiProperty() required: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) shortfall: object | null;
  @ApiProperty() explanation: string;
  @ApiPropertyOptional({ type: [MissingInputDto] }) missing?: readonly MissingInputDto[];
}

export class LadderDto {
  @ApiProperty({ type: String, nullable: true, enum: TIERS, enumName: 'Tier' }) highestEligibleTier: string | null;
  @ApiProperty({ type: String, nullable: true, enum: TIERS, enumName: 'Tier' }) nextTier: string | null;
  @ApiProperty({ type: [GapItemDto] }) gap: GapItemDto[];
}

export class RungOutcomeDto {
  @ApiProperty() programme: string;
  @ApiProperty({ description: 'the programme\'s outcome, or not-evaluated when the engine has no rules for it yet' }) outcome: string;
}

/** One configured ladder's standing (api.md "Ladders and programmes"). */
export class LadderResultDto {
  @ApiProperty({ example: 'srdi' }) code: string;
  @ApiProperty({ type: String, nullable: true }) highestEligibleRung: string | null;
  @ApiProperty({ type: String, nullable: true }) nextRung: string | null;
  @ApiProperty({ type: [GapItemDto] }) gap: GapItemDto[];
  @ApiProperty({ type: [RungOutcomeDto] }) rungs: RungOutcomeDto[];
}

/** POST /api/v1/eligibility/evaluate, GET /api/v1/enterprises/:id/eligibility, the pre-screener. */
export class EvaluationResponseDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ example: 2026 }) evaluationYear: number;
  @ApiProperty({ type: [ProgramResultDto] }) results: ProgramResultDto[];
  @ApiProperty({ type: LadderDto, description: 'the Tianjin ladder' }) ladder: LadderDto;
  @ApiProperty({ type: [LadderResultDto], description: 'every configured ladder' }) ladders: LadderResultDto[];
}

// Compile-time tie to the engine's response: a field declared here that the engine drops breaks the build.
export const evaluationDtoOf = (r: EvaluationResponse): EvaluationResponseDto => r;

/** A recorded evaluation of a file (the history list and the head of a reproduced one). */
export class EvaluationSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ example: 'manual', description: 'what recorded it (manual, batch, an application …)' }) source: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'programme → rule-set version' }) ruleSets: Record<string, string>;
  @ApiProperty({ type: String, nullable: true, description: 'null for rows recorded before it was stored' }) engineVersion: string | null;
  @ApiProperty({ type: String, nullable: true }) highestTier: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'programme → outcome' }) outcomes: Record<string, string>;
}

/** POST /api/v1/enterprises/:id/evaluations: the evaluation, recorded. */
export class RecordedEvaluationDto extends EvaluationResponseDto {
  @ApiProperty() evaluationId: number;
}

/** GET /api/v1/evaluations/:id: a past evaluation reproduced from its stored facts and rule-set versions. */
export class ReproducedEvaluationDto {
  @ApiProperty({ type: EvaluationSummaryDto }) evaluation: EvaluationSummaryDto;
  @ApiProperty({ type: EvaluationResponseDto }) response: EvaluationResponseDto;
  @ApiProperty({ description: 'the reproduction gives the recorded outcomes' }) reproduced: boolean;
}
