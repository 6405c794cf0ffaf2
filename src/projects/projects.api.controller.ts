import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/openapi.js';
import type { Page } from '../common/list-query.js';
import { MilestoneAcceptedDto, MonthlyReportDto, ProjectDto, ProjectSummaryDto } from './project.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { MilestoneAcceptDto, ProjectCreateDto, ProjectListQueryDto, ProjectTransitionDto, ReportReviewDto, ReportSubmitDto } from './project.dto.js';
import { ProjectsService } from './projects.service.js';

/** Ids in paths: a non-number is simply not found. */
export const projectIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Project') });
const milestoneIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Milestone') });
const reportIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Report') });

/** api.md "Projects". */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/v1/projects')
export class ProjectsApiController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiCreatedResponse({ type: ProjectDto })
  create(@CurrentActor() actor: Actor, @Body() dto: ProjectCreateDto): Promise<ProjectDto> {
    return this.projects.create(actor, dto);
  }

  @Get()
  @ApiPageResponse(ProjectSummaryDto)
  list(@CurrentActor() actor: Actor, @Query() query: ProjectListQueryDto): Promise<Page<ProjectSummaryDto>> {
    return this.projects.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProjectDto })
  get(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number): Promise<ProjectDto> {
    return this.projects.get(actor, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: ProjectDto })
  transition(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() dto: ProjectTransitionDto): Promise<ProjectDto> {
    return this.projects.transition(actor, id, dto);
  }

  @Post(':id/reports')
  @ApiCreatedResponse({ type: MonthlyReportDto })
  submitReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() dto: ReportSubmitDto): Promise<MonthlyReportDto> {
    return this.projects.submitReport(actor, id, dto);
  }

  @Post(':id/reports/:reportId/review')
  @HttpCode(200)
  @ApiOkResponse({ type: MonthlyReportDto })
  reviewReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('reportId', reportIdPipe) reportId: number, @Body() dto: ReportReviewDto): Promise<MonthlyReportDto> {
    return this.projects.reviewReport(actor, id, reportId, dto);
  }

  @Post(':id/milestones/:milestoneId/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: MilestoneAcceptedDto })
  acceptMilestone(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('milestoneId', milestoneIdPipe) milestoneId: number, @Body() dto: MilestoneAcceptDto): Promise<MilestoneAcceptedDto> {
    return this.projects.acceptMilestone(actor, id, milestoneId, dto);
  }
}
