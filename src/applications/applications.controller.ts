import { formatActual } from '../policy/actual-value.js';
import { contentDisposition } from '../common/content-disposition.js';
import { CSV_TYPE } from '../common/table-export.js';
import type { Json } from '../policy/engine/criteria.js';
import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { DomainError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { refusalMessage, runForm, validateForm, type FieldErrors } from '../common/form.js';
import { problemMessage } from '../common/validation-messages.js';
import { pageCount } from '../common/list-query.js';
import { formatPercent, formatYuan, todayIso } from '../common/format.js';
import { downloadOf, requireFile } from '../documents/documents.api.controller.js';
import { UploadFormErrorFilter } from '../documents/upload-error.filter.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { requestLocale } from '../i18n/request-locale.js';
import { ACTIVITY_TYPES, HIGH_TECH_FIELDS, TIERS, EXPERT_SCORE_FIELDS, RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import { CRITERION_LABELS, OUTCOME_LABELS, PROGRAM_OUTCOME_LABELS } from '../policy/engine/labels.js';
import { ReferenceService } from '../reference/reference.service.js';
import { ApplicationDocumentsService } from './application-documents.service.js';
import { APPLICATION_SORTS, ApplicationListQueryDto, BatchCreateDto, CommentDto, ObjectionCreateDto, ObjectionResolveDto, RepaymentCreateDto } from './application.dto.js';
import { applicationIdPipe } from './applications.api.controller.js';
import { ApplicationsService, TransitionVetoedError, type ApplicationView } from './applications.service.js';
import { BatchesService } from './batches.service.js';
import { LIST_PROGRAMMES, type ListProgramme } from './batch.entity.js';
import { CHECKLISTS } from './checklist.js';
import { formFromHtml, htmlFieldOf, htmlFromForm, PROJECT_ROWS } from './form-fields.js';
import type { SubsidyKind } from './loan.entity.js';
import { stepDataFromForm } from './step-data.dto.js';
import { ALL_STATUSES, APPLICATION_TYPES, type ApplicationType } from './workflow/workflows.js';
import { WorkflowService } from './workflow.service.js';
import { seesInternal } from '../enterprises/enterprise.policy.js';
import { portalCan } from '../portal/portal.policy.js';
import { decideCreateApplication, isCity, isEnterpriseUser } from './application.policy.js';
import { decideRunBatches } from './batch.policy.js';

const batchIdPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Batch') });
const intPipe = (what: string) => new ParseIntPipe({ exceptionFactory: () => new NotFoundError(what) });

/** A criterion's actual value for reading: lists joined, objects as "key: value" pairs. */
const display = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(display).join(', ') : '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${display(v)}`).join('; ');
  return String(value);
};

/** Field messages keyed by the form's input names (`data.x` → `x`). */
function htmlErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) out[htmlFieldOf(field)] ??= message;
  return out;
}

/** The text of a refused operation in the page's language (vetoes name exactly what is missing). */
export function refusalText(err: DomainError, locale: Locale, fallback?: string): string {
  if (err instanceof TransitionVetoedError) return translate(locale, err.messageKey ?? 'application.illegal', err.params);
  if (err instanceof StaleVersionError) return translate(locale, 'application.stale');
  if (err.status === 409) {
    const key = err.messageKey && translate(locale, err.messageKey) !== err.messageKey ? err.messageKey : 'application.conflict';
    return translate(locale, key, { message: err.message });
  }
  if (err instanceof InvalidInputError && err.details.length) {
    return `${translate(locale, 'common.formErrors')} ${err.details.map((d) => `${translate(locale, `step.${d.field.replace(/^data\./, '')}`)}: ${d.key ? problemMessage(locale, { field: d.field, key: d.key, params: d.params ?? {} }, 'step') : translate(locale, d.message)}`).join('; ')}`;
  }
  // Never the service's English: the catalogue sentence for the refusal, else the status's generic one.
  return fallback ?? refusalMessage(err, locale) ?? translate(locale, 'error.400');
}

