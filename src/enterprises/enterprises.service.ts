import { memoInRequest } from '../common/request-context.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Activity } from '../activities/activity.entity.js';
import { Task } from '../activities/task.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { enforce } from '../common/policy.js';
import { decideCreateTask, decideRecordActivity } from '../activities/activity.policy.js';
import { todayIso } from '../common/format.js';
import { paginate, type Page } from '../common/list-query.js';
import { Recognition } from '../ladder/recognition.entity.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS } from '../policy/engine/facts.js';
import { ReferenceService } from '../reference/reference.service.js';
import { AnnualFinancials } from './annual-financials.entity.js';
import type { ActivityCreateDto, ContactCreateDto, CreditFlagCreateDto, IpAssetCreateDto, QualificationCreateDto, TaskCreateDto } from './children.dto.js';
import { Contact } from './contact.entity.js';
import { CreditFlag } from './credit-flag.entity.js';
import { EnterpriseTag } from './enterprise-tag.entity.js';
import { normaliseEnterpriseName } from './enterprise-name.js';
import type { EnterpriseCreateDto, EnterpriseListQueryDto, EnterpriseUpdateDto } from './enterprise.dto.js';
import { Enterprise } from './enterprise.entity.js';
import { decideAssignedOfficer, decideEnterprise, decidePlacement, defaultAssignedOfficer, figuresSelfReported, seesInternal, type EnterpriseAction } from './enterprise.policy.js';
import { mapContact, mapCreditFlag, mapEnterprise, mapFinancials, mapIpAsset, mapQualification, normaliseTags, type EnterpriseView } from './enterprise.mapper.js';
import type { FinancialsPutDto } from './financials.dto.js';
import { IpAsset } from './ip-asset.entity.js';
import { recordedBy } from './provenance.js';
import { Qualification } from './qualification.entity.js';
import { lookupTable } from '../common/own-key.js';

/** Sort keys of the list → SQL (no user text reaches SQL). */
const SORTABLE: Record<string, string> = lookupTable<Record<string, string>>({
  name: 'e.name', uscc: 'e.uscc', districtCode: 'e.district_code', currentTier: 'e.current_tier',
  establishedOn: 'e.established_on', updatedAt: 'e.updated_at', createdAt: 'e.created_at',
});

const PROFILE_FIELDS = ['name', 'districtCode', 'zoneCode', 'establishedOn', 'industryCode', 'taxMode', 'highTechField', 'registeredCapital', 'address', 'assignedOfficerId', 'tags', 'rdLedger', 'restrictedCategory'] as const;

const profileOf = (e: Enterprise) => Object.fromEntries(PROFILE_FIELDS.map((k) => [k, e[k]])) as Record<string, unknown>;

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * The enterprise file: profile and its parts. Every read goes through the actor's scope (hidden →
 * 404); writes are for admins and officers of the area (managers read only; enterprise users may
 * only report their own figures). Every write is audited in its transaction.
 */
