import { Body, Controller, Get, Inject, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ActivitiesService } from '../activities/activities.service.js';
import { ACTIVITY_KINDS } from '../activities/activity.entity.js';
import { flash } from '../common/flash.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { DomainError, NotFoundError } from '../common/errors.js';
import { runForm, validateForm, type FieldErrors } from '../common/form.js';
import { pageCount } from '../common/list-query.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DocumentsService } from '../documents/documents.service.js';
import { translate } from '../i18n/i18n.js';
import { ACQUISITIONS, CONTEST_RANKS, FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, FLAG_KINDS, HIGH_TECH_FIELDS, IP_KINDS, IP_STATUSES, QUALIFICATION_KINDS, QUALIFICATION_LEVELS, TAX_MODES, TIERS } from '../policy/engine/facts.js';
import { ReferenceService } from '../reference/reference.service.js';
import { ActivityCreateDto, ContactCreateDto, CreditFlagCreateDto, IpAssetCreateDto, QualificationCreateDto, TaskCreateDto } from './children.dto.js';
import { EnterpriseMergeService } from './enterprise-merge.service.js';
import { ENTERPRISE_SORTS, EnterpriseCreateDto, EnterpriseListQueryDto, EnterpriseUpdateDto } from './enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';
import { enterpriseCan, seesInternal } from './enterprise.policy.js';
import { FinancialsPutDto } from './financials.dto.js';
import { FileLaddersService } from '../policy/file-ladders.service.js';
import { StoredFactsService } from './stored-facts.service.js';
import { FACT_SOURCES } from './stored-facts.dto.js';
import { CHECK_RESULTS } from './fact-check.entity.js';
import { ACTIVITY_TYPES, RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import { businessYear } from '../common/clock.js';
import { lookupTable } from '../common/own-key.js';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Enterprise') });

/** HTML forms post strings; the DTOs want numbers, booleans and lists. */
function formToProfile(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const num = (k: string) => {
    if (typeof out[k] === 'string' && out[k] !== '') out[k] = Number(String(out[k]).replace(/,/g, ''));
  };
  num('registeredCapital');
  num('assignedOfficerId');
  num('version');
  if (typeof out.tags === 'string') out.tags = out.tags.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  for (const k of ['rdLedger', 'restrictedCategory']) if (out[k] === 'true' || out[k] === 'false') out[k] = out[k] === 'true';
  for (const [k, v] of Object.entries(out)) if (v === '') out[k] = undefined;
  return out;
}

function formToFigures(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === '' || v === undefined) continue;
    out[k] = typeof v === 'string' && /^-?[\d,.]+$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v;
  }
  return out;
}

/** The four "add to the file" forms: their DTO, how the posted strings become its values, the section they live in. */
type ChildForm = 'ip' | 'qualification' | 'flag' | 'contact' | 'activity' | 'task';

const checkbox = (v: unknown) => v === 'on' || v === 'true' || v === true;
const numberOrUndefined = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && /^-?[\d,]+(\.\d+)?$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : v === '' ? undefined : v);

