import { Body, Controller, Get, Inject, Param, Post, Query, Render, Req, Res, StreamableFile, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { XLSX_TYPE } from '../common/table-export.js';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { runForm } from '../common/form.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { requireFile } from '../documents/documents.api.controller.js';
import { contentDisposition } from '../common/content-disposition.js';
import { UploadFormErrorFilter } from '../documents/upload-error.filter.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { translate } from '../i18n/i18n.js';
import { IMPORT_KINDS } from './import-columns.js';
import { ImportTemplateQueryDto } from './import.dto.js';
import { IMPORT_SOURCES } from '../policy/fact-provenance.js';
import { mapImportJob } from './import.mapper.js';
import { jobIdPipe } from './imports.api.controller.js';
import { ImportsService } from './imports.service.js';

/**
 * The import pages: upload → dry-run report → commit. Declared in EnterprisesModule ahead of the
 * enterprise file's `/enterprises/:id` routes, so `/enterprises/import` is not taken for an id.
 */
@ApiExcludeController()
@Roles('admin', 'officer')
@Controller('enterprises/import')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('imports/index')
  async index(@CurrentActor() actor: Actor, @Query('kind') kind?: string) {
    return {
      title: translate(actor.locale, 'import.title'),
      kinds: IMPORT_KINDS,
      sources: IMPORT_SOURCES,
      selectedKind: kind && (IMPORT_KINDS as readonly string[]).includes(kind) ? kind : 'enterprises',
      maxMb: Math.round(this.config.uploadMaxBytes / 1048576),
      jobs: (await this.imports.recent(actor, 20)).map((j) => mapImportJob(j, actor.locale)),
    };
  }

  @Post()
  @UseFilters(new UploadFormErrorFilter(() => '/enterprises/import'))
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const job = await this.imports.dryRun(actor, String(body.kind ?? ''), requireFile(file), typeof body.source === 'string' ? body.source : undefined);
    res.redirect(303, `/enterprises/import/${job.id}`);
  }

  @Get('template')
  async template(@CurrentActor() actor: Actor, @Query() query: ImportTemplateQueryDto) {
    const buf = await this.imports.template(query.kind, actor.locale);
    const name = `${translate(actor.locale, `import.kind.${query.kind}`)}-${translate(actor.locale, 'import.template')}.xlsx`;
    return new StreamableFile(buf, { type: XLSX_TYPE, length: buf.length, disposition: contentDisposition(name) });
  }

  @Get(':id')
  @Render('imports/report')
  async report(@CurrentActor() actor: Actor, @Param('id', jobIdPipe) id: number) {
    const job = mapImportJob(await this.imports.get(actor, id), actor.locale);
    return { title: translate(actor.locale, 'import.report'), job, kindLabel: translate(actor.locale, `import.kind.${job.kind}`), moreErrors: job.errorsTotal > job.errors.length };
  }

  @Post(':id/commit')
  async commit(@CurrentActor() actor: Actor, @Param('id', jobIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.imports.commit(actor, id),
      done: (job) => ({ redirect: `/enterprises/import/${id}`, flash: translate(actor.locale, 'import.committed', { created: job.createCount, updated: job.updateCount, unchanged: job.unchangedCount }) }),
      // Already committed, row errors, or data changed since the dry run: the sentence and the first rows concerned.
      rerender: (_status, _errors, { message, stale, error }) => {
        const text = stale?.text ?? message ?? translate(actor.locale, 'error.400');
        const rows = (error?.details ?? []).slice(0, 10).map((d) => d.field).join(', ');
        flash(req, 'danger', rows ? `${text} (${rows})` : text);
        return res.redirect(303, `/enterprises/import/${id}`);
      },
    });
  }
}
