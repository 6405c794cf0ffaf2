import { Body, Controller, Get, HttpCode, Logger, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { CONTENT_TYPES } from '../common/table-export.js';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/openapi.js';
import type { Page } from '../common/list-query.js';
import { AdmittedDto, ApplicationLinkedDto, CandidatesDto, CultivationTargetDto, CultivationTargetListDto, PoolFiguresDto, PoolMemberDetailDto, PoolMemberDto, PoolMemberListDto, PoolTransitionResultDto, RenewalListDto, ScreeningRunsDto, ScreeningStartedDto, ServiceLoggedDto, PlanSavedDto } from './cultivation.response.js';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { CandidateExportService, type ExportFormat } from './candidate-export.service.js';
import {
  AdmitDto, CandidateExportQueryDto, CandidateQueryDto, FiguresQueryDto, LinkApplicationDto, PlanDto, PoolQueryDto, ProposeDto, RenewalQueryDto, ServiceLogDto, TargetDto, PoolTransitionDto,
} from './cultivation.dto.js';
import { PoolService } from './pool.service.js';
import { RenewalsService } from './renewals.service.js';
import { ScreeningService } from './screening.service.js';
import { PoolTargetsService } from './pool-targets.service.js';
import { contentDisposition } from '../common/content-disposition.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Membership') });


/** Streams a candidate export; input errors were raised before the first byte (still 4xx). */
export async function streamCandidates(exporter: CandidateExportService, logger: Logger, actor: Actor, query: CandidateQueryDto, format: ExportFormat, res: Response): Promise<void> {
  exporter.assertAllowed(actor);
  const { page: _p, limit: _l, ...filters } = query;
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', contentDisposition(exporter.fileName(actor, format)));
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    await exporter.write(actor, filters, format, res);
  } catch (err) {
    logger.error(`candidate export failed after the headers were sent: ${(err as Error).message}`);
    res.destroy();
  }
}

/**
 * The high-tech cultivation pool as JSON (api.md additions): seedling candidates and screenings,
 * pool membership (propose, admit, transitions, plan, services, application link), the renewal
 * list, targets and pool figures. Staff only, except a member's own plan for its enterprise user.
 */
@ApiTags('cultivation')
@ApiBearerAuth()
@Controller('api/v1/cultivation')
@Roles('admin', 'manager', 'officer')
export class CultivationApiController {
  private readonly logger = new Logger(CultivationApiController.name);

  constructor(
    private readonly screening: ScreeningService,
    private readonly pool: PoolService,
    private readonly targets: PoolTargetsService,
    private readonly renewals: RenewalsService,
    private readonly exporter: CandidateExportService,
  ) {}

  /** Ranked high-tech candidates of the last screening, closest first, in the caller's scope. */
  @Get('candidates')
  @ApiOkResponse({ type: CandidatesDto })
  candidates(@CurrentActor() actor: Actor, @Query() query: CandidateQueryDto): Promise<CandidatesDto> {
    const limit = query.limit ?? 50;
    return this.screening.candidates(actor, { ...query, limit, offset: ((query.page ?? 1) - 1) * limit });
  }

  @Get('candidates/export')
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the candidates as CSV or XLSX', schema: { type: 'string', format: 'binary' } })
  export(@CurrentActor() actor: Actor, @Query() query: CandidateExportQueryDto, @Res() res: Response) {
    const { format, ...filters } = query;
    return streamCandidates(this.exporter, this.logger, actor, filters, format ?? 'csv', res);
  }

  /** The last finished screening and the one under way. */
  @Get('screenings')
  @ApiOkResponse({ type: ScreeningRunsDto })
  runs(): Promise<ScreeningRunsDto> {
    return this.screening.runs();
  }

  /** Starts a re-screen in the background (409 while one is queued or running). */
  @Post('screenings')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ScreeningStartedDto })
  async rescreen(@CurrentActor() actor: Actor): Promise<ScreeningStartedDto> {
    const job = await this.screening.start(actor);
    return { id: job.id, status: job.status };
  }

  @Get('pool')
  @ApiPageResponse(PoolMemberDto)
  list(@CurrentActor() actor: Actor, @Query() query: PoolQueryDto): Promise<Page<PoolMemberDto>> {
    return this.pool.list(actor, query);
  }

  /** Proposes enterprises for a year's pool (one or many; all or nothing). */
  @Post('pool')
  @ApiCreatedResponse({ type: PoolMemberListDto })
  async propose(@CurrentActor() actor: Actor, @Body() dto: ProposeDto): Promise<PoolMemberListDto> {
    return { items: await this.pool.propose(actor, dto) };
  }

  /** Batch admission (managers): each proposal at the version read, all or nothing. */
  @Post('pool/admissions')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOkResponse({ type: AdmittedDto })
  admit(@CurrentActor() actor: Actor, @Body() dto: AdmitDto): Promise<AdmittedDto> {
    return this.pool.admitMany(actor, dto.items, dto.comment);
  }

  /** One member with its plan and progress; an enterprise user may read its own. */
  @Get('pool/:id')
  @Roles('admin', 'manager', 'officer', 'enterprise')
  @ApiOkResponse({ type: PoolMemberDetailDto })
  detail(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<PoolMemberDetailDto> {
    return this.pool.detail(actor, id);
  }

  @Post('pool/:id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: PoolTransitionResultDto })
  transition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: PoolTransitionDto): Promise<PoolTransitionResultDto> {
    return this.pool.transition(actor, id, dto);
  }

  @Put('pool/:id/plan')
  @ApiOkResponse({ type: PlanSavedDto })
  plan(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: PlanDto): Promise<PlanSavedDto> {
    return this.pool.updatePlan(actor, id, dto);
  }

  /** A service delivered or a visit (officers, admins); written to the enterprise's timeline too. */
  @Post('pool/:id/services')
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: ServiceLoggedDto })
  service(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: ServiceLogDto): Promise<ServiceLoggedDto> {
    return this.pool.logService(actor, id, dto);
  }

  /** Links the member's HNTE application; its outcome then closes the membership. */
  @Post('pool/:id/application')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplicationLinkedDto })
  link(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: LinkApplicationDto): Promise<ApplicationLinkedDto> {
    return this.pool.linkApplication(actor, id, dto.applicationId, dto.version);
  }

  /** HNTE certificates expiring within `months` (default 12), with the current HNTE evaluation. */
  @Get('renewals')
  @ApiOkResponse({ type: RenewalListDto })
  renewalList(@CurrentActor() actor: Actor, @Query() query: RenewalQueryDto): Promise<RenewalListDto> {
    return this.renewals.list(actor, query);
  }

  /** Pool size, conversion rate and the target arithmetic, total and per district. */
  @Get('figures')
  @ApiOkResponse({ type: PoolFiguresDto })
  figures(@CurrentActor() actor: Actor, @Query() query: FiguresQueryDto): Promise<PoolFiguresDto> {
    return this.targets.poolFigures(actor, query);
  }

  @Get('targets')
  @ApiOkResponse({ type: CultivationTargetListDto })
  async targetList(@Query() query: FiguresQueryDto): Promise<CultivationTargetListDto> {
    return { items: await this.targets.targets(query.year ?? Number(todayIso().slice(0, 4))) };
  }

  /** Sets the city's or a district's target for a year (managers). */
  @Put('targets')
  @Roles('admin', 'manager')
  @ApiOkResponse({ type: CultivationTargetDto })
  setTarget(@CurrentActor() actor: Actor, @Body() dto: TargetDto): Promise<CultivationTargetDto> {
    return this.targets.setTarget(actor, dto);
  }
}
