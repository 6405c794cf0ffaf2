import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { translate } from '../i18n/i18n.js';
import { documentIdPipe, downloadOf, requireFile } from './documents.api.controller.js';
import { DocumentsService } from './documents.service.js';
import { UploadFormErrorFilter } from './upload-error.filter.js';
import type { IncomingFile } from './upload-storage.js';

const enterpriseIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });
const backToFile = (req: Request) => `/enterprises/${/^\d{1,10}$/.test(String(req.params.id)) ? req.params.id : ''}#documents`;

/** The upload form and download link on the enterprise file page (session, CSRF in the action URL). */
@ApiExcludeController()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** `owner` is "kind:id" from the form's select; `replacesId` is set by a "new revision" form. */
  @Post('enterprises/:id/documents')
  @Roles('admin', 'officer', 'enterprise')
  @UseFilters(new UploadFormErrorFilter(backToFile))
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentActor() actor: Actor, @Param('id', enterpriseIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const [kind, ownerId] = String(body.owner ?? '').split(':');
    const replacesId = body.replacesId ? Number(body.replacesId) : undefined;
    const saved = await this.documents.upload(actor, { enterpriseId: id, ownerKind: kind, ownerId: Number(ownerId), replacesId }, requireFile(file));
    flash(req, 'success', translate(actor.locale, 'document.uploaded', { name: saved.name, revision: saved.revision }));
    res.redirect(303, `/enterprises/${id}#documents`);
  }

  @Get('documents/:id/download')
  @Header('Cache-Control', 'private, no-store')
  async download(@CurrentActor() actor: Actor, @Param('id', documentIdPipe) id: number) {
    return downloadOf(await this.documents.open(actor, id));
  }
}
