import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, type FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { SETTING_DEFINITIONS } from './setting-definitions.js';
import { SETTING_LABELS, SettingsService, type SettingInput } from './settings.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Setting') });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const intOrUndefined = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** /admin/reference/settings: every dated setting with its history, and the form to add or change one. */
@ApiExcludeController()
@Controller('admin/reference/settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  private async page(actor: Actor, values: Record<string, unknown>, errors: FieldErrors, editing = false, message?: string) {
    const t = (key: string) => translate(actor.locale, key);
    const items = (await this.settings.list(actor)).map((s) => ({
      key: s.definition.key,
      label: t(`settings.key.${s.definition.key}`),
      help: t(`settings.help.${s.definition.key}`),
      unit: t(`settings.unit.${s.definition.unit}`),
      current: s.current,
      records: s.records,
    }));
    return { title: t('settings.title'), items, keys: SETTING_DEFINITIONS.map((d) => ({ key: d.key, label: t(`settings.key.${d.key}`) })), values, errors, editing, message };
  }

  @Get()
  @Render('admin/reference/settings')
  list(@CurrentActor() actor: Actor) {
    return this.page(actor, { key: SETTING_DEFINITIONS[0].key, effectiveFrom: '', value: '', source: '', note: '' }, {});
  }

  @Get(':id/edit')
  @Render('admin/reference/settings')
  async edit(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const r = await this.settings.get(actor, id);
    return this.page(actor, { ...r, source: r.source ?? '', note: r.note ?? '' }, {}, true);
  }

  @Post()
  async save(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const input: SettingInput = {
      key: str(body.key), effectiveFrom: str(body.effectiveFrom).trim(), value: str(body.value), source: str(body.source), note: str(body.note),
      id: intOrUndefined(body.id), version: intOrUndefined(body.version),
    };
    return runForm(req, res, actor.locale, {
      input: input as unknown as Record<string, unknown>,
      labels: SETTING_LABELS,
      run: () => this.settings.save(actor, input),
      done: ({ record, created }) => ({
        redirect: '/admin/reference/settings',
        flash: translate(actor.locale, created ? 'settings.created' : 'settings.updated', { label: translate(actor.locale, `settings.key.${record.key}`), date: record.effectiveFrom }),
      }),
      // A stale form keeps what was typed and carries the current version, so saving again overwrites knowingly.
      rerender: async (status, errors, { message, stale }) =>
        res.status(status).render('admin/reference/settings', await this.page(actor, stale ? { ...body, version: stale.version } : { ...body }, errors, input.id !== undefined, stale?.text ?? message)),
    });
  }
}
