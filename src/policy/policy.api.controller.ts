import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EvaluationSummaryDto, RecordedEvaluationDto, ReproducedEvaluationDto } from './evaluation.response.js';
import { ApiItemsResponse } from '../common/openapi.js';
import { JobDto, RuleSetDto } from './rule-set.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import { BatchEvaluationService } from './batch-evaluation.service.js';
import { EligibilityService } from './eligibility.service.js';
import type { RuleSetRecord } from './rule-sets/rule-set.entity.js';
import { AsOfBodyDto, RuleSetPublishDto, RuleSetUpdateDto } from './rule-sets/rule-set.dto.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';

const notFound = (what: string) => new ParseIntPipe({ exceptionFactory: () => new NotFoundError(what) });

export function mapRuleSet(r: RuleSetRecord) {
  return {
    id: r.id, program: r.program, version: r.version, status: r.status, effectiveFrom: r.effectiveFrom, params: r.params,
    provisional: r.provisional, note: r.note, automatic: !!r.automatic, basedOnId: r.basedOnId, createdAt: r.createdAt, publishedAt: r.publishedAt, rowVersion: r.rowVersion,
  };
}

export function mapJob(j: Job) {
  return {
    id: j.id, kind: j.kind, status: j.status, params: j.params, progress: { done: j.progressDone, total: j.progressTotal },
    summary: j.summary, error: j.error, createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt,
  };
}

@ApiTags('rule sets and evaluations')
@ApiBearerAuth()
@Controller('api/v1')
export class PolicyApiController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly batch: BatchEvaluationService,
    private readonly jobs: JobsService,
    private readonly eligibility: EligibilityService,
  ) {}

  @Get('rule-sets')
  @ApiItemsResponse(RuleSetDto)
  @Roles('admin', 'manager')
  async list() {
    return { items: (await this.ruleSets.list()).map(mapRuleSet) };
  }

  @Get('rule-sets/:id')
  @ApiOkResponse({ type: RuleSetDto })
  @Roles('admin', 'manager')
  async get(@Param('id', notFound('Rule set')) id: number) {
    return mapRuleSet(await this.ruleSets.get(id));
  }

  /** Copies a rule set into a new draft. */
  @Post('rule-sets/:id/drafts')
  @ApiCreatedResponse({ type: RuleSetDto })
  @Roles('admin')
  async draft(@CurrentActor() actor: Actor, @Param('id', notFound('Rule set')) id: number) {
    return mapRuleSet(await this.ruleSets.createDraft(actor, id));
  }

  @Patch('rule-sets/:id')
  @ApiOkResponse({ type: RuleSetDto })
  @Roles('admin')
  async update(@CurrentActor() actor: Actor, @Param('id', notFound('Rule set')) id: number, @Body() dto: RuleSetUpdateDto) {
    const result = await this.ruleSets.updateDraft(actor, id, dto);
    if (!result.ok) throw new InvalidInputError('The draft is not valid', Object.entries(result.errors).map(([field, message]) => ({ field, message })));
    return mapRuleSet(result.record);
  }

  @Post('rule-sets/:id/publish')
  @ApiOkResponse({ type: RuleSetDto })
  @Roles('admin')
  @HttpCode(200)
  async publish(@CurrentActor() actor: Actor, @Param('id', notFound('Rule set')) id: number, @Body() dto: RuleSetPublishDto) {
    return mapRuleSet(await this.ruleSets.publish(actor, id, dto.rowVersion));
  }

  @Delete('rule-sets/:id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', notFound('Rule set')) id: number) {
    await this.ruleSets.deleteDraft(actor, id);
  }

  /** Starts the impact preview of a draft over the stored portfolio (a background job). */
  @Post('rule-sets/:id/impact')
  @ApiAcceptedResponse({ type: JobDto })
  @Roles('admin', 'manager')
  @HttpCode(202)
  async impact(@CurrentActor() actor: Actor, @Param('id', notFound('Rule set')) id: number, @Body() dto: AsOfBodyDto) {
    return mapJob(await this.batch.startImpact(actor, id, dto.asOf));
  }

  /** Re-evaluates the whole portfolio in the background. */
  @Post('evaluations/batch')
  @ApiAcceptedResponse({ type: JobDto })
  @Roles('admin', 'manager')
  @HttpCode(202)
  async startBatch(@CurrentActor() actor: Actor, @Body() dto: AsOfBodyDto) {
    return mapJob(await this.batch.startBatch(actor, dto.asOf));
  }

  @Get('jobs/:id')
  @ApiOkResponse({ type: JobDto })
  @Roles('admin', 'manager')
  async job(@Param('id', notFound('Job')) id: number) {
    return mapJob(await this.jobs.get(id));
  }

  @Get('enterprises/:id/evaluations')
  @ApiItemsResponse(EvaluationSummaryDto)
  history(@CurrentActor() actor: Actor, @Param('id', notFound('Enterprise')) id: number): Promise<{ items: EvaluationSummaryDto[] }> {
    return this.eligibility.history(actor, id).then((items) => ({ items }));
  }

  /** Evaluates the stored file now and records the evaluation. */
  @Post('enterprises/:id/evaluations')
  @Roles('admin', 'manager', 'officer')
  @ApiCreatedResponse({ type: RecordedEvaluationDto })
  async record(@CurrentActor() actor: Actor, @Param('id', notFound('Enterprise')) id: number, @Body() dto: AsOfBodyDto): Promise<RecordedEvaluationDto> {
    const { evaluationId, response } = await this.eligibility.recordEvaluation(actor, id, 'manual', dto.asOf);
    return { evaluationId, ...response };
  }

  /** A past evaluation reproduced from its stored facts and rule-set versions. */
  @Get('evaluations/:id')
  @ApiOkResponse({ type: ReproducedEvaluationDto })
  async show(@CurrentActor() actor: Actor, @Param('id', notFound('Evaluation')) id: number): Promise<ReproducedEvaluationDto> {
    return this.eligibility.showEvaluation(actor, id);
  }
}
