import { rm } from 'node:fs/promises';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../common/lazy-require.js';

const excel = lazyRequire<typeof ExcelJSModule>('exceljs');
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditService, type AuditChange } from '../audit/audit.service.js';
import { scopeAllows, scopeOf, type AccessScope } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../common/policy.js';
import { decideEnterprise, decidePlacement, defaultAssignedOfficer } from '../enterprises/enterprise.policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnsupportedMediaTypeError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { businessToday } from '../common/date-range.js';
import { sniffFile } from '../documents/file-sniffer.js';
import { cleanFileName } from '../common/content-disposition.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import { CreditFlag } from '../enterprises/credit-flag.entity.js';
import { EnterpriseTag } from '../enterprises/enterprise-tag.entity.js';
import { FactCheck } from '../enterprises/fact-check.entity.js';
import { normaliseEnterpriseName } from '../enterprises/enterprise-name.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { splitTags } from '../enterprises/enterprise.mapper.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, LISTING_FLAG_KINDS } from '../policy/engine/facts.js';
import { ReferenceService } from '../reference/reference.service.js';
import { auditMany } from '../audit/audit-many.js';
import { COLUMNS, IMPORT_KINDS, mapHeaders, parseCell, type ColumnDef, type ImportKind } from './import-columns.js';
import { readTable, yielder } from './import-file.js';
import { ImportJob, type ImportRow, type ImportRowError } from './import-job.entity.js';
import { seesAllImports } from './import.policy.js';
import { IMPORT_SOURCES } from '../policy/fact-provenance.js';
import { importSource } from './import-source.js';
import { createChanges, linkedRows, plannedUpdate, same, updateChanges, type Changes, type Planned } from './plan-rows.js';
import { KpiFigures, KPI_FIGURE_FIELDS } from '../kpis/kpi-figures.entity.js';
import { KpiGradesService } from '../kpis/kpi-grades.service.js';
import type { GradingParams } from '../kpis/kpi-grading.js';
import { ImportEvents } from './import-events.js';

const CHUNK = 400;
const PREVIEW_LIMIT = 200;
const FIGURES = [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS] as const;
const ENTERPRISE_FIELDS = ['name', 'districtCode', 'zoneCode', 'establishedOn', 'industryCode', 'taxMode', 'highTechField', 'registeredCapital', 'address', 'tags', 'rdLedger', 'restrictedCategory'] as const;
const IP_FIELDS = ['kind', 'title', 'status', 'grantedOn', 'expiresOn', 'acquisition', 'usedInHighTechApplication', 'relatedToMainProducts', 'coOwners'] as const;

interface Plan {
  items: Planned[];
  errors: ImportRowError[];
}