function criteriaRows(criteria: unknown, locale: Locale) {
  return ((criteria ?? []) as { code: string; outcome: string; actual: unknown; required: string; explanation: string; partOf?: string; provisional?: boolean }[]).map((c) => ({
    code: c.code,
    label: (CRITERION_LABELS as Record<string, Record<Locale, string>>)[c.code]?.[locale] ?? c.code,
    outcome: c.outcome,
    outcomeLabel: (OUTCOME_LABELS as Record<string, Record<Locale, string>>)[c.outcome]?.[locale] ?? c.outcome,
    actual: formatActual(c.code, c.actual as Json, locale),
    required: c.required,
    explanation: c.explanation,
    sub: !!c.partOf,
    provisional: !!c.provisional,
  }));
}

/** The frozen evaluation as rows for the page (programme criteria, or IPP-* per pledged asset). */
function evaluationModel(evaluation: ApplicationView['evaluation'], locale: Locale) {
  if (!evaluation) return null;
  const r = evaluation.result as Record<string, unknown>;
  const outcome = String(r.outcome ?? evaluation.outcome);
  return {
    ...evaluation,
    outcomeLabel: (PROGRAM_OUTCOME_LABELS as Record<string, Record<Locale, string>>)[outcome]?.[locale] ?? outcome,
    outcome,
    versions: Object.entries(evaluation.ruleSets).map(([program, version]) => `${program} ${version}`).join(', '),
    criteria: criteriaRows(r.criteria, locale),
    assets: ((r.assets ?? []) as { number: string; kind: string; outcome: string; criteria: unknown }[]).map((a) => ({ number: a.number, kind: a.kind, outcome: a.outcome, criteria: criteriaRows(a.criteria, locale) })),
    amount: r.amount ?? null,
    amountText: amountText(r.amount as SdAmountLike | undefined, locale),
    scoreText: r.score ? translate(locale, 'application.scoreRange', { min: (r.score as { min: number }).min, max: (r.score as { max: number }).max }) : null,
  };
}

type SdAmountLike = { base: number; rate: number; extraDeduction: number; taxSaving: number; eitRate: number };

/** "Base × rate = extra deduction; tax saving at the EIT rate", formatted in the reader's language. */
function amountText(a: SdAmountLike | null | undefined, locale: Locale): string | null {
  if (!a) return null;
  return translate(locale, 'application.amountLine', {
    base: formatYuan(a.base, locale), rate: formatPercent(a.rate, 0), extra: formatYuan(a.extraDeduction, locale), saving: formatYuan(a.taxSaving, locale), eit: formatPercent(a.eitRate, 0),
  });
}

/** The badge colour of a status (Tabler classes). */
export function statusTone(status: string): string {
  if (['approved', 'certified', 'reviewed', 'repaid'].includes(status)) return 'bg-green-lt';
  if (['rejected', 'defaulted', 'compensated', 'disposed'].includes(status)) return 'bg-red-lt';
  if (['withdrawn', 'draft'].includes(status)) return 'bg-secondary-lt';
  if (['returned'].includes(status)) return 'bg-orange-lt';
  if (['public-notice'].includes(status)) return 'bg-purple-lt';
  return 'bg-blue-lt';
}

interface AssetOption { id: number; kind: string; number: string; title: string | null; expiresOn: string | null; coOwned: boolean }

/** The type's form as rows the template iterates (values and messages already looked up). */
function formModel(type: ApplicationType | null, values: Record<string, unknown>, errors: FieldErrors, assets: AssetOption[]) {
  const cell = (name: string, label: string) => ({ name, label, value: values[name] ?? '', error: errors[name] });
  return {
    rdRows: RD_EXPENSE_MONEY_FIELDS.map((f) => cell(`rd.${f}`, `rdField.${f}`)),
    rdFlags: ['manufacturing', 'icOrMachineTool', 'techSme'].map((f) => ({ name: `rd.${f}`, label: `rdField.${f}`, checked: values[`rd.${f}`] === true || values[`rd.${f}`] === 'on' || values[`rd.${f}`] === 'true' })),
    rdYear: cell('rd.year', 'rdField.year'),
    scoreRows: EXPERT_SCORE_FIELDS.map((f) => cell(`score.${f}`, `score.${f}`)),
    projectRows: Array.from({ length: PROJECT_ROWS }, (_, i) => ({
      index: i, name: cell(`project.${i}.name`, 'appForm.projectName'), activityType: cell(`project.${i}.activityType`, 'appForm.activityType'),
    })),
    assetRows: assets.map((a) => ({
      ...a,
      checked: values[`asset.${a.id}`] === true || values[`asset.${a.id}`] === 'on' || values[`asset.${a.id}`] === 'true',
      feesPaid: String(values[`asset.${a.id}.feesPaid`] ?? 'true'),
      disputed: String(values[`asset.${a.id}.disputed`] ?? 'false'),
      coOwnersConsented: String(values[`asset.${a.id}.coOwnersConsented`] ?? ''),
    })),
    isTier: type === 'tier-recognition',
    isHighTech: type === 'high-tech-certification',
    isSuperDeduction: type === 'super-deduction-precheck',
    isLoan: type === 'ip-pledge-loan',
  };
}

