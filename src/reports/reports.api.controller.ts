import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiReportResponse, ForecastStartedDto, PlanReportDto, ReportSectionDto, TargetListDto, TargetUpsertedDto } from './report.response.js';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { DashboardService } from './dashboard.service.js';
import { ForecastService } from './forecast.service.js';
import { sendWorkbook } from './http.js';
import { ReportExportQueryDto, ReportPageQueryDto, ReportQueryDto, TargetUpsertDto } from './reports.dto.js';
import { TargetsService } from './targets.service.js';
import { XLSX_TYPE } from '../common/table-export.js';
import { kpiReportJson } from '../kpis/kpi-report.js';
import { ReportsService } from './reports.service.js';

class TargetDeleteQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Target') });

/**
 * The reports as JSON (api.md "Reports"): the pipeline summary, one endpoint per section, the XLSX
 * export, the forecast job and the targets. Staff only; officers see their own area.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
// The integration role reads reports too (the guard refuses it every write; reports.policy decides each action).
@Roles('admin', 'manager', 'officer', 'integration')
export class ReportsApiController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly forecasts: ForecastService,
    private readonly targets: TargetsService,
    private readonly reports: ReportsService,
  ) {}

  @Get('pipeline')
  @ApiOperation({ summary: 'Counts by tier and district, conversions between rungs, applications by status with ages, targets versus actuals' })
  @ApiReportResponse('the pipeline: counts by tier and district, conversions, applications by status, targets')
  pipeline(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.pipelineJson(actor, q);
  }

  @Get('tiers')
  @ApiOperation({ summary: 'Enterprises at each rung by district (highest rung recognised in the year) and conversions year over year' })
  @ApiReportResponse('rungs by district and conversions')
  tiers(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'pipeline');
  }

  @Get('close-to-next-rung')
  @ApiOperation({ summary: 'Enterprises missing the next rung by 1–3 criteria, ranked (criteria missing, then money short, then higher rungs first)' })
  @ApiReportResponse('one page of enterprises close to the next rung (items, total, page, pageSize, maxGap)')
  close(@CurrentActor() actor: Actor, @Query() q: ReportPageQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'close');
  }

  @Get('targets')
  @ApiOperation({ summary: 'HNTE count and leading enterprises (incl. candidates, cumulative) against the targets, by year' })
  @ApiReportResponse('targets against actuals')
  targetsReport(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'targets');
  }

  @Get('plan')
  @ApiOperation({ summary: 'The targets of the plan period of the year (default this year), with actuals where measured and each target’s source document; indicators without targets in notEntered' })
  @ApiOkResponse({ type: PlanReportDto })
  plan(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<PlanReportDto> {
    return this.targets.plan(actor, q);
  }

  @Get('kpis')
  @ApiOperation({ summary: 'Transformation KPIs per district (and industry section): graded files, grades A–D and not-graded, tax per mu, energy per 10,000 yuan of value added, total profit, each against the city target from the baseline year' })
  @ApiReportResponse('KPIs per district and industry section against the targets')
  async kpis(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    const f = await this.reports.filters(actor, q);
    return { filters: { districtCode: f.districtCode, block: f.block, zoneCode: f.zoneCode }, ...kpiReportJson(await this.reports.kpis(actor, f)) };
  }

  @Get('applications')
  @ApiOperation({ summary: 'Applications of the year by type and status: count, overdue, median days in status, oldest' })
  @ApiReportResponse('applications by type and status')
  applications(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'applications');
  }

  @Get('workload')
  @ApiOperation({ summary: 'Per officer: files, open and overdue tasks, visits in the last 90 days' })
  @ApiReportResponse('per officer: files, tasks, visits')
  workload(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'workload');
  }

  @Get('expiring')
  @ApiOperation({ summary: 'HNTE certificates and ladder recognitions expiring within 6 and 12 months' })
  @ApiReportResponse('certificates and recognitions expiring')
  expiring(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'expiring');
  }

  @Get('super-deduction')
  @ApiOperation({ summary: 'Estimated super-deduction and tax saving by district (latest evaluations; money in yuan)' })
  @ApiReportResponse('estimated super-deduction by district')
  superDeduction(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'super-deduction');
  }

  @Get('loans')
  @ApiOperation({ summary: 'IP-pledge loans by district: disbursed, amount, being repaid, defaults, subsidies (money in yuan)' })
  @ApiReportResponse('IP-pledge loans by district')
  loans(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'loans');
  }

  @Get('forecast')
  @ApiOperation({ summary: 'The last completed forecast: likely new entrants per rung and district next year' })
  @ApiReportResponse('the last completed forecast')
  forecast(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'forecast');
  }

  @Get('ladders')
  @ApiOperation({ summary: 'One configured ladder (`ladder`, default srdi): enterprises at each rung by district (highest rung recognised in the year), the funnel and conversions' })
  @ApiReportResponse('one ladder: rungs by district, funnel, conversions')
  ladder(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'ladder');
  }

  @Get('fund-exposure')
  @ApiOperation({ summary: 'The IP-pledge risk fund\'s exposure: outstanding principal × the fund share of each loan\'s risk grade, by grade, bank and district (money in yuan)' })
  @ApiReportResponse('the risk fund\'s exposure by grade, bank and district')
  exposure(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto): Promise<ReportSectionDto> {
    return this.dashboard.section(actor, q, 'exposure');
  }

  @Post('forecast')
  @HttpCode(202)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Starts a forecast run (background job); 409 while one is queued or running' })
  @ApiAcceptedResponse({ type: ForecastStartedDto })
  async startForecast(@CurrentActor() actor: Actor): Promise<ForecastStartedDto> {
    const job = await this.forecasts.start(actor);
    return { jobId: job.id, status: job.status };
  }

  @Get('export.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'every report (or `section`), one sheet per table', schema: { type: 'string', format: 'binary' } })
  async export(@CurrentActor() actor: Actor, @Query() q: ReportExportQueryDto, @Res() res: Response) {
    sendWorkbook(res, await this.dashboard.auditedWorkbook(actor, q));
  }

  @Get('targets/list')
  @ApiOperation({ summary: 'Every target (city-wide: districtCode null)' })
  @ApiOkResponse({ type: TargetListDto })
  async listTargets(@CurrentActor() actor: Actor): Promise<TargetListDto> {
    return { items: await this.targets.list(actor) };
  }

  @Put('targets')
  @Roles('admin')
  @ApiOperation({ summary: 'Creates or replaces the target of (metric, year, district); replacing needs the version read (stale → 409)' })
  @ApiOkResponse({ type: TargetUpsertedDto })
  upsertTarget(@CurrentActor() actor: Actor, @Body() dto: TargetUpsertDto): Promise<TargetUpsertedDto> {
    return this.targets.upsert(actor, dto);
  }

  @Delete('targets/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteTarget(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query() q: TargetDeleteQueryDto) {
    await this.targets.remove(actor, id, q.version);
  }
}
