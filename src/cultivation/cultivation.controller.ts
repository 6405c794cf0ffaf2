import { Body, Controller, Get, Logger, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { runForm } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { CandidateExportService } from './candidate-export.service.js';
import { streamCandidates } from './cultivation.api.controller.js';
import { CandidateQueryDto, CultivationPageQueryDto, PlanDto, RenewalQueryDto, ServiceLogDto, TargetDto, PoolTransitionDto } from './cultivation.dto.js';
import { CultivationPagesService } from './cultivation-pages.service.js';
import { cultivationIndexPage, memberPage, renewalsPage, targetsPage } from './cultivation.view.js';
import { PoolService } from './pool.service.js';
import { HT_CODES } from './ranking.js';
import { ScreeningService } from './screening.service.js';
import { PoolTargetsService } from './pool-targets.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Membership') });

/** Checkbox groups arrive as a string or a list. */
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
const int = (v: unknown): number | undefined => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : typeof v === 'number' ? v : undefined);

/** Labels of the service-log form (the view shows them under these keys). */
const SERVICE_LABELS = { kind: 'cultivation.service.kind', deliveredOn: 'cultivation.service.deliveredOn', note: 'cultivation.service.note' };

/** An action button's refusal as a flash on the page it came from (catalogue sentences only). */
function refusedBack(req: Request, res: Response, to: string, texts: (string | undefined)[], actor: Actor) {
  const text = texts.filter((x): x is string => !!x).join(actor.locale === 'en' ? '; ' : '；') || translate(actor.locale, 'error.400');
  flash(req, 'danger', text);
  return res.redirect(303, to);
}

@ApiExcludeController()
@Controller('cultivation')
export class CultivationController {
  private readonly logger = new Logger(CultivationController.name);

  constructor(
    private readonly screening: ScreeningService,
    private readonly pool: PoolService,
    private readonly targets: PoolTargetsService,
    private readonly exporter: CandidateExportService,
    private readonly pages: CultivationPagesService,
  ) {}

  /** Screening (the last run, its candidates, re-screen), the target figures and this year's pool. */
  @Get()
  @Roles('admin', 'manager', 'officer')
  @Render('cultivation/index')
  async index(@CurrentActor() actor: Actor, @Query() query: CultivationPageQueryDto) {
    return cultivationIndexPage(actor, await this.pages.index(actor, query));
  }

  @Get('candidates.csv')
  @Roles('admin', 'manager', 'officer')
  csv(@CurrentActor() actor: Actor, @Query() query: CandidateQueryDto, @Res() res: Response) {
    return streamCandidates(this.exporter, this.logger, actor, query, 'csv', res);
  }

  @Get('candidates.xlsx')
  @Roles('admin', 'manager', 'officer')
  xlsx(@CurrentActor() actor: Actor, @Query() query: CandidateQueryDto, @Res() res: Response) {
    return streamCandidates(this.exporter, this.logger, actor, query, 'xlsx', res);
  }

