import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, In, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Activity } from '../activities/activity.entity.js';
import { Task } from '../activities/task.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { enforce } from '../common/policy.js';
import { decideEnterprise } from './enterprise.policy.js';
import { User } from '../auth/user.entity.js';
import { InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { Recognition } from '../ladder/recognition.entity.js';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS } from '../policy/engine/facts.js';
import { AnnualFinancials } from './annual-financials.entity.js';
import { Contact } from './contact.entity.js';
import { CreditFlag } from './credit-flag.entity.js';
import { FactCheck } from './fact-check.entity.js';
import { RdLedger } from './rd-ledger.entity.js';
import { EnterpriseTag } from './enterprise-tag.entity.js';
import { normaliseEnterpriseName } from './enterprise-name.js';
import { Enterprise } from './enterprise.entity.js';
import { mapEnterprise, mapFinancials, normaliseTags, splitTags } from './enterprise.mapper.js';
import { EnterprisesService } from './enterprises.service.js';
import { IpAsset } from './ip-asset.entity.js';
import { Qualification } from './qualification.entity.js';

const FIGURES = [...FINANCIAL_MONEY_FIELDS, ...FINANCIAL_COUNT_FIELDS] as const;

/** Profile fields a survivor takes from the duplicate when it has none itself (district and zone never: they decide the scope). */
const FILLABLE = ['establishedOn', 'industryCode', 'taxMode', 'highTechField', 'registeredCapital', 'address', 'assignedOfficerId', 'rdLedger', 'restrictedCategory', 'currentTier'] as const;

/** The children carried from the duplicate to the survivor, each by its enterprise_id. */
const CHILDREN: { key: string; target: EntityTarget<ObjectLiteral> }[] = [
  { key: 'ipAssets', target: IpAsset },
  { key: 'qualifications', target: Qualification },
  { key: 'creditFlags', target: CreditFlag },
  { key: 'factChecks', target: FactCheck },
  { key: 'contacts', target: Contact },
  { key: 'recognitions', target: Recognition },
  { key: 'activities', target: Activity },
  { key: 'tasks', target: Task },
  { key: 'documents', target: DocumentRecord },
  { key: 'users', target: User },
];

export interface MergeRequest {
  duplicateId: number;
  /** The survivor's version the admin looked at (stale → 409). */
  version: number;
  /** Fiscal years present in both files where the duplicate's figures should win (default: the survivor's are kept). */
  keepDuplicateYears?: number[];
}

/** A table another module owns that refers to enterprises (e.g. applications), moved along on merge. */
export interface MergeChildTable {
  key: string;
  table: string;
  column?: string;
}

/**
 * Merging duplicate files (admin only): everything on the duplicate moves to the survivor in one
 * transaction — figures (a year present in both keeps the survivor's unless the admin chooses the
 * duplicate's; the conflict is reported), IP, qualifications, credit records, contacts, tags,
 * activities, tasks, documents, recognitions, linked users — the survivor's blank profile fields
 * are filled from the duplicate, and the duplicate is soft-deleted pointing at the survivor.
 * Audited on both files.
 */
@Injectable()
export class EnterpriseMergeService {
  private readonly extraTables: MergeChildTable[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditService,
  ) {}