@ApiExcludeController()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly workflow: WorkflowService,
    private readonly documents: ApplicationDocumentsService,
    private readonly batches: BatchesService,
    private readonly enterprises: EnterprisesService,
    private readonly reference: ReferenceService,
  ) {}

  @Get()
  @Render('applications/list')
  async list(@CurrentActor() actor: Actor, @Query() query: ApplicationListQueryDto) {
    const page = await this.applications.list(actor, { ...query, pageSize: query.pageSize ?? 50 });
    const pages = pageCount(page.total, page.pageSize);
    const districts = await this.reference.districts();
    const currentSort = query.sort ?? '-updatedAt';
    const filters = { status: query.status, type: query.type, districtCode: query.districtCode, year: query.year, overdue: query.overdue, waiting: query.waiting, q: query.q, tier: query.tier };
    return {
      title: translate(actor.locale, 'nav.applications'),
      filters,
      query: { ...filters, sort: currentSort },
      statuses: ALL_STATUSES,
      types: APPLICATION_TYPES,
      tiers: TIERS,
      districts: seesInternal(actor) ? districts : [],
      isStaff: seesInternal(actor),
      canCreate: decideCreateApplication(actor).allowed,
      canInvite: portalCan(actor, 'invite'),
      sortLinks: Object.fromEntries(APPLICATION_SORTS.map((k) => [k, currentSort === k ? `-${k}` : k])),
      sortState: Object.fromEntries(APPLICATION_SORTS.map((k) => [k, currentSort === k ? '▲' : currentSort === `-${k}` ? '▼' : ''])),
      items: page.items.map((a) => ({ ...a, tone: statusTone(a.status), district: districts.find((d) => d.code === a.enterprise?.districtCode) })),
      total: page.total,
      page: page.page,
      pages,
      prevPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page < pages ? page.page + 1 : null,
    };
  }

  /** The new-application page: choose type, tier and year (and the enterprise, for officers); then the form, prefilled. */
  @Get('new')
  @Roles('enterprise', 'officer', 'admin')
  async newForm(@CurrentActor() actor: Actor, @Query() q: Record<string, string>, @Res() res: Response) {
    res.render('applications/new', await this.newModel(actor, q, null, {}));
  }

  private async newModel(actor: Actor, q: Record<string, unknown>, posted: Record<string, unknown> | null, errors: FieldErrors, message?: string) {
    const now = Number(todayIso().slice(0, 4));
    const type = (APPLICATION_TYPES as readonly string[]).includes(String(q.type)) ? (q.type as ApplicationType) : null;
    let enterpriseId = isEnterpriseUser(actor) ? actor.enterpriseId : Number(q.enterpriseId) || null;
    if (!enterpriseId && typeof q.uscc === 'string' && q.uscc.trim()) {
      const e = await this.enterprises.scopedQuery(actor).andWhere('e.uscc = :u', { u: q.uscc.trim().toUpperCase() }).getOne();
      enterpriseId = e?.id ?? null;
      if (!e) errors = { ...errors, uscc: translate(actor.locale, 'portal.unknownEnterprise') };
    }
    const enterprise = enterpriseId ? await this.enterprises.get(actor, enterpriseId).catch(() => null) : null;
    const year = Number(q.year) || (type === 'super-deduction-precheck' ? now - 1 : now);
    let values: Record<string, unknown> = {};
    let assets: AssetOption[] = [];
    if (type && enterprise) {
      const prefill = await this.applications.prefill(actor, enterprise.id, type, year);
      assets = (prefill.availableAssets as AssetOption[]) ?? [];
      values = posted ?? htmlFromForm(type, prefill);
    }
    return {
      title: translate(actor.locale, 'application.new'),
      editing: false, action: '/applications',
      types: APPLICATION_TYPES, tiers: TIERS, years: type === 'super-deduction-precheck' ? [now, now - 1, now - 2, now - 3] : [now + 1, now, now - 1],
      type, tier: q.tier ?? '', year, enterprise, isEnterpriseUser: isEnterpriseUser(actor), uscc: q.uscc ?? enterprise?.uscc ?? '',
      values, errors, message, fields: HIGH_TECH_FIELDS, activityTypes: ACTIVITY_TYPES,
      ...formModel(type, values, errors, assets),
      checklist: type ? CHECKLISTS[type].map((r) => r.code) : [],
    };
  }

  /** The same form for editing a draft or a returned application. */
  private async editModel(actor: Actor, v: ApplicationView, posted: Record<string, unknown> | null, errors: FieldErrors, message?: string) {
    const values = posted ?? htmlFromForm(v.type, v.form);
    let assets: AssetOption[] = [];
    if (v.type === 'ip-pledge-loan') {
      const prefill = await this.applications.prefill(actor, v.enterpriseId, v.type);
      assets = (prefill.availableAssets as AssetOption[]) ?? [];
      for (const a of (v.loan?.assets ?? []) as AssetOption[]) if (!assets.some((x) => x.id === a.id)) assets.push(a);
    }
    return {
      title: `${v.reference} · ${translate(actor.locale, 'application.form')}`,
      editing: true, action: `/applications/${v.id}/form`, app: v,
      type: v.type, tier: v.tier, year: v.year, enterprise: v.enterprise, values, errors, message, fields: HIGH_TECH_FIELDS, activityTypes: ACTIVITY_TYPES,
      ...formModel(v.type, values, errors, assets),
      checklist: [],
    };
  }

  @Get(':id/edit')
  @Roles('enterprise', 'officer', 'admin')
  async editForm(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const v = await this.applications.view(actor, id);
    if (!v.canEdit) {
      flash(req, 'warning', translate(actor.locale, 'application.notEditable'));
      return res.redirect(303, `/applications/${id}`);
    }
    res.render('applications/new', await this.editModel(actor, v, null, {}));
  }

  @Post()
  @Roles('enterprise', 'officer', 'admin')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const type = String(body.type) as ApplicationType;
    if (!(APPLICATION_TYPES as readonly string[]).includes(type)) throw new InvalidInputError('type', [{ field: 'type', message: 'validation.invalid' }]);
    const enterpriseId = isEnterpriseUser(actor) ? actor.enterpriseId ?? 0 : Number(body.enterpriseId);
    const tier = typeof body.tier === 'string' && body.tier ? body.tier : undefined;
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.applications.create(actor, { enterpriseId, type, year: Number(body.year), tier, form: formFromHtml(type, body) }),
      done: (created) => ({ redirect: `/applications/${created.id}`, flash: translate(actor.locale, 'application.created', { reference: created.reference }) }),
      rerender: async (status, errors, { message, error }) =>
        res.status(status).render('applications/new', await this.newModel(actor, { type, tier, year: body.year, enterpriseId }, body, htmlErrors(errors), Object.keys(errors).length || !error ? translate(actor.locale, 'common.formErrors') : refusalText(error, actor.locale, message))),
    });
  }

  @Get(':id')
  async detail(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Query('preview') preview: string | undefined, @Res() res: Response) {
    res.render('applications/detail', await this.detailModel(actor, id, preview === '1'));
  }

  private async detailModel(actor: Actor, id: number, withPreview: boolean) {
    const v = await this.applications.view(actor, id);
    const locale = actor.locale;
    const district = v.enterprise ? await this.reference.district(v.enterprise.districtCode) : null;
    const live = withPreview && v.canEdit ? await this.applications.preview(actor, id) : null;
    const isStaff = seesInternal(actor);
    const can = Object.fromEntries(v.allowedActions.map((a) => [a.action, a.allowed]));
    const formRows = Object.entries(v.form)
      .filter(([k, val]) => k !== 'availableAssets' && k !== 'assets' && k !== 'expertScores' && k !== 'rdExpenseDetail' && val !== null && val !== '')
      .map(([k, val]) => ({ label: `appForm.${k}`, money: k === 'requestedAmount', raw: val, value: k === 'highTechField' ? translate(locale, `field.${String(val)}`) : display(val) }));
    const rd = (v.form.rdExpenseDetail ?? null) as Record<string, unknown> | null;
    return {
      title: `${v.reference} · ${v.enterprise?.name ?? ''}`,
      app: v,
      tone: statusTone(v.status),
      district,
      isStaff,
      isManager: isCity(actor),
      evaluation: evaluationModel(v.evaluation, locale),
      live: live ? evaluationModel({ id: 0, trigger: 'preview', asOf: String(live.asOf), frozenAt: new Date(), ruleSets: live.ruleSets as Record<string, string>, outcome: String(live.outcome), input: {}, result: live.result as Record<string, unknown> }, locale) : null,
      formRows,
      rdRows: rd ? [...RD_EXPENSE_MONEY_FIELDS.filter((f) => rd[f] !== undefined).map((f) => ({ label: `rdField.${f}`, value: rd[f], money: true })), { label: 'rdField.year', value: rd.year, money: false }] : [],
      projects: rd ? ((rd.projects ?? []) as { name?: string; activityType: string }[]) : [],
      scores: Object.entries((v.form.expertScores ?? {}) as Record<string, number>).map(([k, val]) => ({ label: `score.${k}`, value: val })),
      requirements: v.checklist.map((c) => c.code),
      history: v.history.slice().reverse(),
      canRecordObjection: !!can.recordObjection,
      canResolveObjection: !!can.resolveObjection,
      canRepay: !!can.repay,
      canGrant: !!can.grantSubsidy && !!v.loan,
      today: todayIso(),
      openInterestYears: v.loan?.interestByYear.filter((y) => !y.granted) ?? [],
      decisionAmountText: amountText((v.decision?.amount ?? null) as SdAmountLike | null, locale),
      canGrantAppraisal: !!can.grantSubsidy && !!v.loan && v.loan.appraisalFee !== null && !v.loan.subsidies.some((s) => s.kind === 'appraisal'),
    };
  }

  /** Refusals the user can act on come back to the page as a message; 403/404 go to the error page. */
  private async back(actor: Actor, req: Request, res: Response, id: number, anchor: string, work: () => Promise<string>) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: work,
      done: (text) => ({ redirect: `/applications/${id}${anchor}`, flash: text }),
      rerender: (_status, _errors, { message, error }) => {
        flash(req, 'danger', (error && refusalText(error, actor.locale, message)) ?? message ?? translate(actor.locale, 'error.400'));
        return res.redirect(303, `/applications/${id}${anchor}`);
      },
    });
  }

  @Post(':id/transitions')
  async transition(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const action = typeof body.action === 'string' ? body.action : '';
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : undefined;
    const version = body.version ? Number(body.version) : undefined;
    await this.back(actor, req, res, id, '', async () => {
      const v = await this.workflow.transition(actor, id, { action, comment, version, data: stepDataFromForm(action, body) });
      return translate(actor.locale, 'application.transitioned', { action: translate(actor.locale, `action.${action}`), status: translate(actor.locale, `status.${v.status}`) });
    });
  }

  @Post(':id/form')
  @Roles('enterprise', 'officer', 'admin')
  async updateForm(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const current = await this.applications.view(actor, id);
    return runForm(req, res, actor.locale, {
      input: body,
      run: () => this.applications.updateForm(actor, id, { form: formFromHtml(current.type, body), version: Number(body.version) }),
      done: () => ({ redirect: `/applications/${id}`, flash: translate(actor.locale, 'application.saved') }),
      rerender: async (status, errors, { message, error }) => {
        if (status === 422 && Object.keys(errors).length) {
          return res.status(422).render('applications/new', await this.editModel(actor, current, body, htmlErrors(errors), translate(actor.locale, 'common.formErrors')));
        }
        // Someone else saved first, or the application moved on: the refusal on the application's page.
        flash(req, 'danger', (error && refusalText(error, actor.locale, message)) ?? message ?? translate(actor.locale, 'error.400'));
        return res.redirect(303, `/applications/${id}#form`);
      },
    });
  }

  @Post(':id/documents')
  @UseInterceptors(FileInterceptor('file'))
  @UseFilters(new UploadFormErrorFilter((req) => `/applications/${encodeURIComponent(String(req.params.id ?? ''))}#documents`))
  async upload(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response, @UploadedFile() file?: IncomingFile) {
    const requirement = typeof body.requirement === 'string' ? body.requirement : undefined;
    const replacesId = typeof body.replacesId === 'string' && /^\d+$/.test(body.replacesId) ? Number(body.replacesId) : undefined;
    await this.back(actor, req, res, id, '#documents', async () => {
      const doc = await this.documents.upload(actor, id, requirement, requireFile(file), replacesId);
      return translate(actor.locale, 'application.documentUploaded', { name: doc.name, requirement: translate(actor.locale, `checklist.${doc.requirement}`) });
    });
  }

  @Get(':id/documents/:documentId')
  @Header('Cache-Control', 'private, no-store')
  async download(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('documentId', intPipe('Document')) documentId: number) {
    return downloadOf(await this.documents.open(actor, id, documentId));
  }

  @Post(':id/comments')
  async comment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(CommentDto, { text: body.text, public: body.public === 'on' || body.public === 'true' }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', `${translate(actor.locale, 'application.comment')}: ${Object.values(form.errors).join(' ')}`);
      return res.redirect(303, `/applications/${id}#comments`);
    }
    await this.back(actor, req, res, id, '#comments', async () => {
      await this.applications.comment(actor, id, form.value);
      return translate(actor.locale, 'application.commented');
    });
  }

  @Post(':id/repayments')
  @Roles('officer', 'admin')
  async repayment(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/,/g, '')) : 0);
    const form = await validateForm(RepaymentCreateDto, { paidOn: body.paidOn, principal: num(body.principal), interest: num(body.interest) }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `loan.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/applications/${id}#loan`);
    }
    await this.back(actor, req, res, id, '#loan', async () => {
      await this.applications.addRepayment(actor, id, form.value);
      return translate(actor.locale, 'loan.repaymentRecorded');
    });
  }

  @Post(':id/subsidies')
  @Roles('officer', 'manager', 'admin')
  async subsidy(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const kind = body.kind === 'appraisal' ? 'appraisal' : 'interest';
    const year = typeof body.year === 'string' && /^\d{4}$/.test(body.year) ? Number(body.year) : undefined;
    await this.back(actor, req, res, id, '#loan', async () => {
      const s = await this.applications.grantSubsidy(actor, id, kind as SubsidyKind, year);
      return translate(actor.locale, 'loan.subsidyGranted', { kind: translate(actor.locale, `subsidy.${s.kind}`), year: s.year, amount: s.amount.toFixed(2) });
    });
  }

  @Post(':id/objections')
  @Roles('officer', 'manager', 'admin')
  async objection(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(ObjectionCreateDto, { receivedOn: body.receivedOn, objector: body.objector, content: body.content }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `objection.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/applications/${id}#objections`);
    }
    await this.back(actor, req, res, id, '#objections', async () => {
      await this.batches.recordObjection(actor, id, form.value);
      return translate(actor.locale, 'objection.recorded');
    });
  }

  @Post(':id/objections/:objectionId/resolve')
  @Roles('manager', 'admin')
  async resolve(@CurrentActor() actor: Actor, @Param('id', applicationIdPipe) id: number, @Param('objectionId', intPipe('Objection')) objectionId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(ObjectionResolveDto, { resolution: body.resolution, note: body.note, version: body.version ? Number(body.version) : undefined }, actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `objection.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/applications/${id}#objections`);
    }
    await this.back(actor, req, res, id, '#objections', async () => {
      await this.batches.resolveObjection(actor, id, objectionId, form.value);
      return translate(actor.locale, 'objection.resolvedAs', { resolution: translate(actor.locale, `objection.status.${form.value.resolution}`) });
    });
  }
}

