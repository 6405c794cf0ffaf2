import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { TARGET_LABELS } from './target-labels.js';
import { translate } from '../i18n/i18n.js';
import { PlanPeriodsService } from '../plan-periods/plan-periods.service.js';
import { ReferenceService } from '../reference/reference.service.js';
import { DashboardService } from './dashboard.service.js';
import { ForecastService } from './forecast.service.js';
import { sendWorkbook } from './http.js';
import { ReportExportQueryDto, ReportPageQueryDto, TargetUpsertDto } from './reports.dto.js';
import { isPercentMetric, PLAN_METRICS } from './target.entity.js';
import { TargetsService } from './targets.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Target') });

/** The dashboard page, its print view and XLSX export, the forecast button, and the admin's target editor. */
@ApiExcludeController()
@Controller('reports')
@Roles('admin', 'manager', 'officer')
export class ReportsController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly forecasts: ForecastService,
    private readonly targets: TargetsService,
    private readonly reference: ReferenceService,
    private readonly periods: PlanPeriodsService,
  ) {}

  @Get()
  @Render('reports/dashboard')
  page(@CurrentActor() actor: Actor, @Query() q: ReportPageQueryDto) {
    return this.dashboard.page(actor, q, { print: false });
  }

  @Get('print')
  @Render('reports/dashboard')
  print(@CurrentActor() actor: Actor, @Query() q: ReportPageQueryDto) {
    return this.dashboard.page(actor, q, { print: true });
  }

  @Get('export.xlsx')
  async export(@CurrentActor() actor: Actor, @Query() q: ReportExportQueryDto, @Res() res: Response) {
    sendWorkbook(res, await this.dashboard.auditedWorkbook(actor, q));
  }

  @Post('forecast')
  @Roles('admin', 'manager')
  async startForecast(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.forecasts.start(actor),
      done: (job) => ({ redirect: '/reports#forecast', flash: translate(actor.locale, 'reports.forecast.started', { id: job.id }) }),
      // The one refusal here is a forecast already running.
      rerender: () => {
        flash(req, 'warning', translate(actor.locale, 'reports.forecast.alreadyRunning'));
        return res.redirect(303, '/reports#forecast');
      },
    });
  }

  @Get('targets')
  @Roles('admin')
  @Render('reports/targets')
  async targetList(@CurrentActor() actor: Actor) {
    return this.targetsView(actor, { metric: 'hnte', year: '', districtCode: '', value: '', note: '', source: '' }, {});
  }

  @Get('targets/:id/edit')
  @Roles('admin')
  @Render('reports/targets')
  async editTarget(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const target = await this.targets.get(actor, id);
    return this.targetsView(actor, { ...target, districtCode: target.districtCode ?? '', note: target.note ?? '', source: target.source ?? '' }, {}, true);
  }

  @Post('targets')
  @Roles('admin')
  async saveTarget(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      dto: TargetUpsertDto,
      input: body,
      labels: TARGET_LABELS,
      run: (value) => this.targets.upsert(actor, value),
      done: ({ target, created }) => ({
        redirect: '/reports/targets',
        flash: translate(actor.locale, created ? 'reports.targets.created' : 'reports.targets.updated', { metric: translate(actor.locale, `reports.metric.${target.metric}`), year: target.year }),
      }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('reports/targets', { ...(await this.targetsView(actor, body, errors, body.version !== undefined && body.version !== '')), message, stale: stale?.text }),
    });
  }

  /** Targets pasted from a spreadsheet: all rows or none; row messages on the page when something is wrong. */
  @Post('targets/import')
  @Roles('admin')
  async importTargets(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const pasted = typeof body.pasted === 'string' ? body.pasted : '';
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.targets.importPasted(actor, pasted, body.replace === 'on' || body.replace === 'true'),
      done: ({ created, replaced }) => ({ redirect: '/reports/targets', flash: translate(actor.locale, 'reports.import.done', { created, replaced }) }),
      // Row messages (the service words them in the actor's language) listed above the pasted table.
      rerender: async (status, _errors, { stale, error }) => {
        const importErrors = stale ? [stale.text] : (error?.details ?? []).map((d) => d.message);
        const view = await this.targetsView(actor, { metric: 'hnte', year: '', districtCode: '', value: '', note: '', source: '' }, {});
        return res.status(status).render('reports/targets', { ...view, pasted, replace: body.replace === 'on', importErrors: importErrors.slice(0, 50), importMore: Math.max(0, importErrors.length - 50) });
      },
    });
  }

  @Post('targets/:id/delete')
  @Roles('admin')
  async deleteTarget(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    await this.targets.remove(actor, id);
    flash(req, 'success', translate(actor.locale, 'reports.targets.deleted'));
    res.redirect(303, '/reports/targets');
  }

  private async targetsView(actor: Actor, values: Record<string, unknown>, errors: FieldErrors, editing = false) {
    const districts = await this.reference.districts();
    const name = (code: string | null) => {
      if (!code) return translate(actor.locale, 'reports.targets.cityWide');
      const d = districts.find((x) => x.code === code);
      return d ? (actor.locale === 'en' ? d.nameEn : d.nameZh) : code;
    };
    const periodName = new Map((await this.periods.periods()).map((p) => [p.code, actor.locale === 'en' ? p.nameEn : p.nameZh]));
    const items = (await this.targets.list(actor)).map((t) => ({
      ...t, area: name(t.districtCode), metricLabel: translate(actor.locale, `reports.metric.${t.metric}`),
      shown: isPercentMetric(t.metric) ? `${t.value.toFixed(2)}%` : t.value.toLocaleString('en-US'), planPeriodName: t.planPeriod ? (periodName.get(t.planPeriod) ?? t.planPeriod) : '',
    }));
    return { title: translate(actor.locale, 'reports.targets.editTitle'), items, values, errors, editing, metrics: PLAN_METRICS, districts };
  }
}
