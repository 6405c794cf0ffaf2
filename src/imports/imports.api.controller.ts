import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { XLSX_TYPE } from '../common/table-export.js';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ImportJobDto, ImportJobListDto } from './import.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { requireFile } from '../documents/documents.api.controller.js';
import { contentDisposition } from '../common/content-disposition.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { translate } from '../i18n/i18n.js';
import { IMPORT_UPLOAD_SCHEMA, ImportCreateQueryDto } from './import.dto.js';
import { mapImportJob } from './import.mapper.js';
import { ImportsService } from './imports.service.js';

export const jobIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Import') });

@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'officer')
@Controller('api/v1/imports')
export class ImportsApiController {
  constructor(private readonly imports: ImportsService) {}

  /** Upload a file: a dry run (default) recorded as a job, or with dryRun=false a commit in the same call. */
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: IMPORT_UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: ImportJobDto, description: 'the dry run, or the committed import with dryRun=false' })
  async create(@CurrentActor() actor: Actor, @Query() query: ImportCreateQueryDto, @UploadedFile() file?: IncomingFile): Promise<ImportJobDto> {
    const job = await this.imports.dryRun(actor, query.kind, requireFile(file), query.source);
    if (query.dryRun !== 'false') return mapImportJob(job, 'en');
    if (job.status !== 'planned') {
      throw new InvalidInputError(
        `${job.errorCount} rows have errors; nothing was imported (dry run ${job.id})`,
        (job.errors ?? []).slice(0, 100).map((e) => ({ field: `row ${e.row}${e.column ? ` ${e.column}` : ''}`, message: translate('en', e.key, e.params ?? {}) })),
      );
    }
    return mapImportJob(await this.imports.commit(actor, job.id), 'en');
  }

  @Get()
  @ApiOkResponse({ type: ImportJobListDto })
  async list(@CurrentActor() actor: Actor): Promise<ImportJobListDto> {
    return { items: (await this.imports.recent(actor, 50)).map((j) => mapImportJob(j, 'en')) };
  }

  @Get('templates/:kind')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the XLSX template of the kind', schema: { type: 'string', format: 'binary' } })
  async template(@CurrentActor() actor: Actor, @Param('kind') kind: string) {
    const buf = await this.imports.template(kind, actor.locale);
    return new StreamableFile(buf, { type: XLSX_TYPE, length: buf.length, disposition: contentDisposition(`import-template-${kind}.xlsx`) });
  }

  @Get(':id')
  @ApiOkResponse({ type: ImportJobDto })
  async get(@CurrentActor() actor: Actor, @Param('id', jobIdPipe) id: number): Promise<ImportJobDto> {
    return mapImportJob(await this.imports.get(actor, id), 'en');
  }

  @Post(':id/commit')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportJobDto })
  async commit(@CurrentActor() actor: Actor, @Param('id', jobIdPipe) id: number): Promise<ImportJobDto> {
    return mapImportJob(await this.imports.commit(actor, id), 'en');
  }
}
