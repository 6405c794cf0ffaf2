import { Body, Controller, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { runForm, validateForm } from '../common/form.js';
import { translate } from '../i18n/i18n.js';
import { RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import { FactCheckPostDto, RdLedgerPutDto } from './stored-facts.dto.js';
import { StoredFactsService } from './stored-facts.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });
const MAX_PROJECT_ROWS = 3;

/** The posted ledger form → the API's shape (money in 元 as typed, thousands separators allowed). */
export function ledgerFormToDto(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of RD_EXPENSE_MONEY_FIELDS) {
    const v = body[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = /^-?[\d,]+(\.\d+)?$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v;
  }
  out.manufacturing = body.manufacturing === 'on';
  out.icOrMachineTool = body.icOrMachineTool === 'on';
  const projects = [];
  for (let i = 0; i < MAX_PROJECT_ROWS; i++) {
    const type = body[`projectType${i}`];
    const name = typeof body[`projectName${i}`] === 'string' ? String(body[`projectName${i}`]).trim() : '';
    if (type) projects.push({ ...(name ? { name } : {}), activityType: type });
  }
  out.projects = projects;
  if (typeof body.version === 'string' && body.version) out.version = Number(body.version);
  return out;
}

/** The file page's forms for stored facts: the R&D ledger and checks (PRG with a flash message). */
@ApiExcludeController()
@Controller()
export class StoredFactsController {
  constructor(private readonly facts: StoredFactsService) {}

  @Post('enterprises/:id/rd-ledger')
  @Roles('admin', 'officer', 'enterprise')
  async putLedger(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = Number(body.year);
    const form = await validateForm(RdLedgerPutDto, ledgerFormToDto(body), actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `rdLedger.field.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}#rd-ledger`);
    }
    return this.save(actor, req, res, () => this.facts.putLedger(actor, id, year, form.value), translate(actor.locale, 'rdLedger.saved', { year }), `/enterprises/${id}#rd-ledger`);
  }

  @Post('enterprises/:id/checks')
  @Roles('admin', 'officer')
  async addCheck(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const anchor = body.subject === 'ip-assets' ? 'ip' : body.subject === 'credit' ? 'credit-flags' : 'qualifications';
    const form = await validateForm(FactCheckPostDto, { subject: body.subject, on: body.on || undefined, result: body.result, source: body.source || undefined }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, k === 'on' ? 'check.on' : 'check.resultLabel')}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}#${anchor}`);
    }
    return this.save(actor, req, res, () => this.facts.addCheck(actor, id, form.value), translate(actor.locale, 'check.saved'), `/enterprises/${id}#${anchor}`);
  }

  /** Domain refusals (400/409) become a flash message in the user's language; 403 and hidden files (404) go to the error page. */
  private save(actor: Actor, req: Request, res: Response, write: () => Promise<unknown>, ok: string, back: string) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: write,
      done: () => ({ redirect: back, flash: ok }),
      rerender: (_status, errors, { message, stale }) => {
        flash(req, 'danger', stale?.text ?? ([message, ...Object.values(errors)].filter(Boolean).join(' ') || translate(actor.locale, 'error.400')));
        return res.redirect(303, back);
      },
    });
  }
}
