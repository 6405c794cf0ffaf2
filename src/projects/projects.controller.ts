import { Body, Controller, Get, Logger, Param, ParseIntPipe, Post, Query, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { businessToday } from '../common/clock.js';
import { contentDisposition } from '../common/content-disposition.js';
import { NotFoundError, type DomainError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { refusalMessage, runForm, type FieldErrors } from '../common/form.js';
import { pageCount } from '../common/list-query.js';
import { CONTENT_TYPES, type ExportFormat } from '../common/table-export.js';
import { requireFile } from '../documents/documents.api.controller.js';
import { DocumentsService, type DocumentView } from '../documents/documents.service.js';
import { UploadFormErrorFilter } from '../documents/upload-error.filter.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { MilestoneAcceptDto, ProjectExportQueryDto, ProjectListQueryDto, ProjectTransitionDto, ReportReviewDto, ReportSubmitDto } from './project.dto.js';
import { PROJECT_STATUSES, PROJECT_TYPES } from './project-machines.js';
import { projectCan, readsOwnProjects } from './project.policy.js';
import { ProjectsExportService } from './projects-export.service.js';
import { ProjectsService } from './projects.service.js';
import { RAGS } from './rag.js';
import { timelineModel } from './timeline.js';
import { projectListRows } from './projects.view.js';

const projectIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Project') });
const childIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Resource') });
const enterpriseIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });
const backToProject = (req: Request) => `/projects/${/^\d{1,10}$/.test(String(req.params.id)) ? req.params.id : ''}#documents`;
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const int = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined);

type FormState = { values: Record<string, unknown>; errors: FieldErrors; message?: string };

/** The projects pages (issue 17): list with filters and export, the project page, its forms, the file's tab. */
@ApiExcludeController()
@Controller()
export class ProjectsController {
  private readonly logger = new Logger(ProjectsController.name);

  constructor(
    private readonly projects: ProjectsService,
    private readonly exporter: ProjectsExportService,
    private readonly documents: DocumentsService,
    private readonly enterprises: EnterprisesService,
    private readonly reference: ReferenceService,
  ) {}

  @Get('projects')
  async list(@CurrentActor() actor: Actor, @Query() query: ProjectListQueryDto, @Res() res: Response) {
    const page = await this.projects.list(actor, { ...query, pageSize: query.pageSize ?? 50 });
    const filters = { districtCode: query.districtCode, type: query.type, status: query.status, rag: query.rag };
    const districts = await this.reference.districts();
    res.render('projects/list', {
      title: translate(actor.locale, readsOwnProjects(actor) ? 'project.portal.title' : 'project.title'),
      ...page,
      items: projectListRows(page.items, actor.locale, districts),
      pages: pageCount(page.total, page.pageSize),
      prevPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page < pageCount(page.total, page.pageSize) ? page.page + 1 : null,
      filters,
      exportQuery: new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString(),
      districts,
      types: PROJECT_TYPES, statuses: PROJECT_STATUSES, rags: RAGS,
      canExport: projectCan(actor, 'export'),
      showDistrict: projectCan(actor, 'export'),
    });
  }

