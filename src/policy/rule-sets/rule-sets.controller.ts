import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { policyCan } from '../policy-module.policy.js';
import { ruleSetMachine } from './rule-set-machine.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../../common/flash.js';
import type { Actor } from '../../auth/actor.js';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { InvalidInputError, NotFoundError } from '../../common/errors.js';
import { FormRejected, runForm, type FieldErrors } from '../../common/form.js';
import { translate } from '../../i18n/i18n.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { BATCH_EVALUATION, BatchEvaluationService, IMPACT_PREVIEW, type ImpactSummary } from '../batch-evaluation.service.js';
import { PROGRAM_LABELS } from '../engine/labels.js';
import type { ParamProgram } from '../engine/params.js';
import { formPath, paramsFromForm } from './param-form.js';
import { automaticFromForm, jsonParamsFromForm, ruleSetPage, translateAll } from './rule-set.view.js';
import type { RuleSetRecord } from './rule-set.entity.js';
import { RuleSetsService } from './rule-sets.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Rule set') });
@ApiExcludeController()
@Controller('admin')
@Roles('admin', 'manager')
export class RuleSetsController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly batch: BatchEvaluationService,
    private readonly jobs: JobsService,
  ) {}

  @Get('rule-sets')
  @Render('admin/rule-sets')
  async list(@CurrentActor() actor: Actor) {
    const rows = await this.ruleSets.list();
    const programs = [...new Set(rows.map((r) => r.program))].map((program) => ({
      program,
      label: PROGRAM_LABELS[program as keyof typeof PROGRAM_LABELS]?.[actor.locale] ?? program,
      rows: rows.filter((r) => r.program === program).map((r) => ({ id: r.id, version: r.version, status: r.status, effectiveFrom: r.effectiveFrom, note: r.note, publishedAt: r.publishedAt, provisionalCount: r.provisional.length })),
    }));
    const recent = await this.jobs.recent([BATCH_EVALUATION, IMPACT_PREVIEW], 8);
    return {
      title: translate(actor.locale, 'ruleSet.title'),
      programs,
      isAdmin: policyCan(actor, 'editRuleSets'),
      jobs: recent.map((j) => ({ id: j.id, kind: j.kind, status: j.status, done: j.progressDone, total: j.progressTotal, createdAt: j.createdAt })),
    };
  }

  private async detail(actor: Actor, record: RuleSetRecord, extra: Record<string, unknown> = {}, submitted?: Record<string, unknown>) {
    const canEdit = ruleSetMachine.decide(record.status, 'edit', actor.role, undefined).allowed;
    return ruleSetPage(actor, record, { canEdit, isAdmin: policyCan(actor, 'editRuleSets') }, extra, submitted);
  }

  @Get('rule-sets/:id')
  @Render('admin/rule-set')
  async show(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    return this.detail(actor, await this.ruleSets.get(id));
  }

  @Post('rule-sets/:id/draft')
  @Roles('admin')
  async draft(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const draft = await this.ruleSets.createDraft(actor, id);
    flash(req, 'success', translate(actor.locale, 'ruleSet.draftCreated', { version: draft.version }));
    res.redirect(303, `/admin/rule-sets/${draft.id}`);
  }

  @Post('rule-sets/:id')
  @Roles('admin')
  async update(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const record = await this.ruleSets.get(id);
    if (body.formMode === 'fields') return this.updateFromFields(actor, record, body, req, res);
    const { params, errors: jsonErrors } = jsonParamsFromForm(record.params, body);
    const rerender = async (status: number, errors: FieldErrors, extra: Record<string, unknown> = {}) =>
      res.status(status).render('admin/rule-set', await this.detail(actor, record, { errors: translateAll(actor, errors), ...extra }, body));
    if (Object.keys(jsonErrors).length) return rerender(422, Object.fromEntries(Object.keys(jsonErrors).map((k) => [k, 'ruleSet.badJson'])));
    return runForm(req, res, actor.locale, {
      input: {},
      run: async () => {
        const result = await this.ruleSets.updateDraft(actor, id, {
          version: String(body.version ?? record.version).trim(),
          effectiveFrom: String(body.effectiveFrom ?? record.effectiveFrom).trim(),
          note: typeof body.note === 'string' ? body.note.trim().slice(0, 255) || null : record.note,
          provisional: typeof body.provisional === 'string' ? body.provisional.split(/[,，\s]+/).filter(Boolean) : record.provisional,
          params,
          automatic: automaticFromForm(body, record.automatic),
          rowVersion: Number(body.rowVersion),
        });
        // The service answers with catalogue keys per field; rerender translates them.
        if (!result.ok) throw new FormRejected(result.errors);
      },
      done: () => ({ redirect: `/admin/rule-sets/${id}`, flash: translate(actor.locale, 'ruleSet.saved') }),
      rerender: (status, errors, { message, stale }) => rerender(status, errors, { message, stale: stale?.text }),
    });
  }

  /**
   * The labelled form: every parameter read back in engine units (param-form.ts), then the same
   * service call as the JSON view. Unit problems (not a number, a percentage over 100) are the
   * form's own messages; the engine's checks come back by path and are placed on the form's rows.
   */
  private async updateFromFields(actor: Actor, record: RuleSetRecord, body: Record<string, unknown>, req: Request, res: Response) {
    const parsed = paramsFromForm(record.program as ParamProgram, body);
    return runForm(req, res, actor.locale, {
      input: {},
      run: async () => {
        if (Object.keys(parsed.errors).length) throw new FormRejected(parsed.errors);
        const result = await this.ruleSets.updateDraft(actor, record.id, {
          version: String(body.version ?? record.version).trim(),
          effectiveFrom: String(body.effectiveFrom ?? record.effectiveFrom).trim(),
          note: typeof body.note === 'string' ? body.note.trim().slice(0, 255) || null : record.note,
          provisional: parsed.provisional,
          params: parsed.params,
          automatic: automaticFromForm(body, record.automatic),
          rowVersion: Number(body.rowVersion),
        });
        if (!result.ok) throw new FormRejected(Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k.startsWith('params.') ? `params.${formPath(k.slice(7), parsed.rowMaps)}` : k, v])));
      },
      done: () => ({ redirect: `/admin/rule-sets/${record.id}`, flash: translate(actor.locale, 'ruleSet.saved') }),
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('admin/rule-set', await this.detail(actor, record, { errors: translateAll(actor, errors), message, stale: stale?.text }, body)),
    });
  }

  @Post('rule-sets/:id/publish')
  @Roles('admin')
  async publish(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.ruleSets.publish(actor, id, Number(body.rowVersion)),
      done: (published) => ({ redirect: `/admin/rule-sets/${id}`, flash: translate(actor.locale, 'ruleSet.published', { version: published.version }) }),
      // Parameter problems come worded in the admin's language by the checker, each with its path.
      rerender: (_status, _errors, { message, stale, error }) => {
        const details = error instanceof InvalidInputError ? error.details.map((d) => `${d.field}: ${d.message}`).join('; ') : '';
        flash(req, 'danger', stale?.text ?? ([message, details].filter(Boolean).join(' ') || translate(actor.locale, 'error.400')));
        return res.redirect(303, `/admin/rule-sets/${id}`);
      },
    });
  }

  @Post('rule-sets/:id/delete')
  @Roles('admin')
  async remove(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Req() req: Request, @Res() res: Response) {
    await this.ruleSets.deleteDraft(actor, id);
    flash(req, 'success', translate(actor.locale, 'ruleSet.deleted'));
    res.redirect(303, '/admin/rule-sets');
  }

  @Post('rule-sets/:id/impact')
  async impact(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Res() res: Response) {
    const job = await this.batch.startImpact(actor, id);
    res.redirect(303, `/admin/jobs/${job.id}`);
  }

  @Post('evaluations/batch')
  async startBatch(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.batch.startBatch(actor),
      done: (job) => ({ redirect: `/admin/jobs/${job.id}` }),
      // The one refusal here is a batch already running.
      rerender: () => {
        flash(req, 'warning', translate(actor.locale, 'job.alreadyRunning'));
        return res.redirect(303, '/admin/rule-sets');
      },
    });
  }

  @Get('jobs/:id')
  @Render('admin/job')
  async job(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Job') })) id: number) {
    const job = await this.jobs.get(id);
    const impact = job.kind === IMPACT_PREVIEW && job.summary ? (job.summary as unknown as ImpactSummary) : null;
    const transitions = impact ? [...new Set(Object.values(impact.byDistrict).flatMap((d) => Object.keys(d)))].sort() : [];
    return {
      title: translate(actor.locale, `job.kind.${job.kind}`),
      job: { id: job.id, kind: job.kind, status: job.status, done: job.progressDone, total: job.progressTotal, error: job.error, startedAt: job.startedAt, finishedAt: job.finishedAt, percent: job.progressTotal ? Math.floor((100 * job.progressDone) / job.progressTotal) : 0 },
      active: job.status === 'queued' || job.status === 'running',
      refreshSeconds: job.status === 'queued' || job.status === 'running' ? 2 : null,
      summary: job.kind === BATCH_EVALUATION ? job.summary : null,
      impact: impact && {
        ...impact,
        transitions,
        districts: Object.entries(impact.byDistrict).map(([code, counts]) => ({ code, cells: transitions.map((t) => counts[t] ?? 0) })),
        ruleSetId: job.params.ruleSetId,
      },
    };
  }
}
