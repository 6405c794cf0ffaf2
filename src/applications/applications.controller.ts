import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { runForm, validateForm, type FieldErrors } from '../common/form.js';
import { downloadOf, requireFile } from '../documents/documents.api.controller.js';
import { UploadFormErrorFilter } from '../documents/upload-error.filter.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { translate } from '../i18n/i18n.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { ApplicationPagesService } from './application-pages.service.js';
import { ApplicationListQueryDto, CommentDto, ObjectionCreateDto, ObjectionResolveDto, RepaymentCreateDto } from './application.dto.js';
import { isEnterpriseUser } from './application.policy.js';
import { applicationIdPipe } from './applications.api.controller.js';
import { ApplicationsService } from './applications.service.js';
import { applicationDetailPage, applicationListPage, editApplicationPage, htmlErrors, newApplicationPage } from './applications.view.js';
import { BatchesService } from './batches.service.js';
import { formFromHtml } from './form-fields.js';
import type { SubsidyKind } from './loan.entity.js';
import { refusalText } from './refusal-text.js';
import { stepDataFromForm } from './step-data.dto.js';
import { WorkflowService } from './workflow.service.js';
import { APPLICATION_TYPES, type ApplicationType } from './workflow/workflows.js';

// The batch and published-list pages live in their own files; re-exported for the module's list.
export { BatchesController } from './batches.controller.js';
export { ListsController } from './lists.controller.js';
export { refusalText } from './refusal-text.js';

const intPipe = (what: string) => new ParseIntPipe({ exceptionFactory: () => new NotFoundError(what) });
const ticked = (v: unknown) => v === 'on' || v === 'true';

