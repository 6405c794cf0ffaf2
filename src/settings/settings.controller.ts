import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { DomainError, NotFoundError, StaleVersionError } from '../common/errors.js';
import type { FieldErrors } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { SETTING_DEFINITIONS } from './setting-definitions.js';
import { SettingsService, type SettingInput } from './settings.service.js';

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
    try {
      const { record, created } = await this.settings.save(actor, input);
      flash(req, 'success', translate(actor.locale, created ? 'settings.created' : 'settings.updated', { label: translate(actor.locale, `settings.key.${record.key}`), date: record.effectiveFrom }));
      res.redirect(303, '/admin/reference/settings');
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      const stale = err instanceof StaleVersionError;
      const errors: FieldErrors = stale ? {} : Object.fromEntries(err.details.map((d) => [d.field, d.message]));
      // A stale form keeps what was typed and carries the current version, so saving again overwrites knowingly.
      const values = stale ? { ...body, version: err.currentVersion } : { ...body };
      const message = stale ? translate(actor.locale, 'common.staleVersion', { version: err.currentVersion }) : undefined;
      res.status(stale ? 409 : 422).render('admin/reference/settings', await this.page(actor, values, errors, input.id !== undefined, message));
    }
  }
}