/** Batches: gather, open the public notice, record decisions, announce. */
@ApiExcludeController()
@Controller('batches')
@Roles('manager', 'admin', 'officer')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Get()
  @Render('applications/batches')
  async list(@CurrentActor() actor: Actor, @Query('year') year?: string) {
    const y = year && /^\d{4}$/.test(year) ? Number(year) : undefined;
    return {
      title: translate(actor.locale, 'batch.title'),
      items: await this.batches.list(actor, { year: y }),
      programmes: LIST_PROGRAMMES,
      thisYear: Number(todayIso().slice(0, 4)),
      canManage: decideRunBatches(actor).allowed,
      values: {},
      errors: {},
    };
  }

  @Post()
  @Roles('manager', 'admin')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = await validateForm(BatchCreateDto, { programme: body.programme, year: Number(body.year), name: body.name }, actor.locale);
    const rerender = async (status: number, errors: FieldErrors) =>
      res.status(status).render('applications/batches', { title: translate(actor.locale, 'batch.title'), items: await this.batches.list(actor), programmes: LIST_PROGRAMMES, thisYear: Number(todayIso().slice(0, 4)), canManage: true, values: body, errors });
    if (!form.ok) return rerender(422, form.errors);
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.batches.create(actor, form.value),
      done: (b) => ({ redirect: `/batches/${b.id}`, flash: translate(actor.locale, 'batch.created', { name: b.name }) }),
      rerender: (status, errors) => rerender(status, status === 409 || !Object.keys(errors).length ? { name: translate(actor.locale, 'batch.exists') } : errors),
    });
  }

  @Get(':id')
  @Render('applications/batch')
  async view(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number) {
    const b = await this.batches.view(actor, id);
    // One entry per action of the batch's stage: `can.announce.allowed`, `can.announce.reason`.
    const can = Object.fromEntries(b.allowedActions.map((a) => [a.action, a]));
    return { title: b.name, batch: b, canManage: decideRunBatches(actor).allowed, can, today: todayIso(), noticeDays: await this.batches.defaultNoticeDays() };
  }

  private async back(actor: Actor, req: Request, res: Response, id: number, work: () => Promise<string>) {
    return runForm(req, res, actor.locale, {
      input: {},
      run: work,
      done: (text) => ({ redirect: `/batches/${id}`, flash: text }),
      rerender: (_status, _errors, { message, error }) => {
        // A vetoed step names its items in the reader's language already; other details are references and fields.
        const details = error && error.details.length && error.status === 409 && !(error instanceof TransitionVetoedError) ? ` ${error.details.map((d) => `${d.field}: ${d.key ? translate(actor.locale, d.key, { label: d.field, ...d.params }) : d.message}`).join('; ')}` : '';
        flash(req, 'danger', `${(error && refusalText(error, actor.locale, message)) ?? message ?? ''}${details}`);
        return res.redirect(303, `/batches/${id}`);
      },
    });
  }

  @Post(':id/applications')
  @Roles('manager', 'admin')
  async assign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const raw = body.applicationIds;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    await this.back(actor, req, res, id, async () => {
      if (!ids.length) throw new InvalidInputError('nothing selected', [{ field: 'applicationIds', message: 'validation.required' }]);
      await this.batches.assign(actor, id, ids);
      return translate(actor.locale, 'batch.assigned', { count: ids.length });
    });
  }

  @Post(':id/applications/:applicationId/remove')
  @Roles('manager', 'admin')
  async unassign(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Param('applicationId', applicationIdPipe) applicationId: number, @Req() req: Request, @Res() res: Response) {
    await this.back(actor, req, res, id, async () => {
      await this.batches.unassign(actor, id, applicationId);
      return translate(actor.locale, 'batch.removed');
    });
  }

  @Post(':id/notice')
  @Roles('manager', 'admin')
  async notice(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const startsOn = typeof body.startsOn === 'string' && body.startsOn ? body.startsOn : undefined;
    const workingDays = typeof body.workingDays === 'string' && /^\d+$/.test(body.workingDays) ? Number(body.workingDays) : undefined;
    await this.back(actor, req, res, id, async () => {
      if (startsOn && !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) throw new InvalidInputError('startsOn', [{ field: 'startsOn', message: 'validation.invalid' }]);
      if (workingDays !== undefined && (workingDays < 5 || workingDays > 30)) throw new InvalidInputError('workingDays', [{ field: 'workingDays', message: 'validation.invalid' }]);
      const b = await this.batches.openNotice(actor, id, { startsOn, workingDays, version: body.version ? Number(body.version) : undefined });
      return translate(actor.locale, 'batch.noticeOpened', { endsOn: b.noticeEndsOn ?? '' });
    });
  }

  @Post(':id/decisions')
  @Roles('manager', 'admin')
  async decide(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const action = body.action === 'reject' ? 'reject' : 'approve';
    const raw = body.applicationIds;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : undefined;
    await this.back(actor, req, res, id, async () => {
      await this.batches.decide(actor, id, { action, applicationIds: ids.length ? ids : undefined, comment });
      return translate(actor.locale, 'batch.decided', { action: translate(actor.locale, `action.${action}`) });
    });
  }

  @Post(':id/announce')
  @Roles('manager', 'admin')
  async announce(@CurrentActor() actor: Actor, @Param('id', batchIdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.back(actor, req, res, id, async () => {
      const b = await this.batches.announce(actor, id, { version: body.version ? Number(body.version) : undefined });
      return translate(actor.locale, 'batch.announced', { url: `/lists/${b.programme}/${b.year}` });
    });
  }
}