  /** For modules whose tables refer to enterprises (call from their onModuleInit). */
  registerChildTable(child: MergeChildTable): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(child.table) || (child.column && !/^[a-z_][a-z0-9_]*$/.test(child.column))) throw new Error(`bad table name ${child.table}`);
    this.extraTables.push(child);
  }

  private assertAdmin(actor: Actor): void {
    enforce(decideEnterprise(actor, 'merge'));
  }

  private async pair(actor: Actor, survivorId: number, duplicateId: number, em: EntityManager) {
    if (!Number.isSafeInteger(duplicateId) || duplicateId < 1) throw new InvalidInputError('duplicateId must be a positive integer', [{ field: 'duplicateId', message: 'must be a positive integer' }]);
    if (survivorId === duplicateId) throw new InvalidInputError('A file cannot be merged into itself', [{ field: 'duplicateId', message: 'must be another enterprise file' }]);
    const survivor = await this.enterprises.get(actor, survivorId, { manager: em });
    const duplicate = await this.enterprises.get(actor, duplicateId, { manager: em }).catch(() => {
      throw new InvalidInputError('duplicateId is not an enterprise file you can see', [{ field: 'duplicateId', message: 'no such enterprise file' }]);
    });
    return { survivor, duplicate };
  }

  private async sql(em: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
    const pg = em.connection.options.type === 'postgres';
    let n = 0;
    return em.query(pg ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
  }

  private async counts(em: EntityManager, enterpriseId: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {
      financials: await em.countBy(AnnualFinancials, { enterpriseId }),
      rdLedgers: await em.countBy(RdLedger, { enterpriseId }),
      tags: await em.countBy(EnterpriseTag, { enterpriseId }),
    };
    for (const c of CHILDREN) out[c.key] = await em.countBy(c.target, { enterpriseId });
    for (const t of this.extraTables) {
      const rows = (await this.sql(em, `SELECT COUNT(*) AS n FROM ${t.table} WHERE ${t.column ?? 'enterprise_id'} = ?`, [enterpriseId])) as { n: number | string }[];
      out[t.key] = Number(rows[0]?.n ?? 0);
    }
    return out;
  }

  /** What a merge would do, for the confirmation page: both profiles, what moves, conflicting years, fields filled. */
  async preview(actor: Actor, survivorId: number, duplicateId: number) {
    this.assertAdmin(actor);
    const em = this.dataSource.manager;
    const { survivor, duplicate } = await this.pair(actor, survivorId, duplicateId, em);
    const [sFin, dFin] = await Promise.all([
      em.find(AnnualFinancials, { where: { enterpriseId: survivor.id }, order: { year: 'DESC' } }),
      em.find(AnnualFinancials, { where: { enterpriseId: duplicate.id }, order: { year: 'DESC' } }),
    ]);
    const conflicts = dFin.filter((d) => sFin.some((s) => s.year === d.year)).map((d) => ({
      year: d.year, survivor: mapFinancials(sFin.find((s) => s.year === d.year)!), duplicate: mapFinancials(d),
    }));
    return {
      survivor: mapEnterprise(survivor),
      duplicate: mapEnterprise(duplicate),
      moves: await this.counts(em, duplicate.id),
      conflicts,
      filled: FILLABLE.filter((k) => (survivor[k] === null || survivor[k] === undefined) && duplicate[k] !== null && duplicate[k] !== undefined)
        .map((k) => ({ field: k, value: duplicate[k] })),
      tagsAfter: normaliseTags([...splitTags(survivor.tags), ...splitTags(duplicate.tags)]),
    };
  }

  async merge(actor: Actor, survivorId: number, request: MergeRequest) {
    this.assertAdmin(actor);
    return this.dataSource.transaction(async (em) => {
      const { survivor, duplicate } = await this.pair(actor, survivorId, request.duplicateId, em);
      if (survivor.version !== request.version) throw new StaleVersionError('Enterprise', survivor.version);
      const moved = await this.counts(em, duplicate.id);
      const before = await this.counts(em, survivor.id);

      // Figures: a year on both files keeps the survivor's unless the admin chose the duplicate's.
      const sFin = await em.find(AnnualFinancials, { where: { enterpriseId: survivor.id } });
      const dFin = await em.find(AnnualFinancials, { where: { enterpriseId: duplicate.id } });
      const keep = new Set(request.keepDuplicateYears ?? []);
      for (const y of keep) {
        if (!dFin.some((d) => d.year === y) || !sFin.some((s) => s.year === y)) {
          throw new InvalidInputError(`${y} is not a year present in both files`, [{ field: 'keepDuplicateYears', message: `${y} is not a year present in both files` }]);
        }
      }
      const conflicts: { year: number; kept: 'survivor' | 'duplicate' }[] = [];
      for (const d of dFin) {
        const s = sFin.find((x) => x.year === d.year);
        if (!s) continue;
        const takeDuplicate = keep.has(d.year);
        conflicts.push({ year: d.year, kept: takeDuplicate ? 'duplicate' : 'survivor' });
        if (takeDuplicate) {
          const set: Record<string, unknown> = Object.fromEntries(FIGURES.map((k) => [k, d[k]]));
          Object.assign(set, { source: d.source, sourceAsOf: d.sourceAsOf, recordedBy: d.recordedBy, recordedAt: d.recordedAt, verifiedAt: d.verifiedAt, verifiedBy: d.verifiedBy });
          await em.createQueryBuilder().update(AnnualFinancials).set({ ...set, version: () => 'version + 1' } as never).where('id = :id', { id: s.id }).execute();
          await this.audit.record(em, actor, {
            action: 'update', entity: 'annual_financials', entityId: `${survivor.id}/${d.year}`, enterpriseId: survivor.id,
            before: { year: d.year, ...Object.fromEntries(FIGURES.map((k) => [k, s[k]])) }, after: { year: d.year, ...Object.fromEntries(FIGURES.map((k) => [k, d[k]])) },
          });
        }
        // The duplicate's evidence for that year now backs the survivor's row.
        await em.update(DocumentRecord, { ownerKind: 'annual_financials', ownerId: d.id }, { ownerId: s.id });
        await em.delete(AnnualFinancials, { id: d.id });
      }
      await em.update(AnnualFinancials, { enterpriseId: duplicate.id }, { enterpriseId: survivor.id });

      // R&D ledgers: one per year, the same choice as the figures (survivor's unless the year is kept from the duplicate).
      const sLedgerYears = new Set((await em.find(RdLedger, { where: { enterpriseId: survivor.id }, select: { year: true } })).map((l) => l.year));
      for (const l of await em.find(RdLedger, { where: { enterpriseId: duplicate.id } })) {
        if (!sLedgerYears.has(l.year)) continue;
        if (keep.has(l.year)) await em.delete(RdLedger, { enterpriseId: survivor.id, year: l.year });
        else await em.delete(RdLedger, { id: l.id });
      }
      await em.update(RdLedger, { enterpriseId: duplicate.id }, { enterpriseId: survivor.id });

      // Everything else moves as it is; documents owned by the file itself change owner too.
      await em.update(DocumentRecord, { ownerKind: 'enterprise', ownerId: duplicate.id }, { ownerId: survivor.id });
      for (const c of CHILDREN) await em.createQueryBuilder().update(c.target).set({ enterpriseId: survivor.id }).where('enterprise_id = :d', { d: duplicate.id }).execute();
      for (const t of this.extraTables) await this.sql(em, `UPDATE ${t.table} SET ${t.column ?? 'enterprise_id'} = ? WHERE ${t.column ?? 'enterprise_id'} = ?`, [survivor.id, duplicate.id]);

      // Tags: the union (at most ten), one row each.
      const tags = normaliseTags([...splitTags(survivor.tags), ...splitTags(duplicate.tags)]);
      await em.delete(EnterpriseTag, { enterpriseId: In([survivor.id, duplicate.id]) });
      if (tags.length) await em.insert(EnterpriseTag, tags.map((tag) => ({ enterpriseId: survivor.id, tag })));

      const filled: Record<string, unknown> = {};
      for (const k of FILLABLE) if ((survivor[k] === null || survivor[k] === undefined) && duplicate[k] !== null && duplicate[k] !== undefined) filled[k] = duplicate[k];
      const result = await em.createQueryBuilder().update(Enterprise)
        .set({ ...filled, tags: tags.join(','), version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
        .where('id = :id AND version = :version', { id: survivor.id, version: request.version }).execute();
      if (!result.affected) throw new StaleVersionError('Enterprise', survivor.version + 1);
      await em.createQueryBuilder().update(Enterprise)
        .set({ mergedIntoId: survivor.id, tags: '', deletedAt: () => 'CURRENT_TIMESTAMP', version: () => 'version + 1' } as never)
        .where('id = :id', { id: duplicate.id }).execute();

      const label = (e: Enterprise) => `${e.name} (${e.uscc})`;
      const summary = (c: Record<string, number>) => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || '—';
      const after = await this.counts(em, survivor.id);
      await this.audit.record(em, actor, {
        action: 'merge', entity: 'enterprise', entityId: survivor.id, enterpriseId: survivor.id,
        before: { mergedFrom: null, contents: summary(before), tags: survivor.tags, ...Object.fromEntries(Object.keys(filled).map((k) => [k, survivor[k as keyof Enterprise] ?? null])) },
        after: { mergedFrom: label(duplicate), contents: summary(after), tags: tags.join(','), ...filled, conflicts: conflicts.map((c) => `${c.year}:${c.kept}`).join(', ') || null },
      });
      await this.audit.record(em, actor, {
        action: 'merge', entity: 'enterprise', entityId: duplicate.id, enterpriseId: duplicate.id,
        before: { deleted: false, mergedInto: null, contents: summary(moved) }, after: { deleted: true, mergedInto: label(survivor), contents: '—' },
      });
      const saved = await em.getRepository(Enterprise).findOneByOrFail({ id: survivor.id });
      return {
        survivor: mapEnterprise(saved),
        duplicate: { id: duplicate.id, uscc: duplicate.uscc, name: duplicate.name, mergedIntoId: survivor.id },
        moved,
        conflicts,
        filled: Object.keys(filled),
      };
    });
  }

  /**
   * Files that may be duplicates of this one: same normalised name, or one normalised name
   * starting with the other ("天津某某科技" / "天津某某科技有限公司（重复）").
   */
  async candidates(actor: Actor, survivor: { id: number; name: string }): Promise<{ id: number; uscc: string; name: string }[]> {
    this.assertAdmin(actor);
    const core = normaliseEnterpriseName(survivor.name);
    if (core.length < 2) return [];
    const rows = await this.enterprises.scopedQuery(actor)
      .andWhere('e.id <> :id', { id: survivor.id })
      .andWhere(new Brackets((w) => {
        w.where('e.name_normalized = :core', { core })
          .orWhere('e.name_normalized LIKE :prefix', { prefix: `${core}%` })
          .orWhere(":core LIKE e.name_normalized || '%'", { core });
      }))
      .orderBy('e.name', 'ASC').limit(10).getMany();
    return rows.filter((e) => e.nameNormalized.length >= 2).map((e) => ({ id: e.id, uscc: e.uscc, name: e.name }));
  }

  /** The enterprise id for a duplicate typed as an id or a USCC (admin only: every file is visible). */
  async resolveDuplicate(actor: Actor, typed: string): Promise<number | null> {
    this.assertAdmin(actor);
    const s = typed.trim().toUpperCase();
    if (/^\d{1,9}$/.test(s)) return Number(s);
    if (!/^[0-9A-Z]{18}$/.test(s)) return null;
    const e = await this.dataSource.getRepository(Enterprise).findOne({ where: { uscc: s }, select: { id: true } });
    if (!e) throw new NotFoundError('Enterprise');
    return e.id;
  }
}
