import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseIntPipe, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExcludeController, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApplicationDocumentDto, BatchDetailDto, BatchDto, BatchListDto, ObjectionDto, ObjectionResolvedDto, PREFILL_SCHEMA, SubsidyDto, SubsidyPreviewDto } from './application-parts.response.js';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { downloadOf, requireFile } from '../documents/documents.api.controller.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import {
  ApplicationCreateDto, ApplicationListQueryDto, ApplicationUpdateDto, BatchAnnounceDto, BatchAssignDto, BatchCreateDto, BatchDecisionDto, BatchListQueryDto,
  BatchNoticeDto, CommentDto, ObjectionCreateDto, ObjectionResolveDto, PrefillQueryDto, RepaymentCreateDto, SubsidyGrantDto, SubsidyPreviewQueryDto, TransitionDto,
} from './application.dto.js';
import { ApplicationsService } from './applications.service.js';
import { BatchesService } from './batches.service.js';
import { LIST_PROGRAMMES, type ListProgramme } from './batch.entity.js';
import type { SubsidyKind } from './loan.entity.js';
import type { ApplicationType } from './workflow/workflows.js';
import { WorkflowService } from './workflow.service.js';
import { READERS } from '../auth/role.js';
import { ApiPageResponse } from '../common/openapi.js';
import { ApplicationDto, ApplicationSummaryDto } from './application.response.js';

/** Ids in paths: a non-number is simply not found (no 400 that would hint at the id space). */
export const applicationIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Application') });
const batchIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Batch') });
const docIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Document') });
const objectionIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Objection') });

/** Multipart text fields of an application upload. */
export class ApplicationUploadDto {
  @IsString() @Matches(/^[a-z0-9-]{1,48}$/, { message: 'must be a checklist code such as audited-statements' }) requirement: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) replacesId?: number;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationsApiController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly workflow: WorkflowService,
    private readonly documents: ApplicationDocumentsService,
    private readonly batches: BatchesService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ApplicationDto })
  create(@CurrentActor() actor: Actor, @Body() dto: ApplicationCreateDto) {
    return this.applications.create(actor, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiPageResponse(ApplicationSummaryDto)
  list(@CurrentActor() actor: Actor, @Query() query: ApplicationListQueryDto) {
    return this.applications.list(actor, query);
  }

  /** The form of a type prefilled from the enterprise file. */
  @Get('prefill')
  @ApiOkResponse({ description: 'the form of the type, prefilled', schema: PREFILL_SCHEMA })
  prefill(@CurrentActor() actor: Actor, @Query() query: PrefillQueryDto): Promise<Record<string, unknown>> {
    return this.applications.prefill(actor, query.enterpriseId, query.type as ApplicationType, query.year, query.rung ?? null);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ApplicationDto })
  get(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number) {
    return this.applications.view(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApplicationDto })
  update(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: ApplicationUpdateDto) {
    return this.applications.updateForm(actor, id, dto);
  }

  /** The engine's evaluation as it would be frozen now (stores nothing). */
  @Get(':id/evaluation/preview')
  @ApiOkResponse({ description: 'the evaluation as it would be frozen now', schema: { type: 'object', required: ['asOf', 'ruleSets', 'outcome', 'result'], additionalProperties: true, properties: { asOf: { type: 'string', format: 'date' }, ruleSets: { type: 'array', items: { type: 'object', additionalProperties: true } }, outcome: { type: 'string', example: 'eligible' }, result: { type: 'object', additionalProperties: true, description: 'criteria and their outcomes' } } } })
  preview(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number): Promise<Record<string, unknown>> {
    return this.applications.preview(actor, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplicationDto })
  transition(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: TransitionDto): Promise<ApplicationDto> {
    return this.workflow.transition(actor, id, dto);
  }

  @Post(':id/comments')
  @ApiCreatedResponse({ type: ApplicationDto })
  comment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: CommentDto): Promise<ApplicationDto> {
    return this.applications.comment(actor, id, dto);
  }

  @Post(':id/documents')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: ApplicationDocumentDto })
  @ApiBody({ schema: { type: 'object', required: ['requirement', 'file'], properties: { requirement: { type: 'string', example: 'audited-statements' }, replacesId: { type: 'integer' }, file: { type: 'string', format: 'binary' } } } })
  upload(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: ApplicationUploadDto, @UploadedFile() file?: IncomingFile): Promise<ApplicationDocumentDto> {
    return this.documents.upload(actor, id, dto.requirement, requireFile(file), dto.replacesId);
  }

  @Get(':id/documents/:documentId')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file as uploaded (its own media type)', schema: { type: 'string', format: 'binary' } })
  async download(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('documentId', docIdPipe) documentId: number) {
    return downloadOf(await this.documents.open(actor, id, documentId));
  }

  @Post(':id/repayments')
  @ApiCreatedResponse({ type: ApplicationDto })
  repayment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: RepaymentCreateDto): Promise<ApplicationDto> {
    return this.applications.addRepayment(actor, id, dto);
  }

  @Get(':id/subsidies/preview')
  @ApiOkResponse({ type: SubsidyPreviewDto })
  previewSubsidy(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Query() query: SubsidyPreviewQueryDto): Promise<SubsidyPreviewDto> {
    return this.applications.previewSubsidy(actor, id, query.kind as SubsidyKind, query.year);
  }

  @Post(':id/subsidies')
  @ApiCreatedResponse({ type: SubsidyDto })
  grantSubsidy(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: SubsidyGrantDto): Promise<SubsidyDto> {
    return this.applications.grantSubsidy(actor, id, dto.kind as SubsidyKind, dto.year);
  }

  @Post(':id/objections')
  @ApiCreatedResponse({ type: ObjectionDto })
  objection(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() dto: ObjectionCreateDto): Promise<ObjectionDto> {
    return this.batches.recordObjection(actor, id, dto);
  }

  @Post(':id/objections/:objectionId/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: ObjectionResolvedDto })
  resolve(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('objectionId', objectionIdPipe) objectionId: number, @Body() dto: ObjectionResolveDto): Promise<ObjectionResolvedDto> {
    return this.batches.resolveObjection(actor, id, objectionId, dto);
  }
}