@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
  ) {}

  /** The scoped base query every enterprise read starts from. */
  scopedQuery(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Enterprise> {
    return applyScope(manager.getRepository(Enterprise).createQueryBuilder('e'), 'e', scopeOf(actor));
  }

  async list(actor: Actor, query: EnterpriseListQueryDto): Promise<Page<EnterpriseView>> {
    const qb = this.filteredQuery(actor, query);
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize, sort: query.sort }, SORTABLE, '-updatedAt', 'e.id');
    return { ...page, items: page.items.map(mapEnterprise) };
  }

  /** The list's filters, shared by the page, the API and the export. */
  filteredQuery(actor: Actor, query: EnterpriseListQueryDto): SelectQueryBuilder<Enterprise> {
    const qb = this.scopedQuery(actor);
    if (query.deleted === 'true') {
      enforce(decideEnterprise(actor, 'listDeleted'));
      qb.withDeleted().andWhere('e.deleted_at IS NOT NULL');
    }
    const q = query.q?.trim();
    if (q) {
      const upper = q.toUpperCase();
      qb.andWhere(new Brackets((w) => {
        w.where('e.name LIKE :name', { name: `%${q.replace(/[%_\\]/g, '')}%` });
        // Widths and punctuation are folded on both sides ("(改名)" finds "（改名）"): the stored name
        // stays as registered, name_normalized is its folded twin.
        const folded = normaliseEnterpriseName(q).replace(/[%_\\]/g, '');
        if (folded) w.orWhere('e.name_normalized LIKE :folded', { folded: `%${folded}%` });
        if (/^[0-9A-Z]{1,18}$/.test(upper)) w.orWhere('e.uscc LIKE :uscc', { uscc: `${upper}%` });
      }));
    }
    if (query.districtCode) qb.andWhere('e.district_code = :district', { district: query.districtCode });
    if (query.zoneCode) qb.andWhere('e.zone_code = :zone', { zone: query.zoneCode });
    if (query.tier === 'none') qb.andWhere('e.current_tier IS NULL');
    else if (query.tier) qb.andWhere('e.current_tier = :tier', { tier: query.tier });
    if (query.highTechField) qb.andWhere('e.high_tech_field = :field', { field: query.highTechField });
    if (query.assignedOfficerId) qb.andWhere('e.assigned_officer_id = :officer', { officer: query.assignedOfficerId });
    if (query.tag) qb.andWhere('EXISTS (SELECT 1 FROM enterprise_tag t WHERE t.enterprise_id = e.id AND t.tag = :tag)', { tag: query.tag });
    if (query.expiringWithinMonths) {
      const today = todayIso();
      qb.andWhere(
        'EXISTS (SELECT 1 FROM qualification qx WHERE qx.enterprise_id = e.id AND qx.valid_until >= :today AND qx.valid_until <= :until)',
        { today, until: addMonths(today, query.expiringWithinMonths) },
      );
    }
    return qb;
  }

  /** One visible enterprise or 404 (ids outside the scope do not leak). */
  async get(actor: Actor, id: number, options: { withDeleted?: boolean; manager?: EntityManager } = {}): Promise<Enterprise> {
    if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('Enterprise');
    if (!options.manager && !options.withDeleted) {
      // Once per GET request and caller (memoInRequest); each caller gets its own copy of the row.
      const key = `enterprise:${id}:${actor.userId}:${actor.role}:${actor.districtCode ?? ''}:${actor.zoneCode ?? ''}:${actor.enterpriseId ?? ''}`;
      const row = await memoInRequest(key, () => this.load(actor, id, options));
      return Object.assign(Object.create(Object.getPrototypeOf(row) as object) as Enterprise, row);
    }
    return this.load(actor, id, options);
  }

  private async load(actor: Actor, id: number, options: { withDeleted?: boolean; manager?: EntityManager }): Promise<Enterprise> {
    const qb = this.scopedQuery(actor, options.manager).andWhere('e.id = :id', { id });
    if (options.withDeleted && decideEnterprise(actor, 'readDeleted').allowed) qb.withDeleted();
    const enterprise = await qb.getOne();
    if (!enterprise) throw new NotFoundError('Enterprise');
    return enterprise;
  }

  /** The enterprise policy's decision for the action, thrown as its error when denied (both faces). */
  private assertMay(actor: Actor, action: EnterpriseAction): void {
    enforce(decideEnterprise(actor, action));
  }

  private async checkReferences(dto: { districtCode?: string; zoneCode?: string | null }): Promise<void> {
    const details = [];
    if (dto.districtCode !== undefined && !(await this.reference.district(dto.districtCode))) details.push({ field: 'districtCode', message: 'unknown district code' });
    if (dto.zoneCode && !(await this.reference.zone(dto.zoneCode))) details.push({ field: 'zoneCode', message: 'unknown functional zone' });
    if (details.length) throw new InvalidInputError(`Invalid reference: ${details[0].field} ${details[0].message}`, details);
  }

  /** The assigned officer must be an active officer of the file's area (another area's officer answers like an unknown id). */
  private async checkAssignedOfficer(officerId: number, file: { districtCode: string; zoneCode: string | null }, manager: EntityManager): Promise<void> {
    const officer = await manager.findOne(User, { where: { id: officerId }, select: { id: true, role: true, active: true, districtCode: true, zoneCode: true } });
    enforce(decideAssignedOfficer(officer, file));
  }

  /** Where the actor may place a file (district and zone of the actor's area; fails closed). */
  private async assertPlacement(actor: Actor, districtCode: string, zoneCode: string | null): Promise<void> {
    const zone = zoneCode ? await this.reference.zone(zoneCode) : undefined;
    enforce(decidePlacement(actor, { districtCode, zone: zoneCode ? { code: zoneCode, districtCode: zone?.districtCode ?? '' } : null }));
  }

  /** Files whose normalised name matches: the duplicate warning shown on creation. */
  async similarByName(actor: Actor, name: string, excludeId?: number) {
    const qb = this.scopedQuery(actor).andWhere('e.name_normalized = :n', { n: normaliseEnterpriseName(name) });
    if (excludeId) qb.andWhere('e.id <> :x', { x: excludeId });
    return (await qb.limit(5).getMany()).map((e) => ({ id: e.id, uscc: e.uscc, name: e.name }));
  }

  async create(actor: Actor, dto: EnterpriseCreateDto): Promise<{ enterprise: EnterpriseView; possibleDuplicates: { id: number; uscc: string; name: string }[] }> {
    this.assertMay(actor, 'create');
    await this.assertPlacement(actor, dto.districtCode, dto.zoneCode ?? null);
    const possibleDuplicates = await this.similarByName(actor, dto.name);
    const saved = await this.dataSource.transaction(async (em) => {
      await this.checkReferences(dto);
      if (dto.assignedOfficerId) await this.checkAssignedOfficer(dto.assignedOfficerId, { districtCode: dto.districtCode, zoneCode: dto.zoneCode ?? null }, em);
      const existing = await em.getRepository(Enterprise).createQueryBuilder('e').withDeleted().where('e.uscc = :u', { u: dto.uscc }).getOne();
      if (existing) throw new ConflictError(`An enterprise with USCC ${dto.uscc} already exists`, [{ field: 'uscc', message: 'already exists', key: 'constraint.exists' }]);
      const tags = normaliseTags(dto.tags);
      const e = await em.save(em.create(Enterprise, {
        uscc: dto.uscc, name: dto.name, nameNormalized: normaliseEnterpriseName(dto.name), districtCode: dto.districtCode,
        zoneCode: dto.zoneCode ?? null, establishedOn: dto.establishedOn ?? null, industryCode: dto.industryCode ?? null,
        taxMode: dto.taxMode ?? null, highTechField: dto.highTechField ?? null, registeredCapital: dto.registeredCapital ?? null,
        address: dto.address ?? null, assignedOfficerId: dto.assignedOfficerId ?? defaultAssignedOfficer(actor),
        tags: tags.join(','), currentTier: null, rdLedger: dto.rdLedger ?? null, restrictedCategory: dto.restrictedCategory ?? null,
      }));
      if (tags.length) await em.insert(EnterpriseTag, tags.map((tag) => ({ enterpriseId: e.id, tag })));
      await this.audit.record(em, actor, { action: 'create', entity: 'enterprise', entityId: e.id, enterpriseId: e.id, after: { uscc: e.uscc, ...profileOf(e) } });
      return e;
    });
    return { enterprise: mapEnterprise(saved), possibleDuplicates };
  }

  async update(actor: Actor, id: number, dto: EnterpriseUpdateDto): Promise<EnterpriseView> {
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      this.assertMay(actor, 'edit');
      if (e.version !== dto.version) throw new StaleVersionError('Enterprise', e.version);
      await this.checkReferences(dto);
      const before = profileOf(e);
      const { version: _v, tags, ...changes } = dto;
      Object.assign(e, changes);
      if (changes.name) e.nameNormalized = normaliseEnterpriseName(changes.name);
      if (tags) {
        const list = normaliseTags(tags);
        e.tags = list.join(',');
        await em.delete(EnterpriseTag, { enterpriseId: e.id });
        if (list.length) await em.insert(EnterpriseTag, list.map((tag) => ({ enterpriseId: e.id, tag })));
      }
      // Moving a file out of one's own area is refused: the officer would lose it.
      await this.assertPlacement(actor, e.districtCode, e.zoneCode);
      if (dto.assignedOfficerId) await this.checkAssignedOfficer(dto.assignedOfficerId, e, em);
      // The version check and the increment happen in one conditional UPDATE, so two concurrent
      // writers cannot both pass the check.
      const result = await em.createQueryBuilder().update(Enterprise)
        .set({ ...Object.fromEntries(PROFILE_FIELDS.map((k) => [k, e[k]])), nameNormalized: e.nameNormalized, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
        .where('id = :id AND version = :version', { id: e.id, version: dto.version })
        .execute();
      if (!result.affected) throw new StaleVersionError('Enterprise', e.version + 1);
      const saved = await this.get(actor, id, { manager: em });
      await this.audit.record(em, actor, { action: 'update', entity: 'enterprise', entityId: id, enterpriseId: id, before, after: profileOf(saved) });
      return mapEnterprise(saved);
    });
  }

  async softDelete(actor: Actor, id: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      this.assertMay(actor, 'delete');
      await em.softDelete(Enterprise, { id: e.id });
      await this.audit.record(em, actor, { action: 'delete', entity: 'enterprise', entityId: id, enterpriseId: id, before: { deleted: false }, after: { deleted: true } });
    });
  }

  async restore(actor: Actor, id: number): Promise<EnterpriseView> {
    this.assertMay(actor, 'restore');
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { withDeleted: true, manager: em });
      if (e.mergedIntoId) throw new ConflictError(`This file was merged into enterprise ${e.mergedIntoId}; it cannot be restored`, [{ field: 'id', message: `merged into ${e.mergedIntoId}` }]);
      await em.restore(Enterprise, { id: e.id });
      await this.audit.record(em, actor, { action: 'restore', entity: 'enterprise', entityId: id, enterpriseId: id, before: { deleted: true }, after: { deleted: false } });
      return mapEnterprise(await this.get(actor, id, { manager: em }));
    });
  }

  /** Everything on the file, in a fixed number of queries (no N+1). */
  async file(actor: Actor, id: number) {
    const e = await this.get(actor, id);
    const internal = seesInternal(actor);
    const [financials, ipAssets, qualifications, creditFlags, contacts, recognitions, tasks] = await Promise.all([
      this.dataSource.getRepository(AnnualFinancials).find({ where: { enterpriseId: id }, order: { year: 'DESC' } }),
      this.dataSource.getRepository(IpAsset).find({ where: { enterpriseId: id }, order: { kind: 'ASC', grantedOn: 'DESC' } }),
      this.dataSource.getRepository(Qualification).find({ where: { enterpriseId: id }, order: { obtainedOn: 'DESC' } }),
      this.dataSource.getRepository(CreditFlag).find({ where: { enterpriseId: id }, order: { flaggedOn: 'DESC' } }),
      this.dataSource.getRepository(Contact).find({ where: { enterpriseId: id }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(Recognition).find({ where: { enterpriseId: id }, order: { year: 'DESC' } }),
      internal ? this.dataSource.getRepository(Task).find({ where: { enterpriseId: id }, order: { dueOn: 'ASC' } }) : [],
    ]);
    return {
      enterprise: mapEnterprise(e),
      financials: financials.map(mapFinancials),
      ipAssets: ipAssets.map(mapIpAsset),
      qualifications: qualifications.map(mapQualification),
      creditFlags: creditFlags.map(mapCreditFlag),
      contacts: contacts.map(mapContact),
      recognitions: recognitions.map((r) => ({ id: r.id, tier: r.tier, year: r.year, batch: r.batch, certificateNumber: r.certificateNumber, validFrom: r.validFrom, validUntil: r.validUntil, source: r.source })),
      // Tasks are the bureau's working papers: left out for the enterprise itself.
      tasks: internal ? tasks.map((t) => ({ id: t.id, title: t.title, dueOn: t.dueOn, assigneeId: t.assigneeId, done: !!t.doneAt, doneAt: t.doneAt, version: t.version })) : undefined,
    };
  }

  /**
   * Replaces one fiscal year's figures (PUT semantics for the given fields; left-out ones are kept).
   * Figures an enterprise user enters are self-reported until an officer saves or verifies them.
   */
  async putFinancials(actor: Actor, id: number, year: number, dto: FinancialsPutDto) {
    const maxYear = Number(todayIso().slice(0, 4));
    if (!Number.isInteger(year) || year < 1990 || year > maxYear) {
      throw new InvalidInputError(`year must be a fiscal year between 1990 and ${maxYear}`, [{ field: 'year', message: `must be between 1990 and ${maxYear} (no future years)` }]);
    }
    this.assertMay(actor, 'reportFigures');
    const provenance = recordedBy(actor, dto);
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const repo = em.getRepository(AnnualFinancials);
      const existing = await repo.findOneBy({ enterpriseId: e.id, year });
      if (existing && dto.version !== undefined && existing.version !== dto.version) throw new StaleVersionError('Annual financials', existing.version);
      const { version: _v, source: _s, sourceAsOf: _a, ...figures } = dto;
      const record = existing ?? repo.create({ enterpriseId: e.id, year });
      const before = existing ? mapFinancials(existing) : null;
      for (const key of [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS]) {
        if (key in figures) (record as unknown as Record<string, unknown>)[key] = (figures as Record<string, unknown>)[key] ?? null;
        else if (!existing) (record as unknown as Record<string, unknown>)[key] = null;
      }
      const selfReport = figuresSelfReported(actor);
      // Staff saving figures verifies them, whatever source they name; an enterprise reports its own.
      Object.assign(record, provenance);
      record.verifiedAt = selfReport ? null : new Date();
      record.verifiedBy = selfReport ? null : actor.userId;
      let saved: AnnualFinancials;
      try {
        saved = await repo.save(record);
      } catch (err) {
        // Someone saved the same year between our read and write.
        if (/unique|duplicate/i.test(String((err as Error).message))) throw new StaleVersionError('Annual financials', 1);
        throw err;
      }
      await this.audit.record(em, actor, {
        action: existing ? 'update' : 'create', entity: 'annual_financials', entityId: `${e.id}/${year}`, enterpriseId: e.id,
        before: before ? { year, ...pickFigures(before) } : null, after: { year, ...pickFigures(mapFinancials(saved)) },
      });
      return mapFinancials(saved);
    });
  }

  async addIpAsset(actor: Actor, id: number, dto: IpAssetCreateDto) {
    this.assertMay(actor, 'edit');
    const provenance = recordedBy(actor, dto);
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      if (await em.existsBy(IpAsset, { number: dto.number })) throw new ConflictError(`IP number ${dto.number} is already on file`, [{ field: 'number', message: 'already exists', key: 'constraint.exists' }]);
      const saved = await em.save(em.create(IpAsset, {
        enterpriseId: e.id, kind: dto.kind, number: dto.number, title: dto.title ?? null, status: dto.status, grantedOn: dto.grantedOn ?? null,
        expiresOn: dto.expiresOn ?? null, acquisition: dto.acquisition ?? 'own', usedInHighTechApplication: dto.usedInHighTechApplication ?? false,
        relatedToMainProducts: dto.relatedToMainProducts ?? false, pledged: false, coOwners: dto.coOwners?.length ? dto.coOwners : null, ...provenance,
      }));
      await this.audit.record(em, actor, { action: 'create', entity: 'ip_asset', entityId: saved.id, enterpriseId: e.id, after: mapIpAsset(saved) });
      return mapIpAsset(saved);
    });
  }

  async addQualification(actor: Actor, id: number, dto: QualificationCreateDto) {
    this.assertMay(actor, 'edit');
    const provenance = recordedBy(actor, dto);
    if (dto.validUntil && dto.validUntil < dto.on) throw new InvalidInputError('validUntil is before on', [{ field: 'validUntil', message: 'must not be before on', key: 'constraint.notBeforeOn' }]);
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const saved = await em.save(em.create(Qualification, {
        enterpriseId: e.id, kind: dto.kind, level: dto.level ?? null, rank: dto.rank ?? null, positionRank: dto.unitRank ?? dto.drafterRank ?? null,
        amount: dto.amount ?? null, obtainedOn: dto.on, validUntil: dto.validUntil ?? null, certificateNumber: dto.certificateNumber ?? null,
        ranking: dto.ranking ?? null, note: dto.note ?? null, ...provenance,
      }));
      await this.audit.record(em, actor, { action: 'create', entity: 'qualification', entityId: saved.id, enterpriseId: e.id, after: mapQualification(saved) });
      return mapQualification(saved);
    });
  }

  async addCreditFlag(actor: Actor, id: number, dto: CreditFlagCreateDto) {
    this.assertMay(actor, 'edit');
    const provenance = recordedBy(actor, dto);
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const saved = await em.save(em.create(CreditFlag, { enterpriseId: e.id, kind: dto.kind, flaggedOn: dto.on, note: dto.note ?? null, ...provenance }));
      await this.audit.record(em, actor, { action: 'create', entity: 'credit_flag', entityId: saved.id, enterpriseId: e.id, after: mapCreditFlag(saved) });
      return mapCreditFlag(saved);
    });
  }

  async addContact(actor: Actor, id: number, dto: ContactCreateDto) {
    this.assertMay(actor, 'edit');
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const saved = await em.save(em.create(Contact, { enterpriseId: e.id, name: dto.name, role: dto.role ?? null, phone: dto.phone ?? null, email: dto.email ?? null }));
      await this.audit.record(em, actor, { action: 'create', entity: 'contact', entityId: saved.id, enterpriseId: e.id, after: mapContact(saved) });
      return mapContact(saved);
    });
  }

  /** Display names of users by id (the recorders of a file's facts), in one query. */
  async userNames(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(User).find({ where: { id: In(ids) }, select: { id: true, displayName: true } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  /** A staff member's display name (the file's assigned officer), or null. */
  async userName(userId: number | null): Promise<{ id: number; displayName: string } | null> {
    if (!userId) return null;
    const u = await this.dataSource.getRepository(User).findOne({ where: { id: userId }, select: { id: true, displayName: true } });
    return u ? { id: u.id, displayName: u.displayName } : null;
  }

  /** Active officers whose area overlaps what the actor sees: the choices of the "assigned officer" filter. */
  async officersInScope(actor: Actor): Promise<{ id: number; displayName: string }[]> {
    const scope = scopeOf(actor);
    if (scope.kind === 'none' || scope.kind === 'enterprise') return [];
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u')
      .select(['u.id', 'u.displayName'])
      .where('u.role = :role AND u.active = :active', { role: 'officer', active: true })
      .orderBy('u.displayName', 'ASC').limit(500);
    if (scope.kind === 'area') {
      qb.andWhere(new Brackets((w) => {
        w.where('1 = 0');
        if (scope.districtCodes.length) w.orWhere('u.district_code IN (:...ds)', { ds: scope.districtCodes });
        if (scope.zoneCodes.length) w.orWhere('u.zone_code IN (:...zs)', { zs: scope.zoneCodes });
      }));
    }
    return (await qb.getMany()).map((u) => ({ id: u.id, displayName: u.displayName }));
  }

  async addActivity(actor: Actor, id: number, dto: ActivityCreateDto) {
    enforce(decideRecordActivity(actor));
    const occurredAt = dto.at ? new Date(dto.at) : new Date();
    if (Number.isNaN(occurredAt.getTime())) throw new InvalidInputError('at is not a date-time', [{ field: 'at', message: 'must be an ISO date-time' }]);
    if (occurredAt.getTime() > Date.now() + 86400_000) throw new InvalidInputError('at is in the future', [{ field: 'at', message: 'must not be in the future', key: 'constraint.future' }]);
    // Audited like every other change, in the same transaction.
    const saved = await this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const row = await em.getRepository(Activity).save({ enterpriseId: e.id, kind: dto.kind as Activity['kind'], occurredAt, authorId: actor.userId, authorName: actor.displayName, text: dto.text });
      await this.audit.record(em, actor, { action: 'create', entity: 'activity', entityId: row.id, enterpriseId: e.id, after: { kind: row.kind, at: row.occurredAt.toISOString(), text: row.text } });
      return row;
    });
    return { id: saved.id, kind: saved.kind, at: saved.occurredAt, author: saved.authorName, text: saved.text };
  }

  async addTask(actor: Actor, id: number, dto: TaskCreateDto) {
    this.assertMay(actor, 'addTask');
    return this.dataSource.transaction(async (em) => {
      const e = await this.get(actor, id, { manager: em });
      const assigneeId = dto.assigneeId ?? actor.userId;
      const assignee = await em.findOne(User, { where: { id: assigneeId }, select: { id: true, role: true, active: true, districtCode: true, zoneCode: true } });
      enforce(decideCreateTask(actor, assignee, e));
      const saved = await em.save(em.create(Task, { enterpriseId: e.id, title: dto.title, dueOn: dto.dueOn, assigneeId, createdBy: actor.userId, doneAt: null, doneBy: null, dedupeKey: null }));
      await this.audit.record(em, actor, { action: 'create', entity: 'task', entityId: saved.id, enterpriseId: e.id, after: { title: saved.title, dueOn: saved.dueOn, assigneeId } });
      return { id: saved.id, title: saved.title, dueOn: saved.dueOn, assigneeId, done: false, version: saved.version };
    });
  }
}

function pickFigures(view: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS].map((k) => [k, view[k] ?? null]));
}
