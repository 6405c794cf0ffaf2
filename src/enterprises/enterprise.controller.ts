import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { runForm, validateForm, type FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import type { ActivityCreateDto, ContactCreateDto, CreditFlagCreateDto, IpAssetCreateDto, QualificationCreateDto, TaskCreateDto } from './children.dto.js';
import { CHILD_FORMS, formToFigures, formToProfile, type ChildForm } from './enterprise-forms.js';
import { EnterpriseMergeService } from './enterprise-merge.service.js';
import { EnterprisePagesService } from './enterprise-pages.service.js';
import { EnterpriseCreateDto, EnterpriseListQueryDto, EnterpriseUpdateDto } from './enterprise.dto.js';
import { enterpriseFilePage, enterpriseFormPage, enterpriseListPage, mergeFlash, mergePage } from './enterprise.view.js';
import { EnterprisesService } from './enterprises.service.js';
import { FinancialsPutDto } from './financials.dto.js';

// The task list has its own file; re-exported for the module's list.
export { TaskController } from './tasks.controller.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** The enterprise pages: decorators, one service call, one presenter (enterprise.view.ts). */
@ApiExcludeController()
@Controller()
export class EnterpriseController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly merger: EnterpriseMergeService,
    private readonly pages: EnterprisePagesService,
  ) {}

  @Get('enterprises')
  @Roles('admin', 'manager', 'officer')
  @Render('enterprises/list')
  async list(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto) {
    const { page, options, officers } = await this.pages.list(actor, query);
    return enterpriseListPage(actor, query, page, options, officers);
  }

  @Get('enterprises/new')
  @Roles('admin', 'officer')
  @Render('enterprises/form')
  async newForm(@CurrentActor() actor: Actor) {
    return enterpriseFormPage(actor, await this.pages.options(), {});
  }

  @Post('enterprises')
  @Roles('admin', 'officer')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: EnterpriseCreateDto,
      input: formToProfile(body),
      labels: { registeredCapital: 'enterprise.registeredCapitalYuan' },
      run: (value) => this.enterprises.create(actor, value),
      done: ({ enterprise, possibleDuplicates }) => ({
        redirect: `/enterprises/${enterprise.id}`,
        flash: [
          { type: 'success', text: translate(actor.locale, 'enterprise.created', { name: enterprise.name }) },
          ...(possibleDuplicates.length ? [{ type: 'warning' as const, text: translate(actor.locale, 'enterprise.possibleDuplicates', { names: possibleDuplicates.map((d) => `${d.name} (${d.uscc})`).join('; ') }) }] : []),
        ],
      }),
      rerender: async (status, errors, { message }) => res.status(status).render('enterprises/form', enterpriseFormPage(actor, await this.pages.options(), { values: body, errors, message })),
    });
  }

  @Get('my-enterprise')
  @Roles('enterprise')
  myEnterprise(@CurrentActor() actor: Actor, @Res() res: Response) {
    if (!actor.enterpriseId) throw new NotFoundError('Enterprise');
    res.redirect(302, `/enterprises/${actor.enterpriseId}`);
  }

  @Get('enterprises/:id')
  @Render('enterprises/file')
  async file(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query('kind') kind?: string) {
    return enterpriseFilePage(actor, await this.pages.file(actor, id, kind));
  }

  /** Adds an IP asset, qualification, credit record, contact, activity or task from the file page: 422 re-render with field messages, or PRG. */
  private async addChild(actor: Actor, id: number, name: ChildForm, body: Record<string, unknown>, req: Request, res: Response, save: (dto: never) => Promise<unknown>) {
    const spec = CHILD_FORMS[name];
    return runForm(req, res, actor.locale, {
      dto: spec.dto,
      input: spec.toDto(body),
      labels: spec.labels,
      run: (value) => save(value as never),
      done: () => ({ redirect: `/enterprises/${id}#${spec.anchor}`, flash: translate(actor.locale, spec.saved ?? `child.saved.${name}`) }),
      rerender: async (status, errors, { message }) =>
        res.status(status === 409 ? 409 : 422).render('enterprises/file', enterpriseFilePage(actor, await this.pages.file(actor, id), { [name]: { values: body, errors, message } })),
    });
  }

  @Post('enterprises/:id/ip-assets')
  @Roles('admin', 'officer')
  addIpAsset(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'ip', body, req, res, (dto: IpAssetCreateDto) => this.enterprises.addIpAsset(actor, id, dto));
  }

  @Post('enterprises/:id/qualifications')
  @Roles('admin', 'officer')
  addQualification(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'qualification', body, req, res, (dto: QualificationCreateDto) => this.enterprises.addQualification(actor, id, dto));
  }

  @Post('enterprises/:id/credit-flags')
  @Roles('admin', 'officer')
  addCreditFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'flag', body, req, res, (dto: CreditFlagCreateDto) => this.enterprises.addCreditFlag(actor, id, dto));
  }

  @Post('enterprises/:id/contacts')
  @Roles('admin', 'officer')
  addContact(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'contact', body, req, res, (dto: ContactCreateDto) => this.enterprises.addContact(actor, id, dto));
  }

  @Post('enterprises/:id/activities')
  @Roles('admin', 'officer')
  addActivity(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    // A bad date re-renders the file page with the typed note kept (it used to end on a 400 page).
    return this.addChild(actor, id, 'activity', body, req, res, (dto: ActivityCreateDto) => this.enterprises.addActivity(actor, id, dto));
  }

  @Post('enterprises/:id/tasks')
  @Roles('admin', 'officer')
  addTask(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'task', body, req, res, (dto: TaskCreateDto) => this.enterprises.addTask(actor, id, dto));
  }

  /** Merge preview: pick the duplicate (id or USCC; similar names suggested), see what moves and which years conflict. */
  @Get('enterprises/:id/merge')
  @Roles('admin')
  @Render('enterprises/merge')
  async mergePreview(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query('duplicate') typed?: string) {
    return mergePage(actor, await this.pages.merge(actor, id, typeof typed === 'string' ? typed : ''));
  }

  @Post('enterprises/:id/merge')
  @Roles('admin')
  async merge(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const duplicateId = Number(body.duplicateId);
    const version = Number(body.version);
    const keepDuplicateYears = Object.entries(body).filter(([k, v]) => /^keep_\d{4}$/.test(k) && v === 'duplicate').map(([k]) => Number(k.slice(5)));
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.merger.merge(actor, id, { duplicateId, version, keepDuplicateYears }),
      done: (result) => ({ redirect: `/enterprises/${id}`, flash: mergeFlash(actor.locale, result) }),
      rerender: async (status, _errors, { stale }) => {
        const message = translate(actor.locale, stale ? 'merge.stale' : 'merge.failed');
        const data = await this.pages.merge(actor, id, Number.isSafeInteger(duplicateId) ? String(duplicateId) : '');
        return res.status(status === 409 ? 409 : 422).render('enterprises/merge', mergePage(actor, data, { message }));
      },
    });
  }

  @Get('enterprises/:id/edit')
  @Roles('admin', 'officer')
  @Render('enterprises/form')
  async editForm(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const { enterprise, options } = await this.pages.profile(actor, id);
    return enterpriseFormPage(actor, options, { enterprise });
  }

  @Post('enterprises/:id')
  @Roles('admin', 'officer')
  async update(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { enterprise: current, options } = await this.pages.profile(actor, id);
    const rerender = (status: number, errors: FieldErrors, extra: { message?: string; stale?: string; values?: Record<string, unknown> } = {}) =>
      res.status(status).render('enterprises/form', enterpriseFormPage(actor, options, { enterprise: current, values: body, errors, ...extra }));
    return runForm(req, res, actor.locale, {
      dto: EnterpriseUpdateDto,
      input: formToProfile(body),
      run: (value) => this.enterprises.update(actor, id, value),
      done: () => ({ redirect: `/enterprises/${id}`, flash: translate(actor.locale, 'enterprise.updated') }),
      // 409: what was typed stays, the current values show beside it, and the form carries the new version.
      rerender: (status, errors, { message, stale }) =>
        stale ? rerender(409, {}, { stale: stale.text, values: { ...body, version: current.version } }) : rerender(status, errors, { message }),
    });
  }

  @Post('enterprises/:id/financials')
  @Roles('admin', 'officer', 'enterprise')
  async putFinancials(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = Number(body.year);
    const { year: _y, ...rest } = body;
    const form = await validateForm(FinancialsPutDto, formToFigures(rest), actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `figure.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}#figures`);
    }
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.enterprises.putFinancials(actor, id, year, form.value),
      done: () => ({ redirect: `/enterprises/${id}#figures`, flash: translate(actor.locale, 'financials.saved', { year }) }),
      rerender: (_status, errors, { message, stale }) => {
        flash(req, 'danger', stale?.text ?? ([message, ...Object.values(errors)].filter(Boolean).join(' ') || translate(actor.locale, 'error.400')));
        return res.redirect(303, `/enterprises/${id}#figures`);
      },
    });
  }
}