const CHILD_FORMS: Record<ChildForm, { dto: new () => object; anchor: string; labels: string; saved?: string; toDto(body: Record<string, unknown>): Record<string, unknown> }> = lookupTable<Record<ChildForm, { dto: new () => object; anchor: string; labels: string; saved?: string; toDto(body: Record<string, unknown>): Record<string, unknown> }>>({
  ip: {
    dto: IpAssetCreateDto,
    anchor: 'ip',
    labels: 'ip',
    toDto: (b) => ({
      kind: b.kind, number: b.number, title: b.title, status: b.status, grantedOn: b.grantedOn, expiresOn: b.expiresOn, acquisition: b.acquisition,
      usedInHighTechApplication: checkbox(b.usedInHighTechApplication), relatedToMainProducts: checkbox(b.relatedToMainProducts),
    }),
  },
  qualification: {
    dto: QualificationCreateDto,
    anchor: 'qualifications',
    labels: 'qualification',
    toDto: (b) => ({
      kind: b.kind, level: b.level, rank: b.rank, on: b.on, validUntil: b.validUntil, certificateNumber: b.certificateNumber, note: b.note,
      amount: numberOrUndefined(b.amount),
      ...(b.kind === 'standard-drafting' ? { drafterRank: numberOrUndefined(b.positionRank) } : { unitRank: numberOrUndefined(b.positionRank) }),
    }),
  },
  flag: { dto: CreditFlagCreateDto, anchor: 'credit-flags', labels: 'flag', toDto: (b) => ({ kind: b.kind, on: b.on, source: b.source, note: b.note }) },
  contact: { dto: ContactCreateDto, anchor: 'contacts', labels: 'contact', toDto: (b) => ({ name: b.name, role: b.role, phone: b.phone, email: b.email }) },
  // The visit date is a calendar day; noon Beijing time keeps it on that day in any zone.
  task: { dto: TaskCreateDto, anchor: 'tasks', labels: 'figure', saved: 'task.created', toDto: (b) => ({ title: b.title, dueOn: b.dueOn }) },
  activity: { dto: ActivityCreateDto, anchor: 'timeline', labels: 'activity', saved: 'activity.recorded', toDto: (b) => ({ kind: b.kind, text: b.text, at: typeof b.at === 'string' && b.at ? `${b.at}T12:00:00+08:00` : undefined }) },
});

