import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { todayIso } from '../common/format.js';
import { translate } from '../i18n/i18n.js';
import { BatchCreateDto } from './application.dto.js';
import { applicationIdPipe } from './applications.api.controller.js';
import { TransitionVetoedError } from './applications.service.js';
import { batchesPage, batchPage } from './applications.view.js';
import { BatchesService } from './batches.service.js';
import { refusalText } from './refusal-text.js';

const batchIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Batch') });
const thisYear = () => Number(todayIso().slice(0, 4));
const idsOf = (raw: unknown) => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((n) => Number.isInteger(n) && n > 0);

/** Batches: gather, open the public notice, record decisions, announce. */
@ApiExcludeController()
@Controller('batches')
@Roles('manager', 'admin', 'officer')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Get()
  @Render('applications/batches')
  async list(@CurrentActor() actor: Actor, @Query('year') year?: string) {
    const y = year && /^\d{4}$/.test(year) ? Number(year) : undefined;
    return batchesPage(actor, await this.batches.list(actor, { year: y }), thisYear());
  }

  @Post()
  @Roles('manager', 'admin')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const rerender = async (status: number, errors: FieldErrors) =>
      res.status(status).render('applications/batches', batchesPage(actor, await this.batches.list(actor), thisYear(), { values: body, errors }));
    return runForm(req, res, actor.locale, {
      dto: BatchCreateDto,
      input: { programme: body.programme, year: Number(body.year), name: body.name },
      run: (value) => this.batches.create(actor, value),
      done: (b) => ({ redirect: `/batches/${b.id}`, flash: translate(actor.locale, 'batch.created', { name: b.name }) }),
      rerender: (status, errors) => rerender(status, status === 409 || !Object.keys(errors).length ? { name: translate(actor.locale, 'batch.exists') } : errors),
    });
  }

  @Get(':id')
  @Render('applications/batch')
  async view(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number) {
    const [b, noticeDays] = await Promise.all([this.batches.view(actor, id), this.batches.defaultNoticeDays()]);
    return batchPage(actor, b, todayIso(), noticeDays);
  }

  private async back(actor: Actor, req: Request, res: Response, id: number, work: () => Promise<string>) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: work,
      done: (text) => ({ redirect: `/batches/${id}`, flash: text }),
      rerender: (_status, _errors, { message, error }) => {
        // A vetoed step names its items in the reader's language already; other details are references and fields.
        const details = error && error.details.length && error.status === 409 && !(error instanceof TransitionVetoedError) ? ` ${error.details.map((d) => `${d.field}: ${d.key ? translate(actor.locale, d.key, { label: d.field, ...d.params }) : d.message}`).join('; ')}` : '';
        flash(req, 'danger', `${(error && refusalText(error, actor.locale, message)) ?? message ?? ''}${details}`);
        return res.redirect(303, `/batches/${id}`);
      },
    });
  }

  @Post(':id/applications')
  @Roles('manager', 'admin')
  async assign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const ids = idsOf(body.applicationIds);
    await this.back(actor, req, res, id, async () => {
      if (!ids.length) throw new InvalidInputError('nothing selected', [{ field: 'applicationIds', message: 'validation.required' }]);
      await this.batches.assign(actor, id, ids);
      return translate(actor.locale, 'batch.assigned', { count: ids.length });
    });
  }

  @Post(':id/applications/:applicationId/remove')
  @Roles('manager', 'admin')
  async unassign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Param('applicationId', applicationIdPipe) applicationId: number, @Req() req: Request, @Res() res: Response) {
    await this.back(actor, req, res, id, async () => {
      await this.batches.unassign(actor, id, applicationId);
      return translate(actor.locale, 'batch.removed');
    });
  }

  @Post(':id/notice')
  @Roles('manager', 'admin')
  async notice(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const startsOn = typeof body.startsOn === 'string' && body.startsOn ? body.startsOn : undefined;
    const workingDays = typeof body.workingDays === 'string' && /^\d+$/.test(body.workingDays) ? Number(body.workingDays) : undefined;
    await this.back(actor, req, res, id, async () => {
      if (startsOn && !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) throw new InvalidInputError('startsOn', [{ field: 'startsOn', message: 'validation.invalid' }]);
      if (workingDays !== undefined && (workingDays < 5 || workingDays > 30)) throw new InvalidInputError('workingDays', [{ field: 'workingDays', message: 'validation.invalid' }]);
      const b = await this.batches.openNotice(actor, id, { startsOn, workingDays, version: body.version ? Number(body.version) : undefined });
      return translate(actor.locale, 'batch.noticeOpened', { endsOn: b.noticeEndsOn ?? '' });
    });
  }

  @Post(':id/decisions')
  @Roles('manager', 'admin')
  async decide(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const action = body.action === 'reject' ? 'reject' : 'approve';
    const ids = idsOf(body.applicationIds);
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : undefined;
    await this.back(actor, req, res, id, async () => {
      await this.batches.decide(actor, id, { action, applicationIds: ids.length ? ids : undefined, comment });
      return translate(actor.locale, 'batch.decided', { action: translate(actor.locale, `action.${action}`) });
    });
  }

  @Post(':id/announce')
  @Roles('manager', 'admin')
  async announce(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.back(actor, req, res, id, async () => {
      const b = await this.batches.announce(actor, id, { version: body.version ? Number(body.version) : undefined });
      return translate(actor.locale, 'batch.announced', { url: `/lists/${b.programme}/${b.year}` });
    });
  }
}
