import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { PLAN_METRICS } from '../reports/target.entity.js';
import { formatTargetValue } from '../reports/target-values.js';
import { PlanPeriodsService, type PlanPeriodInput, type PlanPeriodView } from './plan-periods.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Plan period') });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'string' && /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);
const intOrUndefined = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

/**
 * /admin/reference/plan-periods: the plan periods with their targets (a metric without any shows
 * "not yet entered"), and the form to add or change a period. Targets themselves are edited in the
 * targets editor (/reports/targets), which files each under the period of its year.
 */
@ApiExcludeController()
@Controller('admin/reference/plan-periods')
@Roles('admin')
export class PlanPeriodsController {
  constructor(
    private readonly periods: PlanPeriodsService,
    private readonly reference: ReferenceService,
  ) {}

  private async summary(actor: Actor, p: PlanPeriodView) {
    const t = (key: string, params: Record<string, unknown> = {}) => translate(actor.locale, key, params);
    const [targets, districts] = await Promise.all([this.periods.targetsOf(p.id), this.reference.districts()]);
    const districtName = new Map(districts.map((d) => [d.code, actor.locale === 'en' ? d.nameEn : d.nameZh]));
    const metrics = PLAN_METRICS.map((metric) => {
      const own = targets.filter((x) => x.metric === metric);
      return {
        metric, label: t(`reports.metric.${metric}`), entered: own.length > 0,
        rows: own.map((x) => ({
          id: x.id, year: x.year, value: formatTargetValue(metric, x.value), source: x.source, note: x.note,
          area: x.districtCode ? (districtName.get(x.districtCode) ?? x.districtCode) : t('reports.targets.cityWide'),
        })),
      };
    });
    return { ...p, name: actor.locale === 'en' ? p.nameEn : p.nameZh, metrics, entered: metrics.some((m) => m.entered) };
  }

  private async page(actor: Actor, values: Record<string, unknown>, errors: FieldErrors, editing: number | null, message?: string) {
    const items = await Promise.all((await this.periods.periods()).map((p) => this.summary(actor, p)));
    return { title: translate(actor.locale, 'planPeriods.title'), items, values, errors, editing: editing !== null, editingId: editing, message };
  }

  @Get()
  @Render('admin/reference/plan-periods')
  list(@CurrentActor() actor: Actor) {
    return this.page(actor, {}, {}, null);
  }

  @Get(':id/edit')
  @Render('admin/reference/plan-periods')
  async edit(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const p = await this.periods.get(actor, id);
    return this.page(actor, { ...p, document: p.document ?? '' }, {}, p.id);
  }

  @Post()
  async save(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const input: PlanPeriodInput = {
      code: str(body.code).trim(), nameZh: str(body.nameZh), nameEn: str(body.nameEn),
      baseYear: num(body.baseYear), firstYear: num(body.firstYear), lastYear: num(body.lastYear), document: str(body.document),
      id: intOrUndefined(body.id), version: intOrUndefined(body.version),
    };
    return runForm(req, res, actor.locale, {
      input: input as unknown as Record<string, unknown>,
      run: () => this.periods.save(actor, input),
      done: ({ period, created }) => ({
        redirect: '/admin/reference/plan-periods',
        flash: translate(actor.locale, created ? 'planPeriods.created' : 'planPeriods.updated', { name: actor.locale === 'en' ? period.nameEn : period.nameZh }),
      }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('admin/reference/plan-periods', await this.page(actor, stale ? { ...body, version: stale.version } : { ...body }, errors, input.id ?? null, stale?.text ?? message)),
    });
  }
}