  @Post('screenings')
  @Roles('admin', 'manager', 'officer')
  async rescreen(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.screening.start(actor),
      done: () => ({ redirect: '/cultivation', flash: translate(actor.locale, 'cultivation.screening.started') }),
      // The one refusal here is a screening already running.
      rerender: () => {
        flash(req, 'warning', translate(actor.locale, 'cultivation.screening.alreadyRunning'));
        return res.redirect(303, '/cultivation');
      },
    });
  }

  /** Proposes the ticked candidates (PRG; problems come back as a flash). */
  @Post('pool')
  @Roles('admin', 'manager', 'officer')
  async propose(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const ids = list(body.enterpriseIds).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (!ids.length) {
      flash(req, 'warning', translate(actor.locale, 'cultivation.propose.none'));
      return res.redirect(303, '/cultivation');
    }
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.pool.propose(actor, { year: int(body.year) ?? Number(todayIso().slice(0, 4)), enterpriseIds: ids, note: typeof body.note === 'string' ? body.note : undefined }),
      done: (created) => ({ redirect: '/cultivation#pool', flash: translate(actor.locale, 'cultivation.propose.done', { count: created.length }) }),
      rerender: (_status, errors, { message }) => refusedBack(req, res, '/cultivation#pool', [message, ...Object.values(errors)], actor),
    });
  }

  /** Admits the ticked proposals (values "id:version"), all or nothing. */
  @Post('pool/admissions')
  @Roles('admin', 'manager')
  async admit(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const items = list(body.members).map((v) => v.split(':').map(Number)).filter(([id, version]) => Number.isSafeInteger(id) && Number.isSafeInteger(version)).map(([id, version]) => ({ id: id!, version: version! }));
    if (!items.length) {
      flash(req, 'warning', translate(actor.locale, 'cultivation.admit.none'));
      return res.redirect(303, '/cultivation#pool');
    }
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.pool.admitMany(actor, items, typeof body.comment === 'string' ? body.comment : undefined),
      done: (done) => ({ redirect: '/cultivation#pool', flash: translate(actor.locale, 'cultivation.admit.done', { count: done.admitted.length }) }),
      rerender: (_status, errors, { message, stale }) =>
        refusedBack(req, res, '/cultivation#pool', stale ? [translate(actor.locale, 'cultivation.stale')] : [message, ...Object.values(errors)], actor),
    });
  }

  private async memberView(actor: Actor, id: number, extra: Record<string, unknown> = {}) {
    const { member, officers, today } = await this.pages.member(actor, id);
    return memberPage(actor, member, officers, today, extra);
  }

  /** An enterprise user's way in: its latest membership's plan, or back to its file when it is not in the pool. */
  @Get('my-plan')
  @Roles('enterprise')
  async myPlan(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const id = await this.pool.latestOf(actor);
    if (id) return res.redirect(302, `/cultivation/members/${id}`);
    flash(req, 'info', translate(actor.locale, 'cultivation.member.notInPool'));
    res.redirect(302, '/my-enterprise');
  }

  @Get('members/:id')
  @Roles('admin', 'manager', 'officer', 'enterprise')
  @Render('cultivation/member')
  member(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return this.memberView(actor, id);
  }

  @Post('members/:id/transitions')
  @Roles('admin', 'manager', 'officer')
  async transition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: PoolTransitionDto,
      input: { action: body.action, version: int(body.version), comment: body.comment },
      run: (value) => this.pool.transition(actor, id, value),
      done: (result) => ({
        redirect: result.rolledTo ? `/cultivation/members/${result.rolledTo}` : `/cultivation/members/${id}`,
        flash: translate(actor.locale, 'cultivation.transition.done', { status: translate(actor.locale, `cultivation.status.${result.status}`) }),
      }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('cultivation/member', await this.memberView(actor, id, { errors, values: body, message: stale ? translate(actor.locale, 'cultivation.stale') : message })),
    });
  }

  /** The plan form: per criterion a tick, a target date and a note; services; the officer. */
  @Post('members/:id/plan')
  @Roles('admin', 'manager', 'officer')
  async plan(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const items = HT_CODES.filter((c) => body[`include_${c}`] === 'on' || body[`include_${c}`] === 'true')
      .map((code) => ({ code, targetDate: String(body[`target_${code}`] ?? ''), note: typeof body[`note_${code}`] === 'string' && body[`note_${code}`] !== '' ? String(body[`note_${code}`]) : null }));
    const plain = { version: int(body.version), assignedOfficerId: body.assignedOfficerId === '' || body.assignedOfficerId === undefined ? null : int(body.assignedOfficerId), services: list(body.services), items };
    return runForm(req, res, actor.locale, {
      dto: PlanDto,
      input: plain,
      run: (value) => this.pool.updatePlan(actor, id, value),
      done: () => ({ redirect: `/cultivation/members/${id}`, flash: translate(actor.locale, 'cultivation.plan.saved') }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('cultivation/member', await this.memberView(actor, id, { errors, values: body, message: stale ? translate(actor.locale, 'cultivation.stale') : message, planOpen: true })),
    });
  }

  @Post('members/:id/services')
  @Roles('admin', 'officer')
  async service(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: ServiceLogDto,
      input: { kind: body.kind, deliveredOn: body.deliveredOn, note: body.note },
      labels: SERVICE_LABELS,
      run: (value) => this.pool.logService(actor, id, value),
      done: () => ({ redirect: `/cultivation/members/${id}#services`, flash: translate(actor.locale, 'cultivation.service.logged') }),
      rerender: async (status, errors, { message }) => res.status(status).render('cultivation/member', await this.memberView(actor, id, { errors, values: body, message })),
    });
  }

  @Post('members/:id/application')
  @Roles('admin', 'manager', 'officer')
  async link(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const applicationId = int(body.applicationId);
    const version = int(body.version);
    if (!applicationId || !version) {
      return res.status(422).render('cultivation/member', await this.memberView(actor, id, { errors: { applicationId: translate(actor.locale, 'cultivation.link.required') }, values: body }));
    }
    return runForm(req, res, actor.locale, {
      input: {},
      labels: { applicationId: 'cultivation.link.applicationId' },
      run: () => this.pool.linkApplication(actor, id, applicationId, version),
      done: () => ({ redirect: `/cultivation/members/${id}`, flash: translate(actor.locale, 'cultivation.link.done') }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('cultivation/member', await this.memberView(actor, id, { errors, values: body, message: stale ? translate(actor.locale, 'cultivation.stale') : message })),
    });
  }

  /** Keeping the stock: HNTE certificates expiring within the year, with today's evaluation. */
  @Get('renewals')
  @Roles('admin', 'manager', 'officer')
  @Render('cultivation/renewals')
  async renewalPage(@CurrentActor() actor: Actor, @Query() query: RenewalQueryDto) {
    const { result, districts } = await this.pages.renewalList(actor, query);
    return renewalsPage(actor, result, districts, query.districtCode);
  }

  private async targetsView(actor: Actor, year: number, extra: Record<string, unknown> = {}) {
    const { targets, districts, stock } = await this.pages.targetsOf(year);
    return targetsPage(actor, year, targets, districts, stock, extra);
  }

  @Get('targets')
  @Roles('admin', 'manager')
  @Render('cultivation/targets')
  targetsPage(@CurrentActor() actor: Actor, @Query('year') year?: string) {
    const y = int(year);
    return this.targetsView(actor, y && y >= 2000 && y <= 2100 ? y : Number(todayIso().slice(0, 4)));
  }

  @Post('targets')
  @Roles('admin', 'manager')
  async setTarget(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = int(body.year) ?? Number(todayIso().slice(0, 4));
    return runForm(req, res, actor.locale, {
      dto: TargetDto,
      input: {
        year, area: body.area, newCertifications: int(body.newCertifications) ?? body.newCertifications,
        assumedRatePct: body.assumedRatePct === '' || body.assumedRatePct === undefined ? null : (int(body.assumedRatePct) ?? body.assumedRatePct),
        version: int(body.version),
      },
      run: (value) => this.targets.setTarget(actor, value),
      done: () => ({ redirect: `/cultivation/targets?year=${year}`, flash: translate(actor.locale, 'cultivation.targets.saved') }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('cultivation/targets', await this.targetsView(actor, year, { errors, message: stale ? translate(actor.locale, 'cultivation.stale') : message, failedArea: body.area })),
    });
  }
}