@ApiExcludeController()
@Controller()
export class EnterpriseController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly activities: ActivitiesService,
    private readonly reference: ReferenceService,
    private readonly documents: DocumentsService,
    private readonly merger: EnterpriseMergeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storedFacts: StoredFactsService,
    private readonly fileLadders: FileLaddersService,
  ) {}

  private async options() {
    return { districts: await this.reference.districts(), zones: await this.reference.zones(), fields: HIGH_TECH_FIELDS, taxModes: TAX_MODES, tiers: TIERS };
  }

  @Get('enterprises')
  @Roles('admin', 'manager', 'officer')
  @Render('enterprises/list')
  async list(@CurrentActor() actor: Actor, @Query() query: EnterpriseListQueryDto) {
    const page = await this.enterprises.list(actor, { ...query, pageSize: query.pageSize ?? 50 });
    const pages = pageCount(page.total, page.pageSize);
    const districts = await this.reference.districts();
    const currentSort = query.sort ?? '-updatedAt';
    const filters = { q: query.q, districtCode: query.districtCode, zoneCode: query.zoneCode, tier: query.tier, highTechField: query.highTechField, tag: query.tag, expiringWithinMonths: query.expiringWithinMonths, assignedOfficerId: query.assignedOfficerId };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      title: translate(actor.locale, 'nav.enterprises'),
      ...(await this.options()),
      officers: await this.enterprises.officersInScope(actor),
      query: { ...filters, sort: currentSort },
      filters,
      canCreate: enterpriseCan(actor).create,
      canImport: enterpriseCan(actor).import,
      exportCsvUrl: `/enterprises/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
      exportXlsxUrl: `/enterprises/export.xlsx${exportQuery ? `?${exportQuery}` : ''}`,
      sortLinks: Object.fromEntries(ENTERPRISE_SORTS.map((k) => [k, currentSort === k ? `-${k}` : k])),
      sortState: Object.fromEntries(ENTERPRISE_SORTS.map((k) => [k, currentSort === k ? '▲' : currentSort === `-${k}` ? '▼' : ''])),
      items: page.items.map((e) => ({ ...e, district: districts.find((d) => d.code === e.districtCode) })),
      total: page.total,
      page: page.page,
      pages,
      prevPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page < pages ? page.page + 1 : null,
    };
  }

  @Get('enterprises/new')
  @Roles('admin', 'officer')
  @Render('enterprises/form')
  async newForm(@CurrentActor() actor: Actor) {
    return { title: translate(actor.locale, 'enterprise.new'), ...(await this.options()), isNew: true, values: { districtCode: actor.districtCode ?? '' }, errors: {} };
  }

  @Post('enterprises')
  @Roles('admin', 'officer')
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const rerender = async (status: number, errors: FieldErrors, message?: string) =>
      res.status(status).render('enterprises/form', { title: translate(actor.locale, 'enterprise.new'), ...(await this.options()), isNew: true, values: body, errors, message });
    return runForm(req, res, actor.locale, {
      dto: EnterpriseCreateDto,
      input: formToProfile(body),
      labels: { registeredCapital: 'enterprise.registeredCapitalYuan' },
      run: (value) => this.enterprises.create(actor, value),
      done: ({ enterprise, possibleDuplicates }) => ({
        redirect: `/enterprises/${enterprise.id}`,
        flash: [
          { type: 'success', text: translate(actor.locale, 'enterprise.created', { name: enterprise.name }) },
          ...(possibleDuplicates.length ? [{ type: 'warning' as const, text: translate(actor.locale, 'enterprise.possibleDuplicates', { names: possibleDuplicates.map((d) => `${d.name} (${d.uscc})`).join('; ') }) }] : []),
        ],
      }),
      rerender: (status, errors, { message }) => rerender(status, errors, message),
    });
  }

  @Get('my-enterprise')
  @Roles('enterprise')
  myEnterprise(@CurrentActor() actor: Actor, @Res() res: Response) {
    if (!actor.enterpriseId) throw new NotFoundError('Enterprise');
    res.redirect(302, `/enterprises/${actor.enterpriseId}`);
  }

  @Get('enterprises/:id')
  @Render('enterprises/file')
  async file(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query('kind') kind?: string) {
    return this.fileView(actor, id, kind);
  }

  /** The file page's view model; `forms` carries a child form's values and field errors on a 422 re-render. */
  private async fileView(actor: Actor, id: number, kind?: string, forms: Partial<Record<ChildForm, { values: Record<string, unknown>; errors: FieldErrors; message?: string }>> = {}) {
    const file = await this.enterprises.file(actor, id);
    const kinds = kind && ['visit', 'call', 'meeting', 'note', 'task-completed', 'change', 'status'].includes(kind) ? [kind] : undefined;
    const can = enterpriseCan(actor);
    const internal = seesInternal(actor);
    const [timeline, district, zone, documents] = await Promise.all([
      internal ? this.activities.timeline(actor, id, { kinds, limit: 100 }) : [],
      this.reference.district(file.enterprise.districtCode),
      this.reference.zone(file.enterprise.zoneCode),
      this.documents.list(actor, id, { history: true }),
    ]);
    const canEdit = can.edit;
    const latestYear = file.financials[0]?.year;
    const reportYear = businessYear() - 1;
    // Current revisions, each with its earlier ones.
    const current = documents.filter((d) => d.current).map((d) => ({ ...d, history: documents.filter((h) => h.seriesId === d.seriesId && !h.current).sort((a, b) => b.revision - a.revision) }));
    const documentOwners = [
      ...(canEdit ? [{ value: `enterprise:${id}`, label: translate(actor.locale, 'document.owner.enterprise') }] : []),
      ...(can.reportFigures ? file.financials.map((f) => ({ value: `annual_financials:${f.id}`, label: translate(actor.locale, 'document.owner.annual_financials', { year: f.year }) })) : []),
      ...(canEdit ? file.qualifications.map((q) => ({ value: `qualification:${q.id}`, label: `${translate(actor.locale, `qualKind.${q.kind}`)} · ${q.certificateNumber ?? q.on}` })) : []),
    ];
    const officer = await this.enterprises.userName(file.enterprise.assignedOfficerId);
    // Every configured ladder: current rung (recognitions), highest eligible rung, gap to the next.
    const ladders = await this.fileLadders.panels(actor, id, file.recognitions);
    // Stored facts with provenance: the R&D ledger per year and the last check per subject.
    const [rdLedgers, checks] = await Promise.all([this.storedFacts.ledgers(actor, id), this.storedFacts.lastChecks(id)]);
    const ledgerValues = rdLedgers.find((l) => l.year === reportYear) ?? {};
    const ledgerProjects = [...((ledgerValues as { projects?: { name?: string; activityType: string }[] }).projects ?? [])];
    while (ledgerProjects.length < 3) ledgerProjects.push({ name: '', activityType: '' });
    // Evidence per fiscal year and per certificate, shown beside them.
    const evidence = (kind: string, ownerId: number) => current.filter((d) => d.ownerKind === kind && d.ownerId === ownerId).length;
    const form = (name: ChildForm) => ({ values: forms[name]?.values ?? {}, errors: forms[name]?.errors ?? {}, message: forms[name]?.message, open: !!forms[name] });
    return {
      title: file.enterprise.name,
      ...file,
      financials: file.financials.map((f) => ({ ...f, documentCount: evidence('annual_financials', f.id) })),
      qualifications: file.qualifications.map((q) => ({ ...q, documentCount: evidence('qualification', q.id) })),
      district,
      zone,
      officer,
      ladders,
      timeline,
      timelineKind: kind ?? '',
      activityKinds: ACTIVITY_KINDS,
      canEdit,
      canMerge: can.merge,
      canReportFigures: can.reportFigures,
      // Tasks and the timeline are staff-only (the same decision as the JSON API's).
      isEnterpriseUser: !internal,
      figureRows: [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS].map((field) => ({
        field,
        money: (FINANCIAL_MONEY_FIELDS as readonly string[]).includes(field),
        values: file.financials.map((f) => (f as unknown as Record<string, unknown>)[field]),
      })),
      reportYear,
      reportValues: file.financials.find((f) => f.year === reportYear) ?? {},
      rdLedgers: [...rdLedgers].reverse(),
      rdLedgerRows: RD_EXPENSE_MONEY_FIELDS.map((field) => ({ field, values: [...rdLedgers].reverse().map((l) => (l as Record<string, unknown>)[field]) })),
      ledgerValues,
      ledgerProjects: ledgerProjects.map((p, i) => ({ ...p, n: i + 1 })),
      checks,
      checkResults: CHECK_RESULTS,
      // An enterprise user records no checks; staff pick who answered (the IP office, Credit China …).
      factSources: FACT_SOURCES.filter((x) => x !== 'enterprise' && x !== 'import'),
      latestYear,
      documents: current,
      documentOwners,
      canUpload: documentOwners.length > 0,
      uploadMaxMb: Math.round(this.config.uploadMaxBytes / 1048576),
      choices: { ipKinds: IP_KINDS, ipStatuses: IP_STATUSES, acquisitions: ACQUISITIONS, qualificationKinds: QUALIFICATION_KINDS, levels: QUALIFICATION_LEVELS, ranks: CONTEST_RANKS, flagKinds: FLAG_KINDS, activityTypes: ACTIVITY_TYPES },
      ipForm: form('ip'),
      qualificationForm: form('qualification'),
      flagForm: form('flag'),
      contactForm: form('contact'),
      activityForm: form('activity'),
      taskForm: form('task'),
    };
  }

  /** Adds an IP asset, qualification, credit record or contact from the file page: 422 re-render with field messages, or PRG. */
  private async addChild(actor: Actor, id: number, name: ChildForm, body: Record<string, unknown>, req: Request, res: Response, save: (dto: never) => Promise<unknown>) {
    const spec = CHILD_FORMS[name];
    const rerender = async (status: number, errors: FieldErrors, message?: string) =>
      res.status(status).render('enterprises/file', await this.fileView(actor, id, undefined, { [name]: { values: body, errors, message } }));
    return runForm(req, res, actor.locale, {
      dto: spec.dto,
      input: spec.toDto(body),
      labels: spec.labels,
      run: (value) => save(value as never),
      done: () => ({ redirect: `/enterprises/${id}#${spec.anchor}`, flash: translate(actor.locale, spec.saved ?? `child.saved.${name}`) }),
      rerender: (status, errors, { message }) => rerender(status === 409 ? 409 : 422, errors, message),
    });
  }

  @Post('enterprises/:id/ip-assets')
  @Roles('admin', 'officer')
  addIpAsset(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'ip', body, req, res, (dto: IpAssetCreateDto) => this.enterprises.addIpAsset(actor, id, dto));
  }

  @Post('enterprises/:id/qualifications')
  @Roles('admin', 'officer')
  addQualification(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'qualification', body, req, res, (dto: QualificationCreateDto) => this.enterprises.addQualification(actor, id, dto));
  }

  @Post('enterprises/:id/credit-flags')
  @Roles('admin', 'officer')
  addCreditFlag(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'flag', body, req, res, (dto: CreditFlagCreateDto) => this.enterprises.addCreditFlag(actor, id, dto));
  }

  @Post('enterprises/:id/contacts')
  @Roles('admin', 'officer')
  addContact(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'contact', body, req, res, (dto: ContactCreateDto) => this.enterprises.addContact(actor, id, dto));
  }

  /** Merge preview: pick the duplicate (id or USCC; similar names suggested), see what moves and which years conflict. */
  @Get('enterprises/:id/merge')
  @Roles('admin')
  @Render('enterprises/merge')
  async mergePreview(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Query('duplicate') typed?: string) {
    return this.mergeView(actor, id, typeof typed === 'string' ? typed : '');
  }

  private async mergeView(actor: Actor, id: number, typed: string, extra: Record<string, unknown> = {}) {
    const survivor = (await this.enterprises.file(actor, id)).enterprise;
    const candidates = await this.merger.candidates(actor, survivor);
    let preview = null;
    let lookupError: string | null = null;
    if (typed.trim()) {
      try {
        const duplicateId = await this.merger.resolveDuplicate(actor, typed);
        if (duplicateId === null) lookupError = translate(actor.locale, 'merge.lookupInvalid');
        else preview = await this.merger.preview(actor, id, duplicateId);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status >= 500) throw err;
        lookupError = translate(actor.locale, err.status === 404 || err.details.some((d) => d.field === 'duplicateId') ? 'merge.lookupNotFound' : 'validation.invalid');
      }
    }
    const moves = preview ? Object.entries(preview.moves).map(([key, count]) => ({ key, count })) : [];
    return {
      title: translate(actor.locale, 'merge.title'), survivor, typed, candidates, preview, lookupError, moves,
      figureFields: [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS].map((field) => ({ field, money: (FINANCIAL_MONEY_FIELDS as readonly string[]).includes(field) })),
      ...extra,
    };
  }

  @Post('enterprises/:id/merge')
  @Roles('admin')
  async merge(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const duplicateId = Number(body.duplicateId);
    const version = Number(body.version);
    const keepDuplicateYears = Object.entries(body).filter(([k, v]) => /^keep_\d{4}$/.test(k) && v === 'duplicate').map(([k]) => Number(k.slice(5)));
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.merger.merge(actor, id, { duplicateId, version, keepDuplicateYears }),
      done: (result) => ({
        redirect: `/enterprises/${id}`,
        flash: [
          { type: 'success', text: translate(actor.locale, 'merge.done', { name: result.duplicate.name, uscc: result.duplicate.uscc }) },
          ...(result.conflicts.length ? [{ type: 'info' as const, text: translate(actor.locale, 'merge.conflictsReport', { years: result.conflicts.map((c) => `${c.year} (${translate(actor.locale, `merge.kept.${c.kept}`)})`).join(', ') }) }] : []),
        ],
      }),
      rerender: async (status, _errors, { stale }) => {
        const message = translate(actor.locale, stale ? 'merge.stale' : 'merge.failed');
        return res.status(status === 409 ? 409 : 422).render('enterprises/merge', await this.mergeView(actor, id, Number.isSafeInteger(duplicateId) ? String(duplicateId) : '', { message }));
      },
    });
  }

  @Get('enterprises/:id/edit')
  @Roles('admin', 'officer')
  @Render('enterprises/form')
  async editForm(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number) {
    const e = (await this.enterprises.file(actor, id)).enterprise;
    return { title: e.name, ...(await this.options()), isNew: false, enterprise: e, values: { ...e, tags: e.tags.join(', ') }, errors: {} };
  }

  @Post('enterprises/:id')
  @Roles('admin', 'officer')
  async update(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const current = (await this.enterprises.file(actor, id)).enterprise;
    const rerender = async (status: number, errors: FieldErrors, extra: Record<string, unknown> = {}) =>
      res.status(status).render('enterprises/form', { title: current.name, ...(await this.options()), isNew: false, enterprise: current, current: { ...current, tags: current.tags.join(', ') }, values: body, errors, ...extra });
    return runForm(req, res, actor.locale, {
      dto: EnterpriseUpdateDto,
      input: formToProfile(body),
      run: (value) => this.enterprises.update(actor, id, value),
      done: () => ({ redirect: `/enterprises/${id}`, flash: translate(actor.locale, 'enterprise.updated') }),
      // 409: what was typed stays, the current values show beside it, and the form carries the new version.
      rerender: (status, errors, { message, stale }) =>
        stale ? rerender(409, {}, { stale: stale.text, values: { ...body, version: current.version } }) : rerender(status, errors, { message }),
    });
  }

  @Post('enterprises/:id/activities')
  @Roles('admin', 'officer')
  addActivity(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    // A bad date re-renders the file page with the typed note kept (it used to end on a 400 page).
    return this.addChild(actor, id, 'activity', body, req, res, (dto: ActivityCreateDto) => this.enterprises.addActivity(actor, id, dto));
  }

  @Post('enterprises/:id/tasks')
  @Roles('admin', 'officer')
  addTask(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    return this.addChild(actor, id, 'task', body, req, res, (dto: TaskCreateDto) => this.enterprises.addTask(actor, id, dto));
  }

  @Post('enterprises/:id/financials')
  @Roles('admin', 'officer', 'enterprise')
  async putFinancials(@CurrentActor() actor: Actor, @Param('id', idPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const year = Number(body.year);
    const { year: _y, ...rest } = body;
    const form = await validateForm(FinancialsPutDto, formToFigures(rest), actor.locale);
    if (!form.ok) {
      flash(req, 'danger', Object.entries(form.errors).map(([k, v]) => `${translate(actor.locale, `figure.${k}`)}: ${v}`).join(' '));
      return res.redirect(303, `/enterprises/${id}#figures`);
    }
    return runForm(req, res, actor.locale, {
      input: {},
      run: () => this.enterprises.putFinancials(actor, id, year, form.value),
      done: () => ({ redirect: `/enterprises/${id}#figures`, flash: translate(actor.locale, 'financials.saved', { year }) }),
      rerender: (_status, errors, { message, stale }) => {
        flash(req, 'danger', stale?.text ?? ([message, ...Object.values(errors)].filter(Boolean).join(' ') || translate(actor.locale, 'error.400')));
        return res.redirect(303, `/enterprises/${id}#figures`);
      },
    });
  }
}

@ApiExcludeController()
@Controller('tasks')
@Roles('admin', 'manager', 'officer')
export class TaskController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @Render('tasks/mine')
  async mine(@CurrentActor() actor: Actor) {
    return { title: translate(actor.locale, 'nav.tasks'), ...(await this.activities.myTasks(actor)) };
  }

  @Post(':id/complete')
  async complete(@CurrentActor() actor: Actor, @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Task') })) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.activities.completeTask(actor, id, body.version ? Number(body.version) : undefined);
    flash(req, 'success', translate(actor.locale, 'task.completed'));
    res.redirect(303, typeof body.back === 'string' && /^\/[a-z]/.test(body.back) ? body.back : '/tasks');
  }
}