/** The application pages: decorators, one service call, one presenter (applications.view.ts). */
@ApiExcludeController()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly workflow: WorkflowService,
    private readonly documents: ApplicationDocumentsService,
    private readonly batches: BatchesService,
    private readonly pages: ApplicationPagesService,
  ) {}

  @Get()
  @Render('applications/list')
  async list(@CurrentActor() actor: Actor, @Query() query: ApplicationListQueryDto) {
    const { page, districts } = await this.pages.list(actor, query);
    return applicationListPage(actor, query, page, districts);
  }

  /** The new-application page: choose type, tier and year (and the enterprise, for officers); then the form, prefilled. */
  @Get('new')
  @Roles('enterprise', 'officer', 'admin')
  async newForm(@CurrentActor() actor: Actor, @Query() q: Record<string, string>, @Res() res: Response) {
    res.render('applications/new', newApplicationPage(actor, await this.pages.newForm(actor, q, null, {})));
  }

  @Get(':id/edit')
  @Roles('enterprise', 'officer', 'admin')
  async editForm(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const v = await this.applications.view(actor, id);
    if (!v.canEdit) {
      flash(req, 'warning', translate(actor.locale, 'application.notEditable'));
      return res.redirect(303, `/applications/${id}`);
    }
    const { values, assets } = await this.pages.editForm(actor, v, null);
    res.render('applications/new', editApplicationPage(actor, v, values, assets, {}));
  }

  @Post()
  @Roles('enterprise', 'officer', 'admin')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const type = String(body.type) as ApplicationType;
    if (!(APPLICATION_TYPES as readonly string[]).includes(type)) throw new InvalidInputError('type', [{ field: 'type', message: 'validation.invalid' }]);
    const enterpriseId = isEnterpriseUser(actor) ? actor.enterpriseId ?? 0 : Number(body.enterpriseId);
    const tier = typeof body.tier === 'string' && body.tier ? body.tier : undefined;
    // The page's one rung select: an SRDI rung is the API's `rung`.
    const rungs = type === 'srdi-recognition' ? { rung: tier } : { tier };
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.applications.create(actor, { enterpriseId, type, year: Number(body.year), ...rungs, form: formFromHtml(type, body) }),
      done: (created) => ({ redirect: `/applications/${created.id}`, flash: translate(actor.locale, 'application.created', { reference: created.reference }) }),
      rerender: async (status, errors, { message, error }) => {
        const text = Object.keys(errors).length || !error ? translate(actor.locale, 'common.formErrors') : refusalText(error, actor.locale, message);
        const data = await this.pages.newForm(actor, { type, tier, year: body.year, enterpriseId }, body, htmlErrors(errors));
        return res.status(status).render('applications/new', newApplicationPage(actor, data, text));
      },
    });
  }

  @Get(':id')
  async detail(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Query('preview') preview: string | undefined, @Res() res: Response) {
    res.render('applications/detail', applicationDetailPage(actor, await this.pages.detail(actor, id, preview === '1')));
  }

  /** Refusals the user can act on come back to the page as a message; 403/404 go to the error page. */
  private async back(actor: Actor, req: Request, res: Response, id: number, anchor: string, work: () => Promise<string>) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: work,
      done: (text) => ({ redirect: `/applications/${id}${anchor}`, flash: text }),
      rerender: (_status, _errors, { message, error }) => {
        flash(req, 'danger', (error && refusalText(error, actor.locale, message)) ?? message ?? translate(actor.locale, 'error.400'));
        return res.redirect(303, `/applications/${id}${anchor}`);
      },
    });
  }

  /** A workflow step. Submitting an application today's evaluation finds ineligible needs the confirmation box (issue 18). */
  @Post(':id/transitions')
  async transition(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const action = typeof body.action === 'string' ? body.action : '';
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : undefined;
    const version = body.version ? Number(body.version) : undefined;
    return runForm(req, res, actor.locale, {
      input: {},
      run: async () => {
        await this.pages.confirmSubmit(actor, id, action, ticked(body.acknowledgeUnmet));
        return this.workflow.transition(actor, id, { action, comment, version, data: stepDataFromForm(action, body) });
      },
      done: (v) => ({ redirect: `/applications/${id}`, flash: translate(actor.locale, 'application.transitioned', { action: translate(actor.locale, `action.${action}`), status: translate(actor.locale, `status.${v.status}`) }) }),
      rerender: async (_status, errors, { message, error }) => {
        if (errors.acknowledgeUnmet) {
          const page = applicationDetailPage(actor, await this.pages.detail(actor, id, false), { errors, message: translate(actor.locale, 'common.formErrors') });
          return res.status(422).render('applications/detail', page);
        }
        flash(req, 'danger', (error && refusalText(error, actor.locale, message)) ?? message ?? translate(actor.locale, 'error.400'));
        return res.redirect(303, `/applications/${id}`);
      },
    });
  }

  @Post(':id/form')
  @Roles('enterprise', 'officer', 'admin')
  async updateForm(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const current = await this.applications.view(actor, id);
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.applications.updateForm(actor, id, { form: formFromHtml(current.type, body), version: Number(body.version) }),
      done: () => ({ redirect: `/applications/${id}`, flash: translate(actor.locale, 'application.saved') }),
      rerender: async (status, errors, { message, error }) => {
        if (status === 422 && Object.keys(errors).length) {
          const { values, assets } = await this.pages.editForm(actor, current, body);
          return res.status(422).render('applications/new', editApplicationPage(actor, current, values, assets, htmlErrors(errors), translate(actor.locale, 'common.formErrors')));
        }
        // Someone else saved first, or the application moved on: the refusal on the application's page.
        flash(req, 'danger', (error && refusalText(error, actor.locale, message)) ?? message ?? translate(actor.locale, 'error.400'));
        return res.redirect(303, `/applications/${id}#form`);
      },
    });
  }

  @Post(':id/documents')
  @UseInterceptors(FileInterceptor('file'))
  @UseFilters(new UploadFormErrorFilter((req) => `/applications/${encodeURIComponent(String(req.params.id ?? ''))}#documents`))
  async upload(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const requirement = typeof body.requirement === 'string' ? body.requirement : undefined;
    const replacesId = typeof body.replacesId === 'string' && /^\d+$/.test(body.replacesId) ? Number(body.replacesId) : undefined;
    await this.back(actor, req, res, id, '#documents', async () => {
      const doc = await this.documents.upload(actor, id, requirement, requireFile(file), replacesId);
      return translate(actor.locale, 'application.documentUploaded', { name: doc.name, requirement: translate(actor.locale, `checklist.${doc.requirement}`) });
    });
  }

  @Get(':id/documents/:documentId')
  @Header('Cache-Control', 'private, no-store')
  async download(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('documentId', intPipe('Document')) documentId: number) {
    return downloadOf(await this.documents.open(actor, id, documentId));
  }

  /** A small form posted from the detail page: field messages come back as a flash on its section. */
  private async flashInvalid(req: Request, res: Response, id: number, anchor: string, prefix: string, errors: FieldErrors, locale: Actor['locale']) {
    flash(req, 'danger', Object.entries(errors).map(([k, v]) => `${translate(locale, `${prefix}${k}`)}: ${v}`).join(' '));
    return res.redirect(303, `/applications/${id}${anchor}`);
  }

  @Post(':id/comments')
  async comment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(CommentDto, { text: body.text, public: ticked(body.public) }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', `${translate(actor.locale, 'application.comment')}: ${Object.values(form.errors).join(' ')}`);
      return res.redirect(303, `/applications/${id}#comments`);
    }
    await this.back(actor, req, res, id, '#comments', async () => {
      await this.applications.comment(actor, id, form.value);
      return translate(actor.locale, 'application.commented');
    });
  }

  @Post(':id/repayments')
  @Roles('officer', 'admin')
  async repayment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/,/g, '')) : 0);
    const form = await validateForm(RepaymentCreateDto, { paidOn: body.paidOn, principal: num(body.principal), interest: num(body.interest) }, actor.locale);
    if (!form.ok) return this.flashInvalid(req, res, id, '#loan', 'loan.', form.errors, actor.locale);
    await this.back(actor, req, res, id, '#loan', async () => {
      await this.applications.addRepayment(actor, id, form.value);
      return translate(actor.locale, 'loan.repaymentRecorded');
    });
  }

  @Post(':id/subsidies')
  @Roles('officer', 'manager', 'admin')
  async subsidy(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const kind = body.kind === 'appraisal' ? 'appraisal' : 'interest';
    const year = typeof body.year === 'string' && /^\d{4}$/.test(body.year) ? Number(body.year) : undefined;
    await this.back(actor, req, res, id, '#loan', async () => {
      const s = await this.applications.grantSubsidy(actor, id, kind as SubsidyKind, year);
      return translate(actor.locale, 'loan.subsidyGranted', { kind: translate(actor.locale, `subsidy.${s.kind}`), year: s.year, amount: s.amount.toFixed(2) });
    });
  }

  @Post(':id/objections')
  @Roles('officer', 'manager', 'admin')
  async objection(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(ObjectionCreateDto, { receivedOn: body.receivedOn, objector: body.objector, content: body.content }, actor.locale);
    if (!form.ok) return this.flashInvalid(req, res, id, '#objections', 'objection.', form.errors, actor.locale);
    await this.back(actor, req, res, id, '#objections', async () => {
      await this.batches.recordObjection(actor, id, form.value);
      return translate(actor.locale, 'objection.recorded');
    });
  }

  @Post(':id/objections/:objectionId/resolve')
  @Roles('manager', 'admin')
  async resolve(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('objectionId', intPipe('Objection')) objectionId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(ObjectionResolveDto, { resolution: body.resolution, note: body.note, version: body.version ? Number(body.version) : undefined }, actor.locale);
    if (!form.ok) return this.flashInvalid(req, res, id, '#objections', 'objection.', form.errors, actor.locale);
    await this.back(actor, req, res, id, '#objections', async () => {
      await this.batches.resolveObjection(actor, id, objectionId, form.value);
      return translate(actor.locale, 'objection.resolvedAs', { resolution: translate(actor.locale, `objection.status.${form.value.resolution}`) });
    });
  }
}
