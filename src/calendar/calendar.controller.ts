import { rm } from 'node:fs/promises';
import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { InvalidInputError, UnsupportedMediaTypeError } from '../common/errors.js';
import { FormRejected, runForm } from '../common/form.js';
import { requireFile } from '../documents/documents.api.controller.js';
import { sniffFile } from '../documents/file-sniffer.js';
import { UploadFormErrorFilter } from '../documents/upload-error.filter.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { readTable } from '../imports/import-file.js';
import { translate } from '../i18n/i18n.js';
import type { DayInput } from './calendar-rules.js';
import { DAY_KINDS } from './calendar-rules.js';
import { CalendarService } from './calendar.service.js';

const BASE = '/admin/reference/calendar';

const tr = (actor: Actor, errors: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => !!e[1]).map(([k, v]) => [k, translate(actor.locale, v)]));

const intOf = (v: unknown): number => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);

/** Parses the version a form sends back; a missing or malformed one is bad input, not a 500. */
function versionOf(body: Record<string, unknown>): number {
  const v = intOf(body.version);
  if (!Number.isInteger(v)) throw new InvalidInputError('version is required', [{ field: 'version', message: 'must be a whole number', key: 'constraint.integer' }]);
  return v;
}

/**
 * The admin pages of the working-day calendar (one year at a time: days added and removed one by
 * one or imported from a spreadsheet with a dry run, then marked complete) and of the stage
 * deadlines. Other reference-data pages sit beside these under /admin/reference/.
 */
