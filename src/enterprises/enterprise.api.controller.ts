import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ActivitiesService } from '../activities/activities.service.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { ActivityCreateDto, ContactCreateDto, IpAssetCreateDto, QualificationCreateDto, TaskCreateDto, TIMELINE_KINDS } from './children.dto.js';
import { EnterpriseMergeService } from './enterprise-merge.service.js';
import { EnterpriseCreateDto, EnterpriseListQueryDto, EnterpriseUpdateDto } from './enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';
import { FinancialsPutDto } from './financials.dto.js';
import { StoredFactsService } from './stored-facts.service.js';
import { READERS } from '../auth/role.js';
import { ApiPageResponse } from '../common/openapi.js';
import { ContactDto, EnterpriseCreatedDto, EnterpriseDto, EnterpriseFileDto, FinancialsDto, IpAssetDto, QualificationDto } from './enterprise.response.js';
import { ActivityDto, MergePreviewDto, MergeResultDto, MyTasksDto, TaskCompletedDto, TaskCreatedDto, TimelineDto } from './stored-facts.response.js';

export class TimelineQueryDto {
  @IsOptional() @IsIn(TIMELINE_KINDS) kind?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class EnterpriseMergeDto {
  @ApiProperty({ description: 'the file merged into this one (soft-deleted afterwards, pointing here)' }) @IsInt() @Min(1) @Max(2147483647)
  duplicateId: number;

  @ApiProperty({ description: 'the version of this (surviving) file you read; stale → 409' }) @IsInt() @Min(1)
  version: number;

  @ApiPropertyOptional({ type: [Number], description: 'years on both files where the duplicate\'s figures win (default: the survivor\'s are kept)' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(1990, { each: true }) @Max(2100, { each: true })
  keepDuplicateYears?: number[];
}

export class MergePreviewQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647)
  duplicateId: number;
}

/** Ids in paths: a non-number is simply not found (no 400 that would hint at the id space). */
const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/v1/enterprises')
export class EnterpriseApiController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly activities: ActivitiesService,
    private readonly merger: EnterpriseMergeService,
    private readonly storedFacts: StoredFactsService,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiPageResponse(EnterpriseDto)
  list(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto) {
    return this.enterprises.list(actor, query);
  }

  @Post()
  @ApiCreatedResponse({ type: EnterpriseCreatedDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: EnterpriseCreateDto) {
    const { enterprise, possibleDuplicates } = await this.enterprises.create(actor, dto);
    return { ...enterprise, possibleDuplicates };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: EnterpriseFileDto })
  async get(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const file = await this.enterprises.file(actor, id);
    // Stored facts with provenance: the R&D ledgers and, per subject, the last check (absent = never checked).
    const [rdLedgers, checks] = await Promise.all([this.storedFacts.ledgers(actor, id), this.storedFacts.lastChecks(id)]);
    return { ...file, rdLedgers, checks };
  }

  @Patch(':id')
  @ApiOkResponse({ type: EnterpriseDto })
  update(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: EnterpriseUpdateDto) {
    return this.enterprises.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    await this.enterprises.softDelete(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOkResponse({ type: EnterpriseDto })
  restore(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number): Promise<EnterpriseDto> {
    return this.enterprises.restore(actor, id);
  }

  @Put(':id/financials/:year')
  @ApiOkResponse({ type: FinancialsDto })
  putFinancials(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Param('year', new ParseIntPipe()) year: number, @Body() dto: FinancialsPutDto): Promise<FinancialsDto> {
    return this.enterprises.putFinancials(actor, id, year, dto);
  }

  @Post(':id/ip-assets')
  @ApiCreatedResponse({ type: IpAssetDto })
  addIp(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: IpAssetCreateDto): Promise<IpAssetDto> {
    return this.enterprises.addIpAsset(actor, id, dto);
  }

  @Post(':id/qualifications')
  @ApiCreatedResponse({ type: QualificationDto })
  addQualification(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: QualificationCreateDto): Promise<QualificationDto> {
    return this.enterprises.addQualification(actor, id, dto);
  }

  @Post(':id/contacts')
  @ApiCreatedResponse({ type: ContactDto })
  addContact(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: ContactCreateDto): Promise<ContactDto> {
    return this.enterprises.addContact(actor, id, dto);
  }

  /** Admin: what merging `duplicateId` into this file would move, and which fiscal years conflict. */
  @Get(':id/merge-preview')
  @Roles('admin')
  @ApiOkResponse({ type: MergePreviewDto })
  mergePreview(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query() query: MergePreviewQueryDto): Promise<MergePreviewDto> {
    return this.merger.preview(actor, id, query.duplicateId);
  }

  /** Admin: merge a duplicate file into this one (survivor ← duplicate), in one audited transaction. */
  @Post(':id/merge')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: MergeResultDto })
  merge(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: EnterpriseMergeDto): Promise<MergeResultDto> {
    return this.merger.merge(actor, id, dto);
  }

  @Post(':id/activities')
  @ApiCreatedResponse({ type: ActivityDto })
  addActivity(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: ActivityCreateDto): Promise<ActivityDto> {
    return this.enterprises.addActivity(actor, id, dto);
  }

  @Post(':id/tasks')
  @ApiCreatedResponse({ type: TaskCreatedDto })
  addTask(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() dto: TaskCreateDto): Promise<TaskCreatedDto> {
    return this.enterprises.addTask(actor, id, dto);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineDto })
  async timeline(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query() query: TimelineQueryDto): Promise<TimelineDto> {
    const items = await this.activities.timeline(actor, id, { kinds: query.kind ? [query.kind] : undefined, limit: query.limit });
    return { items };
  }
}

export class TaskCompleteDto {
  @IsOptional() @IsInt() @Min(1) version?: number;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TaskApiController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get('mine')
  @ApiOkResponse({ type: MyTasksDto })
  mine(@CurrentActor() actor: Actor): Promise<MyTasksDto> {
    return this.activities.myTasks(actor);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskCompletedDto })
  complete(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Task') })) id: number, @Body() dto: TaskCompleteDto): Promise<TaskCompletedDto> {
    return this.activities.completeTask(actor, id, dto.version);
  }
}
