import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  create(@CurrentActor() actor: Actor, @Body() dto: ProjectCreateDto) {
    return this.projects.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ProjectListQueryDto) {
    return this.projects.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number) {
    return this.projects.get(actor, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() dto: ProjectTransitionDto) {
    return this.projects.transition(actor, id, dto);
  }

  @Post(':id/reports')
  submitReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() dto: ReportSubmitDto) {
    return this.projects.submitReport(actor, id, dto);
  }

  @Post(':id/reports/:reportId/review')
  @HttpCode(200)
  reviewReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('reportId', reportIdPipe) reportId: number, @Body() dto: ReportReviewDto) {
    return this.projects.reviewReport(actor, id, reportId, dto);
  }

  @Post(':id/milestones/:milestoneId/accept')
  @HttpCode(200)
  acceptMilestone(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('milestoneId', milestoneIdPipe) milestoneId: number, @Body() dto: MilestoneAcceptDto) {
    return this.projects.acceptMilestone(actor, id, milestoneId, dto);
  }
}