@ApiTags('batches')
@ApiBearerAuth()
@Controller('api/v1/batches')
export class BatchesApiController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @ApiCreatedResponse({ type: BatchDto })
  create(@CurrentActor() actor: Actor, @Body() dto: BatchCreateDto): Promise<BatchDto> {
    return this.batches.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: BatchListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: BatchListQueryDto): Promise<BatchListDto> {
    return { items: await this.batches.list(actor, query) };
  }

  @Get(':id')
  @ApiOkResponse({ type: BatchDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number): Promise<BatchDetailDto> {
    return this.batches.view(actor, id);
  }

  @Post(':id/applications')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchDetailDto })
  assign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() dto: BatchAssignDto): Promise<BatchDetailDto> {
    return this.batches.assign(actor, id, dto.applicationIds);
  }

  @Delete(':id/applications/:applicationId')
  @ApiOkResponse({ type: BatchDetailDto })
  unassign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Param('applicationId', applicationIdPipe) applicationId: number): Promise<BatchDetailDto> {
    return this.batches.unassign(actor, id, applicationId);
  }

  /** Opens the public notice (default 10 working days from today). */
  @Post(':id/notice')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchDetailDto })
  notice(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() dto: BatchNoticeDto): Promise<BatchDetailDto> {
    return this.batches.openNotice(actor, id, dto);
  }

  /** Bulk approve or reject applications on notice. */
  @Post(':id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchDetailDto })
  decide(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() dto: BatchDecisionDto): Promise<BatchDetailDto> {
    return this.batches.decide(actor, id, dto);
  }

  @Post(':id/announce')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchDetailDto })
  announce(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() dto: BatchAnnounceDto): Promise<BatchDetailDto> {
    return this.batches.announce(actor, id, dto);
  }
}

/**
 * The published lists as JSON, public like the pages (no sign-in, so outside the bearer-token API
 * document: the same data as /lists/:programme/:year and its CSV).
 */
@ApiExcludeController()
@Controller('api/v1/lists')
export class ListsApiController {
  constructor(private readonly batches: BatchesService) {}

  @Get()
  @Public()
  async index() {
    return { items: await this.batches.publishedIndex() };
  }

  @Get(':programme/:year')
  @Public()
  async list(@Param('programme') programme: string, @Param('year') year: string) {
    if (!(LIST_PROGRAMMES as readonly string[]).includes(programme) || !/^\d{4}$/.test(year)) throw new NotFoundError('List');
    return { programme, year: Number(year), items: await this.batches.publishedList(programme as ListProgramme, Number(year)) };
  }
}
