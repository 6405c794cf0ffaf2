import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { enforce } from '../common/policy.js';
import { now } from '../common/clock.js';
import { RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import { CreditFlag } from './credit-flag.entity.js';
import { flagCategory } from './credit-status.js';
import { decideEnterprise, decideFactSource, figuresSelfReported } from './enterprise.policy.js';
import { EnterprisesService } from './enterprises.service.js';
import { FactCheck } from './fact-check.entity.js';
import { RdLedger } from './rd-ledger.entity.js';
import type { CreditFlagPatchDto, CreditFlagPostDto, FactCheckPostDto, RdLedgerPutDto } from './stored-facts.dto.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function mapRdLedger(l: RdLedger) {
  const money = Object.fromEntries(RD_EXPENSE_MONEY_FIELDS.map((k) => [k, l[k]]));
  return {
    id: l.id, enterpriseId: l.enterpriseId, year: l.year, ...money,
    manufacturing: l.manufacturing, icOrMachineTool: l.icOrMachineTool, techSme: l.techSme, projects: l.projects ?? [],
    source: l.source, sourceAsOf: l.sourceAsOf, recordedBy: l.recordedBy, recordedAt: iso(l.recordedAt),
    verified: !!l.verifiedAt, verifiedBy: l.verifiedBy, verifiedAt: iso(l.verifiedAt), version: l.version,
  };
}

export function mapStoredFlag(f: CreditFlag) {
  return {
    id: f.id, kind: f.kind, category: flagCategory(f.kind), listedOn: f.flaggedOn, on: f.flaggedOn, removedOn: f.removedOn,
    source: f.source, sourceAsOf: f.sourceAsOf, note: f.note, recordedBy: f.recordedBy, recordedAt: iso(f.recordedAt), version: f.version,
  };
}

export function mapCheck(c: FactCheck) {
  // A check states what the source said on the day it was asked: its date is the source's asOf.
  return { id: c.id, subject: c.subject, on: c.checkedOn, result: c.result, source: c.source, sourceAsOf: c.checkedOn, recordedBy: c.recordedBy, recordedAt: iso(c.recordedAt) };
}

function assertPastDate(field: string, date: string | undefined | null): void {
  if (date && date > todayIso()) throw new InvalidInputError(`${field} is in the future`, [{ field, message: 'must not be in the future' }]);
}

/**
 * Stored facts of a file with provenance (issue 14): the R&D ledger per fiscal year, credit flags
 * with their removal, and checks. Visibility through the file's scope (hidden → 404); who may
 * write through the enterprise policy: the ledger is reported figures (the enterprise may fill it,
 * staff saving it verifies it); credit flags and checks are staff edits. Audited in the transaction.
 */
