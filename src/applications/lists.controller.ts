import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { contentDisposition } from '../common/content-disposition.js';
import { NotFoundError } from '../common/errors.js';
import { CSV_TYPE } from '../common/table-export.js';
import { translate } from '../i18n/i18n.js';
import { requestLocale } from '../i18n/request-locale.js';
import { ReferenceService } from '../reference/reference.service.js';
import { publishedCsv, publishedListPage, publishedRows } from './applications.view.js';
import { LIST_PROGRAMMES, type ListProgramme } from './batch.entity.js';
import { BatchesService } from './batches.service.js';

/** The published lists: public pages (no sign-in) with CSV download. */
@ApiExcludeController()
@Controller('lists')
export class ListsController {
  constructor(
    private readonly batches: BatchesService,
    private readonly reference: ReferenceService,
  ) {}

  @Get()
  @Public()
  @Render('lists/index')
  async index(@Req() req: Request) {
    const locale = requestLocale(req);
    return { title: translate(locale, 'lists.title'), items: await this.batches.publishedIndex() };
  }

  /** `/lists/young-eagle/2026` (page) or `/lists/young-eagle/2026.csv` (download). */
  @Get(':programme/:year')
  @Public()
  async list(@Param('programme') programme: string, @Param('year') yearParam: string, @Req() req: Request, @Res() res: Response) {
    const m = /^(\d{4})(\.csv)?$/.exec(yearParam);
    if (!(LIST_PROGRAMMES as readonly string[]).includes(programme) || !m) throw new NotFoundError('List');
    const year = Number(m[1]);
    const locale = requestLocale(req);
    const [listed, districts] = await Promise.all([this.batches.publishedList(programme as ListProgramme, year), this.reference.districts()]);
    const rows = publishedRows(listed, districts, locale);
    if (!m[2]) return res.render('lists/list', publishedListPage(programme, year, rows, locale));
    const csv = publishedCsv(programme, rows, locale);
    res.setHeader('Content-Type', CSV_TYPE);
    res.setHeader('Content-Disposition', contentDisposition(`${csv.programmeLabel}-${year}.csv`, 'attachment', `${programme}-${year}.csv`));
    // A byte-order mark so spreadsheet programs read the Chinese names as UTF-8.
    return res.send(`\uFEFF${stringify(csv.rows, { header: true, columns: csv.header })}`);
  }
}