export interface ImportCounts {
  total: number;
  create: number;
  update: number;
  unchanged: number;
  error: number;
}

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Imports of registry, tax and IP-office files, linked by USCC. A dry run parses and plans every
 * row against the current data (per-row errors, create/update/unchanged), and is kept as a job so
 * it can be committed by id. A commit re-plans inside one transaction and applies everything or
 * nothing; writes are batched and existing keys are loaded in bulk (no per-row SELECT). The upsert
 * is by natural key (USCC; USCC + year; IP number) and only sets what the file states, so importing
 * the same file again changes nothing. The actor's scope applies row by row.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly kpiGrades: KpiGradesService,
    @Optional() private readonly events?: ImportEvents,
  ) {}

  private assertCanImport(actor: Actor): void {
    enforce(decideEnterprise(actor, 'import'));
  }

  private assertKind(kind: string): asserts kind is ImportKind {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidInputError(`kind must be one of ${IMPORT_KINDS.join(', ')}`, [{ field: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` }]);
    }
  }

  /** Parses and plans a file; records the job (status planned, or invalid when any row fails). */
  async dryRun(actor: Actor, kind: string, file: IncomingFile, source?: string): Promise<ImportJob> {
    try {
      this.assertCanImport(actor);
      this.assertKind(kind);
      if (source !== undefined && source !== '' && !(IMPORT_SOURCES as readonly string[]).includes(source)) {
        throw new InvalidInputError(`source must be one of ${IMPORT_SOURCES.join(', ')}`, [{ field: 'source', message: `must be one of ${IMPORT_SOURCES.join(', ')}`, key: 'constraint.choice' }]);
      }
      const sniffed = await sniffFile(file.path);
      if (!sniffed || (sniffed.kind !== 'csv' && sniffed.kind !== 'xlsx')) {
        throw new UnsupportedMediaTypeError('Imports accept CSV or XLSX files (decided by the content, not the name)', [], 'import.unsupported');
      }
      const table = await readTable(file.path, sniffed.kind);
      const mapping = mapHeaders(kind, table.headers);
      if (mapping.missing.length) {
        throw new InvalidInputError(
          `Required columns missing: ${mapping.missing.map((d) => `${d.zh} (${d.en})`).join(', ')}`,
          mapping.missing.map((d) => ({ field: d.zh, message: `required column missing (${d.en})` })),
          'import.missingColumns',
        );
      }
      const refs = { districts: await this.reference.districts(), zones: await this.reference.zones() };
      const today = businessToday();
      const rows: ImportRow[] = [];
      const errors: ImportRowError[] = [];
      const pause = yielder();
      for (const raw of table.rows) {
        await pause();
        const values: Record<string, unknown> = {};
        let failed = false;
        for (const [index, { def, unit, header }] of mapping.columns) {
          const cell = parseCell(def, raw.cells[index] ?? null, unit, refs, today);
          if (!cell.ok) {
            errors.push({ row: raw.row, column: header, key: cell.key, params: cell.params });
            failed = true;
          } else if (!('empty' in cell)) values[def.key] = cell.value;
        }
        for (const def of COLUMNS[kind].filter((d) => d.required && ['uscc', 'year', 'number'].includes(d.key))) {
          if (values[def.key] === undefined && !errors.some((e) => e.row === raw.row && e.column === headerOf(mapping, def))) {
            errors.push({ row: raw.row, column: headerOf(mapping, def), key: 'import.error.required' });
            failed = true;
          }
        }
        if (!failed) rows.push({ row: raw.row, values });
      }
      const plan = await this.plan(this.dataSource.manager, actor, kind, rows, (def) => headerOf(mapping, def));
      const allErrors = [...errors, ...plan.errors].sort((a, b) => a.row - b.row);
      const warnings: { key: string; params?: Record<string, unknown> }[] = [];
      if (mapping.ignored.length) warnings.push({ key: 'import.warning.ignored', params: { columns: mapping.ignored.join(', ') } });
      if (mapping.duplicated.length) warnings.push({ key: 'import.warning.duplicated', params: { columns: mapping.duplicated.join(', ') } });
      const earlier = await this.dataSource.getRepository(ImportJob).findOne({
        where: { fileSha256: file.sha256, kind, status: 'committed' }, order: { committedAt: 'DESC' }, select: { id: true, committedAt: true },
      });
      if (earlier) warnings.push({ key: 'import.warning.sameFile', params: { id: earlier.id } });
      const counts = this.count(table.rows.length, plan.items, allErrors);
      const job = this.dataSource.getRepository(ImportJob).create({
        kind, source: source || null, status: allErrors.length ? 'invalid' : 'planned', fileName: cleanFileName(file.originalname, `import.${sniffed.extension}`), fileFormat: sniffed.kind,
        fileSha256: file.sha256, fileSize: file.size, totalRows: counts.total, createCount: counts.create, updateCount: counts.update,
        unchangedCount: counts.unchanged, errorCount: counts.error, errors: allErrors, warnings, preview: this.preview(plan.items), rows,
        createdBy: actor.userId || null, createdByName: actor.displayName.slice(0, 64), createdAt: new Date(), committedAt: null, committedBy: null,
      });
      return await this.dataSource.getRepository(ImportJob).save(job);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** Applies a planned job in one transaction: re-planned against the data as it is now, all or nothing. */
  async commit(actor: Actor, jobId: number): Promise<ImportJob> {
    this.assertCanImport(actor);
    const started = Date.now();
    // Read outside the transaction (a second connection inside it could stall the pool): the grading
    // parameters a KPI-figures import regrades with.
    const gradingParams = await this.kpiGrades.params();
    const job = await this.dataSource.transaction(async (em) => {
      const job = await this.loadJob(em, actor, jobId, true);
      if (job.status === 'committed') throw new ConflictError('This import has already been committed', [], 'import.alreadyCommitted');
      if (job.status !== 'planned') throw new ConflictError(`The dry run found ${job.errorCount} row errors; correct the file and upload it again`, [], 'import.hasErrors');
      // Claim the job first: a second commit of the same job finds it no longer planned.
      const claimed = await em.createQueryBuilder().update(ImportJob)
        .set({ status: 'committed', committedAt: new Date(), committedBy: actor.userId || null, version: () => 'version + 1' } as never)
        .where('id = :id AND status = :planned', { id: job.id, planned: 'planned' }).execute();
      if (!claimed.affected) throw new ConflictError('This import has already been committed', [], 'import.alreadyCommitted');
      const kind = job.kind as ImportKind;
      const plan = await this.plan(em, actor, kind, job.rows ?? [], (def) => def.zh);
      if (plan.errors.length) {
        const details = plan.errors.slice(0, 100).map((e) => ({ field: `row ${e.row}${e.column ? ` ${e.column}` : ''}`, message: translate('en', e.key, e.params ?? {}) }));
        throw new ConflictError(`The data changed since the dry run: ${plan.errors.length} rows can no longer be applied; nothing was imported. Run the import again.`, details, 'import.changedSinceDryRun');
      }
      const source = importSource(kind, job.source);
      if (kind === 'enterprises') await this.applyEnterprises(em, actor, plan.items);
      else if (kind === 'financials') await this.applyFinancials(em, actor, plan.items, source);
      else if (kind === 'credit-lists') await this.applyCreditLists(em, actor, plan.items, source);
      else if (kind === 'kpi-figures') await this.applyKpiFigures(em, actor, plan.items, gradingParams);
      else await this.applyIpAssets(em, actor, plan.items, source);
      const counts = this.count(job.totalRows, plan.items, []);
      await em.update(ImportJob, { id: job.id }, {
        createCount: counts.create, updateCount: counts.update, unchangedCount: counts.unchanged, errorCount: 0, preview: this.preview(plan.items) as never,
        // The parsed rows served the dry run and the commit; the file's SHA-256 and the counts remain.
        rows: null as never,
      });
      await this.audit.record(em, actor, {
        action: 'import', entity: 'import_job', entityId: job.id,
        after: { kind, fileName: job.fileName, fileSha256: job.fileSha256, rows: counts.total, created: counts.create, updated: counts.update, unchanged: counts.unchanged },
      });
      return job;
    });
    this.logger.log(`import ${job.id} (${job.kind}, ${job.totalRows} rows) committed by ${actor.username} in ${Date.now() - started} ms`);
    // After the commit (a batch re-evaluation is queued, not run: the request does not wait for it).
    await this.events?.committed({ jobId: job.id, kind: job.kind, actor });
    return this.loadJob(this.dataSource.manager, actor, jobId, false);
  }

  /** One job of the actor (an admin sees every job); others' jobs are not found. */
  async get(actor: Actor, jobId: number): Promise<ImportJob> {
    this.assertCanImport(actor);
    return this.loadJob(this.dataSource.manager, actor, jobId, false);
  }

  private async loadJob(em: EntityManager, actor: Actor, jobId: number, withRows: boolean): Promise<ImportJob> {
    if (!Number.isSafeInteger(jobId) || jobId < 1) throw new NotFoundError('Import');
    const qb = em.getRepository(ImportJob).createQueryBuilder('j').where('j.id = :id', { id: jobId });
    if (!withRows) qb.select(JOB_SUMMARY_COLUMNS.map((c) => `j.${c}`));
    if (!seesAllImports(actor)) qb.andWhere('j.created_by = :me', { me: actor.userId });
    const job = await qb.getOne();
    if (!job) throw new NotFoundError('Import');
    return job;
  }

  /** Recent jobs: the actor's own (all for an admin), without their rows. */
  async recent(actor: Actor, limit = 20): Promise<ImportJob[]> {
    this.assertCanImport(actor);
    const qb = this.dataSource.getRepository(ImportJob).createQueryBuilder('j')
      .select(JOB_SUMMARY_COLUMNS.filter((c) => c !== 'errors' && c !== 'preview' && c !== 'warnings').map((c) => `j.${c}`))
      .orderBy('j.id', 'DESC').limit(Math.min(Math.max(limit, 1), 100));
    if (!seesAllImports(actor)) qb.where('j.created_by = :me', { me: actor.userId });
    return qb.getMany();
  }

  private count(total: number, items: Planned[], errors: ImportRowError[]): ImportCounts {
    const c = { total, create: 0, update: 0, unchanged: 0, error: new Set(errors.map((e) => e.row)).size };
    for (const p of items) c[p.action]++;
    return c;
  }

  private preview(items: Planned[]) {
    return items.filter((p) => p.action !== 'unchanged').slice(0, PREVIEW_LIMIT).map((p) => ({
      row: p.row, action: p.action, key: p.key,
      changes: Object.entries(p.changes).map(([field, c]) => ({ field, from: c.from ?? null, to: c.to ?? null })),
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Planning: bulk-load the existing records by natural key, then decide row by row.

  private async plan(em: EntityManager, actor: Actor, kind: ImportKind, rows: ImportRow[], header: (def: ColumnDef) => string): Promise<Plan> {
    const col = (key: string) => header(COLUMNS[kind].find((d) => d.key === key)!);
    const scope = scopeOf(actor);
    const enterprises = await this.enterprisesByUscc(em, rows.map((r) => String(r.values.uscc)));
    if (kind === 'enterprises') {
      // Placement (district, and a zone of the actor's own area) is the enterprise policy's decision, as in the form.
      const zones = new Map((await this.reference.zones()).map((z) => [z.code, z.districtCode]));
      const placeable = (districtCode: string, zoneCode: string | null) =>
        decidePlacement(actor, { districtCode, zone: zoneCode ? { code: zoneCode, districtCode: zones.get(zoneCode) ?? '' } : null }).allowed;
      return this.planEnterprises(actor, scope, placeable, rows, enterprises, col);
    }
    if (kind === 'financials') return this.planFinancials(em, scope, rows, enterprises, col);
    if (kind === 'credit-lists') return this.planCreditLists(em, scope, rows, enterprises, col);
    if (kind === 'kpi-figures') return this.planKpiFigures(em, scope, rows, enterprises, col);
    return this.planIpAssets(em, scope, rows, enterprises, col);
  }

  private async enterprisesByUscc(em: EntityManager, usccs: string[]): Promise<Map<string, Enterprise>> {
    const map = new Map<string, Enterprise>();
    for (const part of chunks([...new Set(usccs)])) {
      const found = await em.getRepository(Enterprise).createQueryBuilder('e').withDeleted().where('e.uscc IN (:...u)', { u: part }).getMany();
      for (const e of found) map.set(e.uscc, e);
    }
    return map;
  }

  /**
   * Enterprise rows. A USCC whose file the actor cannot see (another district's, live or deleted)
   * is planned exactly like an unknown USCC (required columns, then placement), and where that
   * would create, it answers the same row error as a row placed outside the actor's area: the
   * only thing it tells is what the unique key itself implies.
   */
  private planEnterprises(actor: Actor, scope: AccessScope, placeable: (districtCode: string, zoneCode: string | null) => boolean, rows: ImportRow[], existing: Map<string, Enterprise>, col: (k: string) => string): Plan {
    const items: Planned[] = [];
    const errors: ImportRowError[] = [];
    const seen = new Map<string, number>();
    for (const { row, values } of rows) {
      const uscc = String(values.uscc);
      const err = (key: string, column: string | null, params?: Record<string, unknown>) => errors.push({ row, column, key, params });
      const first = seen.get(uscc);
      if (first !== undefined) {
        err('import.error.duplicateInFile', col('uscc'), { row: first });
        continue;
      }
      seen.set(uscc, row);
      const found = existing.get(uscc);
      const e = found && scopeAllows(scope, found) ? found : undefined;
      if (e?.deletedAt) {
        err('import.error.deleted', col('uscc'));
        continue;
      }
      if (!e) {
        if (values.name === undefined) err('import.error.required', col('name'));
        if (values.districtCode === undefined) err('import.error.required', col('districtCode'));
        if (values.name === undefined || values.districtCode === undefined) continue;
        if (found || !placeable(String(values.districtCode), (values.zoneCode as string | undefined) ?? null)) {
          err('import.error.outOfScope', null);
          continue;
        }
        const created = { ...values, assignedOfficerId: defaultAssignedOfficer(actor) };
        items.push({ row, action: 'create', key: uscc, values: created, changes: Object.fromEntries(ENTERPRISE_FIELDS.filter((k) => values[k] !== undefined).map((k) => [k, { from: null, to: values[k] }])) });
        continue;
      }
      const current: Record<string, unknown> = { ...e, tags: splitTags(e.tags) };
      const changes: Planned['changes'] = {};
      for (const k of ENTERPRISE_FIELDS) if (values[k] !== undefined && !same(current[k], values[k])) changes[k] = { from: current[k] ?? null, to: values[k] };
      const district = String(values.districtCode ?? e.districtCode);
      const zone = values.zoneCode !== undefined ? String(values.zoneCode) : e.zoneCode;
      if ((changes.districtCode || changes.zoneCode) && !placeable(district, zone)) {
        err('import.error.moveOutOfScope', col(changes.districtCode ? 'districtCode' : 'zoneCode'));
        continue;
      }
      items.push({ row, action: Object.keys(changes).length ? 'update' : 'unchanged', key: uscc, id: e.id, version: e.version, enterpriseId: e.id, values, changes });
    }
    return { items, errors };
  }

  /** The enterprise a row links to by USCC, if it exists, is not deleted and is in scope. */
  private linked(scope: AccessScope, existing: Map<string, Enterprise>, uscc: string): Enterprise | null {
    const e = existing.get(uscc);
    return e && !e.deletedAt && scopeAllows(scope, e) ? e : null;
  }

  private async planFinancials(em: EntityManager, scope: AccessScope, rows: ImportRow[], existing: Map<string, Enterprise>, col: (k: string) => string): Promise<Plan> {
    const items: Planned[] = [];
    const errors: ImportRowError[] = [];
    const linked = linkedRows(rows, {
      keyOf: (v) => `${String(v.uscc)}/${v.year}`, link: (uscc) => this.linked(scope, existing, uscc), duplicateColumn: col('year'), usccColumn: col('uscc'),
    }, errors);
    const ids = [...new Set(linked.map((r) => r.enterprise.id))];
    const years = [...new Set(linked.map((r) => Number(r.values.year)))];
    const current = new Map<string, AnnualFinancials>();
    for (const part of chunks(ids)) {
      if (!years.length) break;
      const found = await em.find(AnnualFinancials, { where: { enterpriseId: In(part), year: In(years) } });
      for (const f of found) current.set(`${f.enterpriseId}/${f.year}`, f);
    }
    // Figures are money or counts: equal within a tenth of a fen, and a figure on file that is unknown always changes.
    const sameFigure = (a: unknown, b: unknown) => a !== null && a !== undefined && Math.abs(Number(a) - Number(b)) <= 0.001;
    for (const r of linked) {
      const wanted = Object.fromEntries(FIGURES.map((k) => [k, r.values[k]]));
      const f = current.get(`${r.enterprise.id}/${r.values.year}`);
      if (!f) {
        const changes = createChanges(wanted);
        if (!Object.keys(changes).length) errors.push({ row: r.row, column: null, key: 'import.error.noFigures' });
        else items.push({ row: r.row, action: 'create', key: r.key, enterpriseId: r.enterprise.id, values: r.values, changes });
        continue;
      }
      items.push(plannedUpdate(r, f, updateChanges(f as unknown as Record<string, unknown>, wanted, sameFigure)));
    }
    return { items, errors };
  }

  private async planIpAssets(em: EntityManager, scope: AccessScope, rows: ImportRow[], existing: Map<string, Enterprise>, col: (k: string) => string): Promise<Plan> {
    const items: Planned[] = [];
    const errors: ImportRowError[] = [];
    const current = new Map<string, IpAsset>();
    for (const part of chunks([...new Set(rows.map((r) => String(r.values.number)))])) {
      for (const a of await em.find(IpAsset, { where: { number: In(part) } })) current.set(a.number, a);
    }
    // Owners of existing assets that the file gives to another enterprise: loaded in bulk for the scope check.
    const ownerIds = [...new Set([...current.values()].map((a) => a.enterpriseId))];
    const owners = new Map<number, Enterprise>();
    for (const part of chunks(ownerIds)) {
      for (const e of await em.getRepository(Enterprise).createQueryBuilder('e').withDeleted().where('e.id IN (:...ids)', { ids: part }).getMany()) owners.set(e.id, e);
    }
    const linked = linkedRows(rows, {
      keyOf: (v) => String(v.number), link: (uscc) => this.linked(scope, existing, uscc), duplicateColumn: col('number'), usccColumn: col('uscc'),
    }, errors);
    for (const r of linked) {
      const { row, values, key: number, enterprise: e } = r;
      const wanted = Object.fromEntries(IP_FIELDS.map((k) => [k, values[k]]));
      const a = current.get(number);
      const owner = a ? owners.get(a.enterpriseId) : undefined;
      // A number registered to a file the actor cannot see is planned like a new number (required
      // columns first), then refused: the unique number is all it reveals.
      const elsewhere = !!a && a.enterpriseId !== e.id && (!owner || !scopeAllows(scope, owner));
      if (!a || elsewhere) {
        if (values.kind === undefined) errors.push({ row, column: col('kind'), key: 'import.error.required' });
        if (values.status === undefined) errors.push({ row, column: col('status'), key: 'import.error.required' });
        if (values.kind === undefined || values.status === undefined) continue;
        if (elsewhere) {
          errors.push({ row, column: col('number'), key: 'import.error.ipElsewhere' });
          continue;
        }
        items.push({ row, action: 'create', key: number, enterpriseId: e.id, values, changes: createChanges(wanted) });
        continue;
      }
      const moved: Changes = a.enterpriseId !== e.id && owner ? { uscc: { from: owner.uscc, to: e.uscc } } : {};
      items.push(plannedUpdate(r, a, { ...moved, ...updateChanges({ ...a, coOwners: a.coOwners ?? [] }, wanted) }));
    }
    return { items, errors };
  }

  /**
   * Credit lists: one row per listing (USCC + list + listing date). A new listing is created; a row
   * for a listing on file sets what the file states (a removal date, the source, the reason) and
   * never clears one, so the same file imported again changes nothing.
   */
  private async planCreditLists(em: EntityManager, scope: AccessScope, rows: ImportRow[], existing: Map<string, Enterprise>, col: (k: string) => string): Promise<Plan> {
    const items: Planned[] = [];
    const errors: ImportRowError[] = [];
    const linked = linkedRows(rows, {
      keyOf: (v) => `${String(v.uscc)}/${v.kind}/${v.listedOn}`, link: (uscc) => this.linked(scope, existing, uscc), duplicateColumn: col('listedOn'), usccColumn: col('uscc'),
    }, errors);
    const current = new Map<string, CreditFlag>();
    for (const part of chunks([...new Set(linked.map((r) => r.enterprise.id))])) {
      for (const f of await em.find(CreditFlag, { where: { enterpriseId: In(part), kind: In([...LISTING_FLAG_KINDS]) } })) current.set(`${f.enterpriseId}/${f.kind}/${f.flaggedOn}`, f);
    }
    for (const r of linked) {
      const { row, values, key, enterprise: e } = r;
      if (values.kind === undefined || values.listedOn === undefined) {
        for (const k of ['kind', 'listedOn'] as const) if (values[k] === undefined) errors.push({ row, column: col(k), key: 'import.error.required' });
        continue;
      }
      if (values.removedOn !== undefined && String(values.removedOn) < String(values.listedOn)) {
        errors.push({ row, column: col('removedOn'), key: 'import.error.removedBeforeListed' });
        continue;
      }
      const wanted = { removedOn: values.removedOn, source: values.source, note: values.note };
      const f = current.get(`${e.id}/${values.kind}/${values.listedOn}`);
      if (!f) items.push({ row, action: 'create', key, enterpriseId: e.id, values, changes: createChanges({ kind: values.kind, listedOn: values.listedOn, ...wanted }) });
      else items.push(plannedUpdate(r, f, updateChanges({ removedOn: f.removedOn, source: f.source, note: f.note }, wanted)));
    }
    return { items, errors };
  }

  /**
   * KPI figures (rules.md §9) by USCC + year, from the tax, statistics or energy layouts: a row sets
   * the figures it states (an empty cell never clears one) and the source it names (`import` when
   * the file names none); like the other imports, the same file imported again changes nothing.
   */
  private async planKpiFigures(em: EntityManager, scope: AccessScope, rows: ImportRow[], existing: Map<string, Enterprise>, col: (k: string) => string): Promise<Plan> {
    const items: Planned[] = [];
    const errors: ImportRowError[] = [];
    const ids = [...new Set(rows.map((r) => this.linked(scope, existing, String(r.values.uscc))?.id).filter((id): id is number => !!id))];
    const years = [...new Set(rows.map((r) => Number(r.values.year)))];
    const current = new Map<string, KpiFigures>();
    for (const part of chunks(ids)) {
      if (!years.length) break;
      for (const k of await em.find(KpiFigures, { where: { enterpriseId: In(part), year: In(years) } })) current.set(`${k.enterpriseId}/${k.year}`, k);
    }
    const seen = new Map<string, number>();
    for (const { row, values } of rows) {
      const uscc = String(values.uscc);
      const key = `${uscc}/${values.year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ row, column: col('year'), key: 'import.error.duplicateInFile', params: { row: first } });
        continue;
      }
      seen.set(key, row);
      const e = this.linked(scope, existing, uscc);
      if (!e) {
        errors.push({ row, column: col('uscc'), key: 'import.error.unknownEnterprise' });
        continue;
      }
      const given = KPI_FIGURE_FIELDS.filter((k) => values[k] !== undefined);
      const wanted: Record<string, unknown> = { ...Object.fromEntries(given.map((k) => [k, values[k]])), source: values.source ?? 'import', ...(values.sourceAsOf !== undefined ? { sourceAsOf: values.sourceAsOf } : {}) };
      const k = current.get(`${e.id}/${values.year}`);
      if (!k) {
        if (!given.length) {
          errors.push({ row, column: null, key: 'import.error.noFigures' });
          continue;
        }
        items.push({ row, action: 'create', key, enterpriseId: e.id, values, changes: Object.fromEntries(Object.entries(wanted).map(([f, v]) => [f, { from: null, to: v }])) });
        continue;
      }
      const changes: Planned['changes'] = {};
      for (const f of given) {
        const before = k[f];
        if (before === null || Math.abs(Number(before) - Number(values[f])) > 0.001) changes[f] = { from: before, to: values[f] };
      }
      // The source changes only with a figure, or when the file names one.
      if ((Object.keys(changes).length || values.source !== undefined) && k.source !== wanted.source) changes.source = { from: k.source, to: wanted.source };
      if (values.sourceAsOf !== undefined && k.sourceAsOf !== values.sourceAsOf) changes.sourceAsOf = { from: k.sourceAsOf, to: values.sourceAsOf };
      items.push({ row, action: Object.keys(changes).length ? 'update' : 'unchanged', key, id: k.id, version: k.version, enterpriseId: e.id, values, changes });
    }
    return { items, errors };
  }

  private async applyKpiFigures(em: EntityManager, actor: Actor, items: Planned[], gradingParams: GradingParams): Promise<void> {
    const now = new Date();
    const recorded = { recordedBy: actor.userId || null, verifiedAt: now, verifiedBy: actor.userId || null };
    const audits: AuditChange[] = [];
    const creates = items.filter((p) => p.action === 'create');
    for (const part of chunks(creates, 200)) {
      await em.createQueryBuilder().insert().into(KpiFigures).values(part.map((p) => ({
        enterpriseId: p.enterpriseId, year: p.values.year, ...Object.fromEntries(KPI_FIGURE_FIELDS.map((k) => [k, p.values[k] ?? null])),
        source: p.values.source ?? 'import', sourceAsOf: p.values.sourceAsOf ?? null, ...recorded,
      }) as never)).updateEntity(false).execute();
    }
    for (const p of creates) {
      audits.push({ action: 'create', entity: 'kpi_figures', entityId: `${p.enterpriseId}/${p.values.year}`, enterpriseId: p.enterpriseId, before: null, after: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) } });
    }
    const updates = items.filter((x) => x.action === 'update');
    for (const p of updates) {
      await this.conditionalUpdate(em, KpiFigures, p, { ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])), ...recorded });
      audits.push({
        action: 'update', entity: 'kpi_figures', entityId: `${p.enterpriseId}/${p.values.year}`, enterpriseId: p.enterpriseId,
        before: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.from])) },
        after: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) },
      });
    }
    await auditMany(em, actor, audits);
    // The grades of every touched year are rewritten in the same transaction (peers' percentiles move too).
    for (const year of new Set([...creates, ...updates].map((p) => Number(p.values.year)))) await this.kpiGrades.grade(year, { manager: em, params: gradingParams });
  }

  // ---------------------------------------------------------------------------------------------
  // Applying: batched inserts, conditional updates (version checked), audit entries in bulk.

  private async conditionalUpdate(em: EntityManager, target: typeof Enterprise | typeof AnnualFinancials | typeof IpAsset | typeof CreditFlag | typeof KpiFigures, p: Planned, set: Record<string, unknown>): Promise<void> {
    const res = await em.createQueryBuilder().update(target)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
      .where('id = :id AND version = :version', { id: p.id, version: p.version }).execute();
    if (!res.affected) throw new ConflictError(`Row ${p.row} (${p.key}) was changed by someone else during the import; nothing was imported. Run the import again.`, [{ field: `row ${p.row}`, message: 'changed during the import' }], 'import.changedSinceDryRun');
  }

  private async applyEnterprises(em: EntityManager, actor: Actor, items: Planned[]): Promise<void> {
    const creates = items.filter((p) => p.action === 'create');
    const updates = items.filter((p) => p.action === 'update');
    const audits: AuditChange[] = [];
    for (const part of chunks(creates, 200)) {
      await em.createQueryBuilder().insert().into(Enterprise).values(part.map((p) => {
        const v = p.values;
        return {
          uscc: p.key, name: v.name, nameNormalized: normaliseEnterpriseName(String(v.name)), districtCode: v.districtCode, zoneCode: v.zoneCode ?? null,
          establishedOn: v.establishedOn ?? null, industryCode: v.industryCode ?? null, taxMode: v.taxMode ?? null, highTechField: v.highTechField ?? null,
          registeredCapital: v.registeredCapital ?? null, address: v.address ?? null, assignedOfficerId: v.assignedOfficerId ?? null,
          tags: ((v.tags as string[] | undefined) ?? []).join(','), currentTier: null, rdLedger: v.rdLedger ?? null, restrictedCategory: v.restrictedCategory ?? null,
        } as never;
      })).updateEntity(false).execute();
    }
    const ids = new Map<string, number>();
    for (const part of chunks(creates.map((p) => p.key))) {
      for (const e of await em.getRepository(Enterprise).createQueryBuilder('e').select(['e.id', 'e.uscc']).where('e.uscc IN (:...u)', { u: part }).getMany()) ids.set(e.uscc, e.id);
    }
    const tagRows: { enterpriseId: number; tag: string }[] = [];
    for (const p of creates) {
      const id = ids.get(p.key)!;
      for (const tag of (p.values.tags as string[] | undefined) ?? []) tagRows.push({ enterpriseId: id, tag });
      audits.push({ action: 'create', entity: 'enterprise', entityId: id, enterpriseId: id, after: { uscc: p.key, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) } });
    }
    const retagged: number[] = [];
    for (const p of updates) {
      const set: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(p.changes)) set[k] = k === 'tags' ? (c.to as string[]).join(',') : c.to;
      if (set.name) set.nameNormalized = normaliseEnterpriseName(String(set.name));
      await this.conditionalUpdate(em, Enterprise, p, set);
      if (p.changes.tags) {
        retagged.push(p.id!);
        for (const tag of p.changes.tags.to as string[]) tagRows.push({ enterpriseId: p.id!, tag });
      }
      audits.push({
        action: 'update', entity: 'enterprise', entityId: p.id!, enterpriseId: p.id!,
        before: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, Array.isArray(c.from) ? c.from.join(',') : c.from])),
        after: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, Array.isArray(c.to) ? c.to.join(',') : c.to])),
      });
    }
    for (const part of chunks(retagged)) await em.delete(EnterpriseTag, { enterpriseId: In(part) });
    for (const part of chunks(tagRows, 500)) await em.createQueryBuilder().insert().into(EnterpriseTag).values(part).updateEntity(false).execute();
    await auditMany(em, actor, audits);
  }

  private async applyFinancials(em: EntityManager, actor: Actor, items: Planned[], source: string): Promise<void> {
    const now = new Date();
    const verified = { ...importedBy(actor, source, now), verifiedAt: now, verifiedBy: actor.userId || null };
    const audits: AuditChange[] = [];
    const creates = items.filter((p) => p.action === 'create');
    for (const part of chunks(creates, 200)) {
      await em.createQueryBuilder().insert().into(AnnualFinancials).values(part.map((p) => ({
        enterpriseId: p.enterpriseId, year: p.values.year, ...Object.fromEntries(FIGURES.map((k) => [k, p.values[k] ?? null])), ...verified,
      }) as never)).updateEntity(false).execute();
    }
    for (const p of creates) {
      audits.push({ action: 'create', entity: 'annual_financials', entityId: `${p.enterpriseId}/${p.values.year}`, enterpriseId: p.enterpriseId, before: null, after: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) } });
    }
    for (const p of items.filter((x) => x.action === 'update')) {
      await this.conditionalUpdate(em, AnnualFinancials, p, { ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])), ...verified });
      audits.push({
        action: 'update', entity: 'annual_financials', entityId: `${p.enterpriseId}/${p.values.year}`, enterpriseId: p.enterpriseId,
        before: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.from])) },
        after: { year: p.values.year, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) },
      });
    }
    await auditMany(em, actor, audits);
  }

  private async applyIpAssets(em: EntityManager, actor: Actor, items: Planned[], source: string): Promise<void> {
    const audits: AuditChange[] = [];
    const provenance = importedBy(actor, source, new Date());
    const creates = items.filter((p) => p.action === 'create');
    for (const part of chunks(creates, 200)) {
      await em.createQueryBuilder().insert().into(IpAsset).values(part.map((p) => {
        const v = p.values;
        return {
          enterpriseId: p.enterpriseId, kind: v.kind, number: p.key, title: v.title ?? null, status: v.status, grantedOn: v.grantedOn ?? null,
          expiresOn: v.expiresOn ?? null, acquisition: v.acquisition ?? 'own', usedInHighTechApplication: v.usedInHighTechApplication ?? false,
          relatedToMainProducts: v.relatedToMainProducts ?? false, pledged: false, coOwners: (v.coOwners as string[] | undefined)?.length ? v.coOwners : null,
          ...provenance,
        } as never;
      })).updateEntity(false).execute();
    }
    const ids = new Map<string, number>();
    for (const part of chunks(creates.map((p) => p.key))) {
      for (const a of await em.find(IpAsset, { where: { number: In(part) }, select: { id: true, number: true } })) ids.set(a.number, a.id);
    }
    for (const p of creates) {
      audits.push({ action: 'create', entity: 'ip_asset', entityId: ids.get(p.key)!, enterpriseId: p.enterpriseId, after: { number: p.key, ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])) } });
    }
    for (const p of items.filter((x) => x.action === 'update')) {
      const set: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(p.changes)) {
        if (k === 'uscc') set.enterpriseId = p.enterpriseId;
        else set[k] = k === 'coOwners' ? ((c.to as string[]).length ? c.to : null) : c.to;
      }
      // The file restates the asset: its provenance becomes the file's.
      await this.conditionalUpdate(em, IpAsset, p, { ...set, ...provenance });
      audits.push({
        action: 'update', entity: 'ip_asset', entityId: p.id!, enterpriseId: p.enterpriseId,
        before: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.from])), after: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])),
      });
    }
    await auditMany(em, actor, audits);
  }

  private async applyCreditLists(em: EntityManager, actor: Actor, items: Planned[], source: string): Promise<void> {
    const today = businessToday();
    const now = new Date();
    const audits: AuditChange[] = [];
    const creates = items.filter((p) => p.action === 'create');
    const row = (p: Planned) => ({
      enterpriseId: p.enterpriseId!, kind: String(p.values.kind), flaggedOn: String(p.values.listedOn), removedOn: (p.values.removedOn as string | undefined) ?? null,
      source: (p.values.source as string | undefined) ?? source, note: (p.values.note as string | undefined) ?? null, sourceAsOf: today, recordedBy: actor.userId || null, recordedAt: now,
    });
    for (const part of chunks(creates, 200)) await em.createQueryBuilder().insert().into(CreditFlag).values(part.map(row) as never).updateEntity(false).execute();
    const createdIds = new Map<string, number>();
    for (const part of chunks([...new Set(creates.map((p) => p.enterpriseId!))])) {
      for (const f of await em.find(CreditFlag, { where: { enterpriseId: In(part) }, select: { id: true, enterpriseId: true, kind: true, flaggedOn: true } })) createdIds.set(`${f.enterpriseId}/${f.kind}/${f.flaggedOn}`, f.id);
    }
    for (const p of creates) {
      const r = row(p);
      audits.push({ action: 'create', entity: 'credit_flag', entityId: createdIds.get(`${r.enterpriseId}/${r.kind}/${r.flaggedOn}`)!, enterpriseId: p.enterpriseId, after: { kind: r.kind, listedOn: r.flaggedOn, removedOn: r.removedOn, source: r.source, note: r.note } });
    }
    for (const p of items.filter((x) => x.action === 'update')) {
      await this.conditionalUpdate(em, CreditFlag, p, { ...Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])), sourceAsOf: today });
      audits.push({
        action: 'update', entity: 'credit_flag', entityId: p.id!, enterpriseId: p.enterpriseId,
        before: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.from])), after: Object.fromEntries(Object.entries(p.changes).map(([k, c]) => [k, c.to])),
      });
    }
    // The file is a look-up of the credit lists for the enterprises it covers: record the check
    // (so the engine reads their lists as known), once per enterprise and day.
    const covered = [...new Set(items.map((p) => p.enterpriseId!))];
    const checkedToday = new Set<number>();
    for (const part of chunks(covered)) {
      for (const c of await em.find(FactCheck, { where: { enterpriseId: In(part), subject: 'credit', checkedOn: today, source: 'credit-china' }, select: { enterpriseId: true } })) checkedToday.add(c.enterpriseId);
    }
    const checks = covered.filter((id) => !checkedToday.has(id)).map((enterpriseId) => ({ enterpriseId, subject: 'credit', checkedOn: today, result: 'records', source: 'credit-china', recordedBy: actor.userId || null }));
    for (const part of chunks(checks, 200)) await em.createQueryBuilder().insert().into(FactCheck).values(part as never).updateEntity(false).execute();
    for (const c of checks) audits.push({ action: 'create', entity: 'fact_check', entityId: `${c.enterpriseId}/credit/${today}`, enterpriseId: c.enterpriseId, after: { subject: 'credit', on: today, result: 'records', source: 'credit-china' } });
    await auditMany(em, actor, audits);
  }

  // ---------------------------------------------------------------------------------------------

  /** An empty workbook with the kind's headers (required ones marked *) and a sheet of notes. */
  async template(kind: string, locale: Locale): Promise<Buffer> {
    this.assertKind(kind);
    const wb = new (excel()).Workbook();
    wb.creator = translate(locale, 'app.name');
    const sheet = wb.addWorksheet(translate('zh-CN', `import.kind.${kind}`));
    const defs = COLUMNS[kind];
    const header = sheet.addRow(defs.map((d) => `${d.required ? '*' : ''}${d.zh}${d.type === 'money' ? '（元）' : ''}`));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    });
    sheet.columns.forEach((c, i) => {
      c.width = Math.max(12, defs[i]!.zh.length * 2 + 6);
      const def = defs[i]!;
      if (def.type === 'date') c.numFmt = 'yyyy-mm-dd';
      if (def.type === 'money') c.numFmt = '#,##0.00';
      if (def.type === 'uscc' || def.type === 'text' || def.type === 'industry') c.numFmt = '@';
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const notes = wb.addWorksheet(translate(locale, 'import.template.notes'));
    notes.addRow([translate(locale, 'import.template.column'), 'English', translate(locale, 'import.template.required'), translate(locale, 'import.template.format')]).font = { bold: true };
    for (const d of defs) notes.addRow([d.zh, d.en, d.required ? '✓' : '', translate(locale, `import.format.${d.type}`)]);
    notes.addRow([]);
    notes.addRow([translate(locale, 'import.template.note1')]);
    notes.addRow([translate(locale, 'import.template.note2')]);
    notes.columns.forEach((c, i) => (c.width = i === 3 ? 80 : 24));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}

/** Provenance columns of imported facts: the file's source, stated as of the commit day, recorded by the actor. */
function importedBy(actor: Actor, source: string, at: Date) {
  return { source, sourceAsOf: businessToday(), recordedBy: actor.userId || null, recordedAt: at };
}

function headerOf(mapping: ReturnType<typeof mapHeaders>, def: ColumnDef): string {
  for (const { def: d, header } of mapping.columns.values()) if (d.key === def.key) return header;
  return def.zh;
}

const JOB_SUMMARY_COLUMNS = [
  'id', 'kind', 'source', 'status', 'fileName', 'fileFormat', 'fileSha256', 'fileSize', 'totalRows', 'createCount', 'updateCount', 'unchangedCount',
  'errorCount', 'errors', 'warnings', 'preview', 'createdBy', 'createdByName', 'createdAt', 'committedAt', 'committedBy', 'version',
];