  @Get('projects/export')
  @Roles('admin', 'manager', 'officer')
  async export(@CurrentActor() actor: Actor, @Query() query: ProjectExportQueryDto, @Res() res: Response) {
    const { format, page: _p, pageSize: _s, ...filters } = query;
    const fmt: ExportFormat = format ?? 'csv';
    this.exporter.assertAllowed(actor);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[fmt]);
    res.setHeader('Content-Disposition', contentDisposition(this.exporter.fileName(actor, fmt)));
    res.setHeader('Cache-Control', 'private, no-store');
    try {
      await this.exporter.write(actor, filters, fmt, res);
    } catch (err) {
      this.logger.error(`project export failed after the headers were sent: ${(err as Error).message}`);
      res.destroy();
    }
  }

  @Get('projects/:id')
  async detail(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Res() res: Response) {
    res.render('projects/detail', await this.detailView(actor, id));
  }

  /** The lead enterprise's monthly report (the form pipeline: 422 with field messages in the page's language). */
  @Post('projects/:id/reports')
  @Roles('admin', 'enterprise')
  submitReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: ReportSubmitDto,
      input: { month: body.month, progress: body.progress, spend: body.spend, issues: body.issues },
      labels: 'projectReport',
      run: (dto) => this.projects.submitReport(actor, id, dto),
      done: (r) => ({ redirect: `/projects/${id}#reports`, flash: translate(actor.locale, 'project.report.submitted', { month: r.month }) }),
      rerender: async (status, errors, { message }) => res.status(status).render('projects/detail', await this.detailView(actor, id, { values: body, errors, message })),
    });
  }

  @Post('projects/:id/reports/:reportId/review')
  @Roles('admin', 'officer')
  reviewReport(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('reportId', childIdPipe) reportId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: ReportReviewDto,
      input: { action: body.action, note: body.note, version: int(body.version) },
      run: (dto) => this.projects.reviewReport(actor, id, reportId, dto),
      done: (r) => ({ redirect: `/projects/${id}#reports`, flash: translate(actor.locale, 'project.report.reviewed', { month: r.month }) }),
      rerender: (_s, errors, extra) => this.refusedBack(req, res, actor, `/projects/${id}#reports`, errors, extra),
    });
  }

  @Post('projects/:id/milestones/:milestoneId/accept')
  @Roles('admin', 'officer')
  acceptMilestone(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('milestoneId', childIdPipe) milestoneId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: MilestoneAcceptDto,
      input: { actualOn: text(body.actualOn), version: int(body.version) },
      run: (dto) => this.projects.acceptMilestone(actor, id, milestoneId, dto),
      done: (m) => ({ redirect: `/projects/${id}#milestones`, flash: translate(actor.locale, 'project.milestone.acceptedFlash', { name: m.name }) }),
      rerender: (_s, errors, extra) => this.refusedBack(req, res, actor, `/projects/${id}#milestones`, errors, extra),
    });
  }

  @Post('projects/:id/transitions')
  @Roles('admin', 'manager', 'officer')
  transition(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: ProjectTransitionDto,
      input: { action: body.action, comment: body.comment, version: int(body.version) },
      run: (dto) => this.projects.transition(actor, id, dto),
      done: () => ({ redirect: `/projects/${id}`, flash: translate(actor.locale, 'project.transitioned') }),
      rerender: (_s, errors, extra) => this.refusedBack(req, res, actor, `/projects/${id}`, errors, extra),
    });
  }

  /** Evidence for a milestone through the documents module (its size and type limits, revisions, audit). */
  @Post('projects/:id/milestones/:milestoneId/documents')
  @Roles('admin', 'officer', 'enterprise')
  @UseFilters(new UploadFormErrorFilter(backToProject))
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentActor() actor: Actor, @Param('id', projectIdPipe) id: number, @Param('milestoneId', childIdPipe) milestoneId: number, @Req() req: Request, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const project = await this.projects.get(actor, id);
    if (!project.milestones.some((m) => m.id === milestoneId)) throw new NotFoundError('Milestone');
    const saved = await this.documents.upload(actor, { enterpriseId: project.leadEnterpriseId, ownerKind: 'project_milestone', ownerId: milestoneId }, requireFile(file));
    flash(req, 'success', translate(actor.locale, 'document.uploaded', { name: saved.name, revision: saved.revision }));
    res.redirect(303, `/projects/${id}#documents`);
  }

  /** The enterprise file's projects tab: what it leads and takes part in. */
  @Get('enterprises/:id/projects')
  async enterpriseTab(@CurrentActor() actor: Actor, @Param('id', enterpriseIdPipe) id: number, @Res() res: Response) {
    const enterprise = await this.enterprises.get(actor, id);
    const page = await this.projects.list(actor, { enterpriseId: id, pageSize: 200, sort: 'startOn' });
    res.render('projects/enterprise-tab', {
      title: `${enterprise.name} · ${translate(actor.locale, 'project.tab')}`,
      enterprise,
      items: page.items.map((p) => ({ ...p, isLead: p.leadEnterpriseId === id })),
    });
  }

  private refusedBack(req: Request, res: Response, actor: Actor, to: string, errors: FieldErrors, extra: { message?: string; stale?: { text: string }; error?: DomainError }) {
    const parts = [extra.stale?.text, extra.message, ...Object.values(errors)].filter((x): x is string => !!x);
    const fallback = extra.error ? refusalMessage(extra.error, actor.locale) : undefined;
    flash(req, 'warning', parts.join(actor.locale === 'en' ? '; ' : '；') || fallback || translate(actor.locale, 'error.400'));
    return res.redirect(303, to);
  }

  private async detailView(actor: Actor, id: number, reportForm?: FormState) {
    const p = await this.projects.get(actor, id);
    // Milestone documents live on the lead's file; a participant does not see that file.
    const docs: DocumentView[] = await this.documents.list(actor, p.leadEnterpriseId, { ownerKind: 'project_milestone' }).catch(() => []);
    const today = businessToday();
    const milestones = p.milestones.map((m) => ({ ...m, documents: docs.filter((d) => d.ownerId === m.id), canAccept: m.allowedActions.includes('accept') && p.status === 'active' }));
    return {
      title: p.name,
      project: p,
      milestones,
      timeline: timelineModel(p, p.milestones, today),
      district: p.districtCode ? (await this.reference.districts()).find((d) => d.code === p.districtCode) ?? null : null,
      reportForm: reportForm ?? { values: { month: today.slice(0, 7) }, errors: {} },
      canUpload: p.canSubmitReport || projectCan(actor, 'create'),
      actions: p.allowedActions,
      today,
    };
  }
}
