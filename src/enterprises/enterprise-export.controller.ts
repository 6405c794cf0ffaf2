import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { CONTENT_TYPES } from '../common/table-export.js';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientGoneError } from '../audit/export-trail.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { contentDisposition } from '../common/content-disposition.js';
import { EnterpriseExportService, type ExportFormat } from './enterprise-export.service.js';
import { EnterpriseListQueryDto } from './enterprise.dto.js';

export class EnterpriseExportQueryDto extends EnterpriseListQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: ExportFormat;
}


/**
 * The filtered list as CSV or XLSX (same query string as the list). Declared ahead of the
 * `/enterprises/:id` routes so that `export` is not taken for an id.
 */
@ApiTags('enterprises')
@Roles('admin', 'manager', 'officer')
@Controller()
export class EnterpriseExportController {
  private readonly logger = new Logger(EnterpriseExportController.name);

  constructor(private readonly exporter: EnterpriseExportService) {}

  @Get('api/v1/enterprises/export')
  @ApiBearerAuth()
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the scoped enterprise list as CSV or XLSX (`format`)', schema: { type: 'string', format: 'binary' } })
  api(@CurrentActor() actor: Actor, @Query() query: EnterpriseExportQueryDto, @Res() res: Response) {
    const { format, ...filters } = query;
    return this.stream(actor, filters, format ?? 'csv', res);
  }

  @Get('enterprises/export.csv')
  @ApiExcludeEndpoint()
  csv(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto, @Res() res: Response) {
    return this.stream(actor, query, 'csv', res);
  }

  @Get('enterprises/export.xlsx')
  @ApiExcludeEndpoint()
  xlsx(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto, @Res() res: Response) {
    return this.stream(actor, query, 'xlsx', res);
  }

  private async stream(actor: Actor, query: EnterpriseListQueryDto, format: ExportFormat, res: Response): Promise<void> {
    // Everything that can fail on input fails here, before the first byte (still a 4xx).
    const prepared = this.exporter.prepare(actor, query);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', contentDisposition(this.exporter.fileName(format)));
    res.setHeader('Cache-Control', 'private, no-store');
    try {
      await this.exporter.write(prepared, format, res);
    } catch (err) {
      // Headers are gone: the only honest signal left is a broken download. A client that left is no fault.
      if (err instanceof ClientGoneError) this.logger.warn(`export aborted: ${err.message}`);
      else this.logger.error(`export failed after the headers were sent: ${(err as Error).message}`);
      res.destroy();
    }
  }
}
