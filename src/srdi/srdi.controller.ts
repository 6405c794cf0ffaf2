import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { NotFoundError } from '../common/errors.js';
import { flash } from '../common/flash.js';
import { runForm, validateForm } from '../common/form.js';
import { claimableSources, enterpriseCan } from '../enterprises/enterprise.policy.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { FACT_SOURCES } from '../enterprises/stored-facts.dto.js';
import { translate } from '../i18n/i18n.js';
import { PROGRAM_LABELS } from '../policy/engine/labels.js';
import { RD_INSTITUTION_KINDS, SRDI_PROGRAMS } from '../policy/engine/facts.js';
import { SRDI_FACT_KINDS, SRDI_FACTS } from './srdi-facts.js';
import { SrdiRecognitionPostDto, SrdiYearPutDto } from './srdi.dto.js';
import { SrdiService } from './srdi.service.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** A typed number: digits with optional thousands separators and decimals, else the text as typed (the DTO rejects it). */
const numberOrText = (v: unknown) => (typeof v === 'string' && /^-?[\d,]+(\.\d+)?$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v);
const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** The posted facts form → the API's PATCH body: blank fields are left alone, "—" (clear) sets unknown. */
export function factsFormToPatch(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fact of SRDI_FACTS) {
    const v = body[fact];
    if (!filled(v)) continue;
    const s = String(v).trim();
    if (s === 'clear') out[fact] = null;
    else if (SRDI_FACT_KINDS[fact] === 'boolean') out[fact] = s === 'true' ? true : s === 'false' ? false : s;
    else if (SRDI_FACT_KINDS[fact] === 'score' || SRDI_FACT_KINDS[fact] === 'count') out[fact] = numberOrText(s);
    else if (SRDI_FACT_KINDS[fact] === 'yearOrNever') out[fact] = s === 'never' ? s : numberOrText(s);
    else out[fact] = s;
  }
  if (filled(body.srdiScoreBy)) out.srdiScoreBy = String(body.srdiScoreBy).trim();
  if (filled(body.source)) out.source = body.source;
  if (filled(body.sourceAsOf)) out.sourceAsOf = body.sourceAsOf;
  return out;
}

/**
 * The file's SRDI page (rules.md §7): the facts with their provenance, the yearly figures (元),
 * the SRDI recognitions, and the forms that record them (PRG with a flash message).
 */
@ApiExcludeController()
@Controller()
export class SrdiController {
  constructor(
    private readonly srdi: SrdiService,
    private readonly enterprises: EnterprisesService,
  ) {}

  @Get('enterprises/:id/srdi')
  @Render('srdi/facts')
  async page(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const enterprise = await this.enterprises.get(actor, id);
    const view = await this.srdi.get(actor, id);
    const can = enterpriseCan(actor);
    const l = actor.locale;
    return {
      title: `${enterprise.name} · ${translate(l, 'srdi.panel.title')}`,
      enterprise: { id: enterprise.id, name: enterprise.name },
      facts: SRDI_FACTS.map((name) => {
        const f = view.facts[name];
        return {
          name, label: translate(l, `srdi.fact.${name}`), kind: SRDI_FACT_KINDS[name], known: !!f,
          value: f ? displayValue(f.value, l) : '', note: f?.note ?? null, source: f?.source ?? null, sourceAsOf: f?.sourceAsOf ?? null,
          recordedAt: f?.recordedAt ?? null, verified: f?.verified ?? false, needsVerification: name === 'keyChainLink',
          isBoolean: SRDI_FACT_KINDS[name] === 'boolean', isDate: SRDI_FACT_KINDS[name] === 'date', isChoice: SRDI_FACT_KINDS[name] === 'choice',
        };
      }),
      years: view.years,
      recognitions: view.recognitions.map((r) => ({ ...r, label: PROGRAM_LABELS[r.program as (typeof SRDI_PROGRAMS)[number]]?.[l] ?? r.program })),
      canReport: can.reportFigures,
      canEdit: can.edit,
      sources: claimableSources(actor, FACT_SOURCES),
      institutionKinds: RD_INSTITUTION_KINDS,
      programs: SRDI_PROGRAMS.map((p) => ({ value: p, label: PROGRAM_LABELS[p][l] })),
    };
  }

  @Post('enterprises/:id/srdi/facts')
  @Roles('admin', 'officer', 'enterprise')
  patchFacts(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const patch = factsFormToPatch(body ?? {});
    return this.save(actor, req, res, () => this.srdi.patchFacts(actor, id, patch as never), translate(actor.locale, 'srdi.saved'), `/enterprises/${id}/srdi#facts`);
  }

  @Post('enterprises/:id/srdi/years')
  @Roles('admin', 'officer', 'enterprise')
  async putYear(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = Number(body.year);
    const input: Record<string, unknown> = {};
    if (filled(body.equityFinancing)) input.equityFinancing = numberOrText(String(body.equityFinancing));
    if (filled(body.rdStaff)) input.rdStaff = numberOrText(String(body.rdStaff));
    if (filled(body.source)) input.source = body.source;
    if (filled(body.sourceAsOf)) input.sourceAsOf = body.sourceAsOf;
    const form = await validateForm(SrdiYearPutDto, input, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `srdi.year.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}/srdi#years`);
    }
    return this.save(actor, req, res, () => this.srdi.putYear(actor, id, year, form.value), translate(actor.locale, 'srdi.saved'), `/enterprises/${id}/srdi#years`);
  }

  @Post('enterprises/:id/srdi/recognitions')
  @Roles('admin', 'officer')
  async addRecognition(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const input = Object.fromEntries(['program', 'validFrom', 'validUntil', 'batch', 'certificateNumber'].filter((k) => filled(body[k])).map((k) => [k, String(body[k]).trim()]));
    const form = await validateForm(SrdiRecognitionPostDto, input, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `srdi.recognition.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}/srdi#recognitions`);
    }
    return this.save(actor, req, res, () => this.srdi.addRecognition(actor, id, form.value), translate(actor.locale, 'srdi.saved'), `/enterprises/${id}/srdi#recognitions`);
  }

  /** Domain refusals (400/409) become a flash message in the user's language; 403 and hidden files (404) go to the error page. */
  private save(actor: Actor, req: Request, res: Response, write: () => Promise<unknown>, ok: string, back: string) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: write,
      done: () => ({ redirect: back, flash: ok }),
      rerender: (_status, errors, { message, stale }) => {
        flash(req, 'danger', stale?.text ?? ([message, ...Object.entries(errors).map(([k, v]) => `${translate(actor.locale, `srdi.fact.${k}`)}: ${v}`)].filter(Boolean).join(' ') || translate(actor.locale, 'error.400')));
        return res.redirect(303, back);
      },
    });
  }
}

function displayValue(v: unknown, locale: Actor['locale']): string {
  if (v === true) return translate(locale, 'common.yes');
  if (v === false) return translate(locale, 'common.no');
  if (v === 'never') return translate(locale, 'srdi.never');
  if (v === 'own' || v === 'joint' || v === 'none') return translate(locale, `selfCheck.srdiChoice.${v}`);
  return v === null || v === undefined ? '' : String(v);
}