@Injectable()
export class StoredFactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
  ) {}

  async ledgers(actor: Actor, id: number) {
    const e = await this.enterprises.get(actor, id);
    const rows = await this.dataSource.getRepository(RdLedger).find({ where: { enterpriseId: e.id }, order: { year: 'DESC' } });
    return rows.map(mapRdLedger);
  }

  async ledger(actor: Actor, id: number, year: number) {
    const e = await this.enterprises.get(actor, id);
    const row = await this.dataSource.getRepository(RdLedger).findOneBy({ enterpriseId: e.id, year });
    if (!row) throw new NotFoundError('R&D ledger');
    return mapRdLedger(row);
  }

  async putLedger(actor: Actor, id: number, year: number, dto: RdLedgerPutDto) {
    const maxYear = Number(todayIso().slice(0, 4));
    if (!Number.isInteger(year) || year < 1990 || year > maxYear) {
      throw new InvalidInputError(`year must be a fiscal year between 1990 and ${maxYear}`, [{ field: 'year', message: `must be between 1990 and ${maxYear} (no future years)` }]);
    }
    if (dto.year !== undefined && dto.year !== year) throw new InvalidInputError('year differs from the path', [{ field: 'year', message: 'must equal the year in the path' }]);
    assertPastDate('sourceAsOf', dto.sourceAsOf);
    enforce(decideEnterprise(actor, 'reportFigures'));
    const source = decideFactSource(actor, dto.source);
    enforce(source);
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const repo = em.getRepository(RdLedger);
      const existing = await repo.findOneBy({ enterpriseId: e.id, year });
      if (existing && dto.version !== undefined && existing.version !== dto.version) throw new StaleVersionError('R&D ledger', existing.version);
      const before = existing ? mapRdLedger(existing) : null;
      // PUT: the ledger of the year is replaced as a whole (left-out figures are unknown).
      const row = existing ?? repo.create({ enterpriseId: e.id, year });
      for (const k of RD_EXPENSE_MONEY_FIELDS) row[k] = dto[k] ?? null;
      row.manufacturing = dto.manufacturing ?? null;
      row.icOrMachineTool = dto.icOrMachineTool ?? null;
      row.techSme = dto.techSme ?? null;
      row.projects = dto.projects ? dto.projects.map((p) => ({ ...(p.name ? { name: p.name } : {}), activityType: p.activityType, ...(p.costs ? { costs: { ...p.costs } } : {}) })) : null;
      row.source = source.source!;
      row.sourceAsOf = dto.sourceAsOf ?? null;
      row.recordedBy = actor.userId || null;
      row.recordedAt = now();
      const selfReport = figuresSelfReported(actor);
      row.verifiedAt = selfReport ? null : new Date();
      row.verifiedBy = selfReport ? null : actor.userId;
      let saved: RdLedger;
      try {
        saved = await repo.save(row);
      } catch (err) {
        if (/unique|duplicate/i.test(String((err as Error).message))) throw new StaleVersionError('R&D ledger', 1);
        throw err;
      }
      const after = mapRdLedger(saved);
      await this.audit.record(em, actor, {
        action: existing ? 'update' : 'create', entity: 'rd_ledger', entityId: `${e.id}/${year}`, enterpriseId: e.id,
        before: before ? strip(before) : null, after: strip(after),
      });
      return after;
    });
  }

  async flags(actor: Actor, id: number) {
    const e = await this.enterprises.get(actor, id);
    const rows = await this.dataSource.getRepository(CreditFlag).find({ where: { enterpriseId: e.id }, order: { flaggedOn: 'DESC', id: 'DESC' } });
    return rows.map(mapStoredFlag);
  }

  async addFlag(actor: Actor, id: number, dto: CreditFlagPostDto) {
    const listed = (dto.listedOn ?? dto.on)!;
    assertPastDate('listedOn', listed);
    assertPastDate('sourceAsOf', dto.sourceAsOf);
    if (dto.removedOn && dto.removedOn < listed) throw new InvalidInputError('removedOn is before listedOn', [{ field: 'removedOn', message: 'must not be before listedOn' }]);
    if (dto.removedOn && flagCategory(dto.kind) === 'event') throw new InvalidInputError('an event is not removed', [{ field: 'removedOn', message: 'only list entries (abnormal-operation, serious-dishonesty) are removed' }]);
    enforce(decideEnterprise(actor, 'edit'));
    const source = decideFactSource(actor, dto.source);
    enforce(source);
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const saved = await em.save(em.create(CreditFlag, {
        enterpriseId: e.id, kind: dto.kind, flaggedOn: listed, removedOn: dto.removedOn ?? null, source: source.source!, sourceAsOf: dto.sourceAsOf ?? null,
        note: dto.note ?? null, recordedBy: actor.userId || null, recordedAt: new Date(),
      }));
      const after = mapStoredFlag(saved);
      await this.audit.record(em, actor, { action: 'create', entity: 'credit_flag', entityId: saved.id, enterpriseId: e.id, after: strip(after) });
      return after;
    });
  }

  async patchFlag(actor: Actor, id: number, flagId: number, dto: CreditFlagPatchDto) {
    assertPastDate('removedOn', dto.removedOn);
    enforce(decideEnterprise(actor, 'edit'));
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const flag = await em.getRepository(CreditFlag).findOneBy({ id: flagId, enterpriseId: e.id });
      if (!flag) throw new NotFoundError('Credit flag');
      if (flag.version !== dto.version) throw new StaleVersionError('Credit flag', flag.version);
      if (dto.removedOn && flagCategory(flag.kind) === 'event') throw new InvalidInputError('an event is not removed', [{ field: 'removedOn', message: 'only list entries (abnormal-operation, serious-dishonesty) are removed' }]);
      if (dto.removedOn && dto.removedOn < flag.flaggedOn) throw new InvalidInputError('removedOn is before listedOn', [{ field: 'removedOn', message: 'must not be before listedOn' }]);
      const before = mapStoredFlag(flag);
      flag.removedOn = dto.removedOn;
      const saved = await em.save(flag);
      const after = mapStoredFlag(saved);
      await this.audit.record(em, actor, { action: 'update', entity: 'credit_flag', entityId: flag.id, enterpriseId: e.id, before: strip(before), after: strip(after) });
      return after;
    });
  }

  async addCheck(actor: Actor, id: number, dto: FactCheckPostDto) {
    assertPastDate('on', dto.on);
    enforce(decideEnterprise(actor, 'edit'));
    const source = decideFactSource(actor, dto.source);
    enforce(source);
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const saved = await em.save(em.create(FactCheck, {
        enterpriseId: e.id, subject: dto.subject, checkedOn: dto.on, result: dto.result, source: source.source!, recordedBy: actor.userId || null,
      }));
      const after = mapCheck(saved);
      await this.audit.record(em, actor, { action: 'create', entity: 'fact_check', entityId: saved.id, enterpriseId: e.id, after: strip(after) });
      return after;
    });
  }

  /** The latest check per subject (what the file shows: "经知识产权局核查 2026-03-02：无"). */
  async lastChecks(enterpriseId: number) {
    const rows = await this.dataSource.getRepository(FactCheck).find({ where: { enterpriseId }, order: { checkedOn: 'DESC', id: 'DESC' } });
    const latest = new Map<string, ReturnType<typeof mapCheck>>();
    for (const r of rows) if (!latest.has(r.subject)) latest.set(r.subject, mapCheck(r));
    return Object.fromEntries(latest);
  }
}

/** Audit payloads without the bookkeeping fields (the audit entry has its own who and when). */
function strip<T extends Record<string, unknown>>(v: T): Record<string, unknown> {
  const { recordedAt: _a, version: _v, verifiedAt: _w, ...rest } = v;
  return rest;
}
