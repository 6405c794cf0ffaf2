import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { businessYear } from '../common/clock.js';
import { FACT_SOURCES } from '../enterprises/stored-facts.dto.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { KPI_FIGURE_FIELDS } from './kpi-figures.entity.js';
import { KPI_FORM_LABELS, KpiFiguresPutDto } from './kpi.dto.js';
import { kpiCan } from './kpi.policy.js';
import { kpiCardView } from './kpi-view.js';
import { KpisService } from './kpis.service.js';
import { ReferenceService } from '../reference/reference.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** The posted form → the API's shape: numbers as typed (thousands separators allowed), text kept when not a number so the DTO names the field. */
export function kpiFormToDto(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of KPI_FIGURE_FIELDS) {
    const v = body[k];
    if (typeof v === 'string' && v.trim() !== '') {
      const t = v.trim().replace(/[,，\s]/g, '');
      out[k] = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : v;
    }
  }
  for (const k of ['source', 'sourceAsOf'] as const) if (typeof body[k] === 'string' && body[k] !== '') out[k] = body[k];
  if (typeof body.version === 'string' && body.version) out.version = /^\d+$/.test(body.version) ? Number(body.version) : body.version;
  return out;
}

/**
 * The file's KPI page (/enterprises/:id/kpis): figures per year with their provenance, the
 * indicators, the grade with the percentile behind each part and the trend; and the form for a
 * year's figures (422 re-render with field messages in the user's language, PRG on success).
 */
@ApiExcludeController()
@Controller()
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly enterprises: EnterprisesService,
    private readonly reference: ReferenceService,
  ) {}

  @Get('enterprises/:id/kpis')
  async page(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const year = Number((req.query.year as string | undefined) ?? '') || businessYear() - 1;
    return res.render('kpis/page', await this.view(actor, id, year));
  }

  @Post('enterprises/:id/kpis')
  async save(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = Number(body.year);
    return runForm(req, res, actor.locale, {
      dto: KpiFiguresPutDto,
      input: kpiFormToDto(body),
      labels: KPI_FORM_LABELS,
      run: (dto) => this.kpis.put(actor, id, year, dto),
      done: () => ({ redirect: `/enterprises/${id}/kpis?year=${year}`, flash: translate(actor.locale, 'kpi.saved', { year }) }),
      rerender: async (status, errors, extra) =>
        res.status(status).render('kpis/page', await this.view(actor, id, Number.isInteger(year) ? year : businessYear() - 1, { values: body, errors, message: extra.stale?.text ?? extra.message })),
    });
  }

  /** District codes by name for the card's comparison section (issue 18.7). */
  private async districtNames(locale: Locale): Promise<(code: string) => string> {
    const names = new Map((await this.reference.districts()).map((d) => [d.code, locale === 'en' ? d.nameEn : d.nameZh]));
    return (code) => names.get(code) ?? code;
  }

  private async view(actor: Actor, id: number, year: number, form?: { values: Record<string, unknown>; errors: FieldErrors; message?: string }) {
    const e = await this.enterprises.get(actor, id);
    const { items } = await this.kpis.years(actor, id);
    const current = items.find((i) => i.year === year);
    const maxYear = businessYear();
    const values: Record<string, unknown> = form?.values ?? (current ? { ...current } : {});
    const locale: Locale = actor.locale;
    const fieldUnit: Record<string, string> = { landMu: 'kpi.unit.mu', taxesPaid: 'kpi.unit.yuan', totalProfit: 'kpi.unit.yuan', valueAdded: 'kpi.unit.yuan', energyTce: 'kpi.unit.tce' };
    return {
      title: `${translate(locale, 'kpi.title')} · ${e.name}`,
      enterprise: e,
      card: kpiCardView(locale, items, await this.districtNames(locale)),
      can: kpiCan(actor),
      year,
      years: Array.from({ length: 8 }, (_, i) => maxYear - i),
      fields: KPI_FIGURE_FIELDS.map((f) => ({
        name: f, label: `${translate(locale, `kpi.field.${f}`)}（${translate(locale, fieldUnit[f]!)}）`, value: values[f] ?? '', error: form?.errors[f], inputmode: 'decimal',
      })),
      version: form ? values.version : current?.version,
      sourceAsOf: values.sourceAsOf ?? '',
      sourceError: form?.errors.source ?? form?.errors.sourceAsOf,
      yearError: form?.errors.year,
      formMessage: form?.message ?? (form && Object.keys(form.errors).length ? translate(locale, 'common.formErrors') : undefined),
      staffSources: FACT_SOURCES.filter((s) => s !== 'enterprise'),
      source: values.source ?? '',
    };
  }
}