@ApiExcludeController()
@Controller('admin/reference')
@Roles('admin')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar')
  @Render('admin/reference/calendar')
  async years(@CurrentActor() actor: Actor) {
    return this.yearsView(actor, {}, {});
  }

  private async yearsView(actor: Actor, values: Record<string, unknown>, errors: Record<string, string>) {
    const status = await this.calendar.status();
    return { title: translate(actor.locale, 'calendar.title'), years: await this.calendar.years(), status, values, errors };
  }

  @Post('calendar')
  async createYear(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = intOf(body.year);
    const source = typeof body.source === 'string' && body.source.trim() ? body.source.trim() : null;
    return runForm(req, res, actor.locale, {
      input: body,
      labels: 'calendar',
      run: () => this.calendar.createYear(actor, year, source),
      done: () => ({ redirect: `${BASE}/${year}`, flash: translate(actor.locale, 'calendar.created', { year }) }),
      rerender: async (_status, errors, { message }) => res.status(422).render('admin/reference/calendar', { ...(await this.yearsView(actor, body, errors)), message }),
    });
  }

  private async yearView(actor: Actor, year: number, extra: Record<string, unknown> = {}) {
    const { year: y, days } = await this.calendar.year(year);
    return { title: `${translate(actor.locale, 'calendar.title')} · ${year}`, year: y, days, kinds: DAY_KINDS, values: {}, errors: {}, ...extra };
  }

  @Get('calendar/:year')
  @Render('admin/reference/calendar-year')
  async year(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number) {
    return this.yearView(actor, year);
  }

  @Post('calendar/:year/days')
  async addDay(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: body,
      labels: 'calendar',
      run: async () => {
        const result = await this.calendar.addDay(actor, year, versionOf(body), { date: body.date, kind: body.kind, name: body.name });
        if (!result.ok) throw new FormRejected(tr(actor, result.errors));
      },
      done: () => ({ redirect: `${BASE}/${year}`, flash: translate(actor.locale, 'calendar.dayAdded', { date: String(body.date) }) }),
      rerender: this.yearRerender(actor, year, res, body),
    });
  }

  /** The year page again with what was typed: field messages, or the stale notice when someone saved first. */
  private yearRerender(actor: Actor, year: number, res: Response, values: Record<string, unknown> = {}) {
    return async (status: number, errors: Record<string, string>, { message, stale }: { message?: string; stale?: { text: string } }) =>
      res.status(status).render('admin/reference/calendar-year', await this.yearView(actor, year, { values, errors, message, stale: stale?.text }));
  }

  @Post('calendar/:year/days/:id/delete')
  async removeDay(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.calendar.removeDay(actor, year, versionOf(body), id),
      done: () => ({ redirect: `${BASE}/${year}`, flash: translate(actor.locale, 'calendar.dayRemoved', { date: typeof body.date === 'string' ? body.date.slice(0, 10) : '' }) }),
      rerender: this.yearRerender(actor, year, res),
    });
  }

  @Post('calendar/:year/publish')
  async publish(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const published = body.published === 'true';
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.calendar.setPublished(actor, year, versionOf(body), published),
      done: () => ({ redirect: `${BASE}/${year}`, flash: translate(actor.locale, published ? 'calendar.published' : 'calendar.unpublished', { year }) }),
      rerender: this.yearRerender(actor, year, res),
    });
  }

  /** Dry run: the file is read and planned against the year; nothing is written. */
  @Post('calendar/:year/import')
  @UseFilters(new UploadFormErrorFilter((req) => `${BASE}/${String(req.params.year ?? '').replace(/\D/g, '')}`))
  @UseInterceptors(FileInterceptor('file'))
  async importDryRun(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const upload = requireFile(file);
    try {
      const { year: y } = await this.calendar.year(year);
      const sniffed = await sniffFile(upload.path);
      if (!sniffed || (sniffed.kind !== 'csv' && sniffed.kind !== 'xlsx')) {
        throw new UnsupportedMediaTypeError('Imports accept CSV or XLSX files (decided by the content, not the name)', [], 'import.unsupported');
      }
      const table = await readTable(upload.path, sniffed.kind);
      const plan = await this.calendar.planImport(year, table.headers, table.rows);
      const rows = plan.rows.map((r) => ({ ...r, errors: tr(actor, r.errors as Record<string, string>) }));
      const commit: DayInput[] = plan.rows.filter((r) => r.action && r.action !== 'unchanged').map((r) => ({ date: r.date, kind: r.kind as DayInput['kind'], name: r.name }));
      res.status(plan.valid ? 200 : 422).render('admin/reference/calendar-import', {
        title: translate(actor.locale, 'calendar.import.title', { year }), year: y, plan, rows,
        missing: plan.missing.length ? plan.missing.join(', ') : null, payload: JSON.stringify(commit), canCommit: plan.valid && commit.length > 0,
      });
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  /** Commits a dry run (its rows come back from the form and are validated again). */
  @Post('calendar/:year/import/commit')
  async importCommit(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    let rows: DayInput[];
    try {
      const parsed: unknown = JSON.parse(typeof body.rows === 'string' ? body.rows : '');
      if (!Array.isArray(parsed) || parsed.length > 400) throw new Error('shape');
      rows = parsed.map((r) => ({ date: String((r as DayInput)?.date ?? ''), kind: String((r as DayInput)?.kind ?? '') as DayInput['kind'], name: String((r as DayInput)?.name ?? '') }));
    } catch {
      throw new InvalidInputError('rows must be the list of the dry run', [{ field: 'rows', message: 'must be the list of the dry run' }]);
    }
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.calendar.commitImport(actor, year, versionOf(body), rows),
      done: (plan) => ({ redirect: `${BASE}/${year}`, flash: translate(actor.locale, 'calendar.import.done', plan.counts) }),
      rerender: this.yearRerender(actor, year, res),
    });
  }

  // ---- stage deadlines ----------------------------------------------------------------------------

  @Get('stage-deadlines')
  @Render('admin/reference/stage-deadlines')
  async stages(@CurrentActor() actor: Actor) {
    return { title: translate(actor.locale, 'calendar.stages.title'), stages: await this.calendar.stageDeadlines(), errors: {} };
  }

  @Post('stage-deadlines')
  async saveStages(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const current = await this.calendar.stageDeadlines();
    const values: Record<string, { workingDays: number; version: number }> = {};
    for (const s of current) {
      if (body[`days.${s.status}`] === undefined) continue;
      values[s.status] = { workingDays: intOf(body[`days.${s.status}`]), version: intOf(body[`version.${s.status}`]) };
    }
    const rerender = (status: number, errors: Record<string, string>, extra: Record<string, unknown> = {}) =>
      res.status(status).render('admin/reference/stage-deadlines', {
        title: translate(actor.locale, 'calendar.stages.title'),
        stages: current.map((s) => ({ ...s, typed: body[`days.${s.status}`] })), errors, ...extra,
      });
    return runForm(req, res, actor.locale, {
      input: body,
      run: async () => {
        const result = await this.calendar.updateStageDeadlines(actor, values);
        if (!result.ok) throw new FormRejected(tr(actor, result.errors));
        return result;
      },
      done: (result) => ({ redirect: `${BASE.replace('/calendar', '')}/stage-deadlines`, flash: translate(actor.locale, 'calendar.stages.saved', { count: result.changed }) }),
      rerender: (status, errors, { message, stale }) => rerender(status, errors, { message, stale: stale?.text }),
    });
  }
}