/** The published lists: public pages (no sign-in) with CSV download. */
@ApiExcludeController()
@Controller('lists')
export class ListsController {
  constructor(
    private readonly batches: BatchesService,
    private readonly reference: ReferenceService,
  ) {}

  @Get()
  @Public()
  @Render('lists/index')
  async index(@Req() req: Request) {
    const locale = requestLocale(req);
    return { title: translate(locale, 'lists.title'), items: await this.batches.publishedIndex() };
  }

  /** `/lists/young-eagle/2026` (page) or `/lists/young-eagle/2026.csv` (download). */
  @Get(':programme/:year')
  @Public()
  async list(@Param('programme') programme: string, @Param('year') yearParam: string, @Req() req: Request, @Res() res: Response) {
    const m = /^(\d{4})(\.csv)?$/.exec(yearParam);
    if (!(LIST_PROGRAMMES as readonly string[]).includes(programme) || !m) throw new NotFoundError('List');
    const year = Number(m[1]);
    const locale = requestLocale(req);
    const districts = await this.reference.districts();
    const rows = (await this.batches.publishedList(programme as ListProgramme, year)).map((r) => {
      const d = districts.find((x) => x.code === r.districtCode);
      return { ...r, district: d ? (locale === 'en' ? d.nameEn : d.nameZh) : r.districtCode };
    });
    const programmeLabel = translate(locale, `programme.${programme}`);
    if (m[2]) {
      const csv = stringify(
        rows.map((r) => [programmeLabel, r.year, r.batch, r.enterprise, r.district, r.announcedOn]),
        { header: true, columns: ['programme', 'year', 'batch', 'enterprise', 'district', 'announcedOn'].map((c) => translate(locale, `lists.col.${c}`)) },
      );
      res.setHeader('Content-Type', CSV_TYPE);
      res.setHeader('Content-Disposition', contentDisposition(`${programmeLabel}-${year}.csv`, 'attachment', `${programme}-${year}.csv`));
      // A byte-order mark so spreadsheet programs read the Chinese names as UTF-8.
      return res.send(`\uFEFF${csv}`);
    }
    res.render('lists/list', { title: `${programmeLabel} ${year}`, programme, programmeLabel, year, rows: rows.map((r, i) => ({ ...r, n: i + 1 })), csvUrl: `/lists/${programme}/${year}.csv` });
  }
}
