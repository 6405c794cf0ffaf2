import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BINARY_SCHEMA, DocumentDto, DocumentListDto } from './document.response.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { DOCUMENT_UPLOAD_SCHEMA, DocumentListQueryDto, DocumentUploadDto } from './document.dto.js';
import { DocumentsService, type OpenedDocument } from './documents.service.js';
import { contentDisposition } from '../common/content-disposition.js';
import type { IncomingFile } from './upload-storage.js';

const enterpriseIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });
export const documentIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Document') });

export function requireFile(file: IncomingFile | undefined): IncomingFile {
  if (!file) throw new InvalidInputError('A file is required (multipart part named "file")', [{ field: 'file', message: 'is required' }]);
  return file;
}

/** The download of one document: an attachment with a safe Content-Disposition, never rendered inline. */
export function downloadOf(doc: OpenedDocument): StreamableFile {
  return new StreamableFile(doc.stream, { type: doc.mediaType, length: doc.size, disposition: contentDisposition(doc.fileName) });
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/v1')
export class DocumentsApiController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('enterprises/:id/documents')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: DOCUMENT_UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: DocumentDto })
  upload(@CurrentActor() actor: Actor, @Param('id', enterpriseIdPipe) id: number, @Body() dto: DocumentUploadDto, @UploadedFile() file?: IncomingFile): Promise<DocumentDto> {
    return this.documents.upload(actor, { enterpriseId: id, ownerKind: dto.ownerKind, ownerId: dto.ownerId ?? (dto.ownerKind === 'enterprise' ? id : 0), replacesId: dto.replacesId }, requireFile(file));
  }

  @Get('enterprises/:id/documents')
  @ApiOkResponse({ type: DocumentListDto })
  async list(@CurrentActor() actor: Actor, @Param('id', enterpriseIdPipe) id: number, @Query() query: DocumentListQueryDto): Promise<DocumentListDto> {
    return { items: await this.documents.list(actor, id, { ownerKind: query.ownerKind, ownerId: query.ownerId, history: query.history === 'true' }) };
  }

  @Get('documents/:id/download')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file as uploaded (its own media type)', schema: BINARY_SCHEMA })
  async download(@CurrentActor() actor: Actor, @Param('id', documentIdPipe) id: number) {
    return downloadOf(await this.documents.open(actor, id));
  }
}
