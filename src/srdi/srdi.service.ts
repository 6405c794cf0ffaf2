import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { enforce } from '../common/policy.js';
import { hasOwn } from '../common/own-key.js';
import { decideEnterprise, decideFactSource, figuresSelfReported } from '../enterprises/enterprise.policy.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { validUntil } from '../ladder/recognitions.service.js';
import { Recognition } from '../ladder/recognition.entity.js';
import { SRDI_PROGRAMS, type SrdiProgram } from '../policy/engine/facts.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { decodeFact, encodeFact, SRDI_FACTS, VERIFIED_FACTS, type SrdiFactName } from './srdi-facts.js';
import { SrdiFact, SrdiYear } from './srdi-fact.entity.js';
import type { SrdiFactsPatchDto, SrdiRecognitionPostDto, SrdiYearPutDto } from './srdi.dto.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function mapFact(f: SrdiFact) {
  return {
    value: decodeFact(f.fact as SrdiFactName, f.value) ?? null, note: f.note, source: f.source, sourceAsOf: f.sourceAsOf,
    recordedBy: f.recordedBy, recordedAt: iso(f.recordedAt), verified: !!f.verifiedAt, verifiedBy: f.verifiedBy, verifiedAt: iso(f.verifiedAt), version: f.version,
  };
}

export function mapYear(y: SrdiYear) {
  return { year: y.year, equityFinancing: y.equityFinancing, rdStaff: y.rdStaff, source: y.source, sourceAsOf: y.sourceAsOf, recordedBy: y.recordedBy, recordedAt: iso(y.recordedAt), version: y.version };
}

export function mapRecognition(r: Recognition) {
  return { id: r.id, program: r.tier, year: r.year, batch: r.batch, certificateNumber: r.certificateNumber, validFrom: r.validFrom, validUntil: r.validUntil, source: r.source };
}

export type SrdiFactsView = {
  enterpriseId: number;
  facts: Partial<Record<SrdiFactName, ReturnType<typeof mapFact>>>;
  years: ReturnType<typeof mapYear>[];
  recognitions: ReturnType<typeof mapRecognition>[];
};

/**
 * The SRDI facts of a file (rules.md §7) with their provenance, the yearly SRDI figures and the SRDI
 * recognitions. Visibility through the file's scope (hidden → 404); writing through the enterprise
 * policy: facts and figures are reported figures (an enterprise may report its own, source
 * `enterprise`), the key link of a chain counts only when staff saved it (verified), recognitions
 * are staff records. Every change is audited in its transaction.
 */
@Injectable()
export class SrdiService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly enterprises: EnterprisesService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async get(actor: Actor, id: number): Promise<SrdiFactsView> {
    const e = await this.enterprises.get(actor, id);
    const [facts, years, recognitions] = await Promise.all([
      this.dataSource.getRepository(SrdiFact).find({ where: { enterpriseId: e.id } }),
      this.dataSource.getRepository(SrdiYear).find({ where: { enterpriseId: e.id }, order: { year: 'DESC' } }),
      this.dataSource.getRepository(Recognition).find({ where: { enterpriseId: e.id, tier: In([...SRDI_PROGRAMS]) }, order: { validFrom: 'DESC', id: 'DESC' } }),
    ]);
    const byName: SrdiFactsView['facts'] = {};
    for (const f of facts) if ((SRDI_FACTS as readonly string[]).includes(f.fact)) byName[f.fact as SrdiFactName] = mapFact(f);
    return { enterpriseId: e.id, facts: byName, years: years.map(mapYear), recognitions: recognitions.map(mapRecognition) };
  }

  /** Sets the facts named in the body (null = unknown again); the others stay. */
  async patchFacts(actor: Actor, id: number, dto: SrdiFactsPatchDto): Promise<SrdiFactsView> {
    enforce(decideEnterprise(actor, 'reportFigures'));
    const source = decideFactSource(actor, dto.source);
    enforce(source);
    const today = todayIso();
    const body = dto as unknown as Record<string, unknown>;
    const changes: { fact: SrdiFactName; text: string | null }[] = [];
    const details: FieldMessage[] = [];
    for (const fact of SRDI_FACTS) {
      if (!hasOwn(body, fact) || body[fact] === undefined) continue;
      if (body[fact] === null) {
        changes.push({ fact, text: null });
        continue;
      }
      const enc = encodeFact(fact, body[fact], today);
      if (enc.ok) changes.push({ fact, text: enc.text });
      else details.push({ field: fact, message: enc.message });
    }
    if (details.length) throw new InvalidInputError('SRDI facts are not valid', details);
    if (!changes.length && dto.srdiScoreBy === undefined) throw new InvalidInputError('no SRDI fact given', [{ field: 'body', message: `name at least one of ${SRDI_FACTS.join(', ')}` }]);
    const selfReport = figuresSelfReported(actor);
    await this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const repo = em.getRepository(SrdiFact);
      const existing = new Map((await repo.find({ where: { enterpriseId: e.id } })).map((f) => [f.fact, f]));
      if (dto.srdiScoreBy !== undefined && !changes.some((c) => c.fact === 'srdiScore')) {
        const score = existing.get('srdiScore');
        if (!score) throw new InvalidInputError('no score to attribute', [{ field: 'srdiScoreBy', message: 'record srdiScore first (or with it)' }]);
        changes.push({ fact: 'srdiScore', text: score.value });
      }
      for (const c of changes) {
        const row = existing.get(c.fact);
        const before = row ? mapFact(row) : null;
        if (c.text === null) {
          if (!row) continue;
          await repo.delete({ id: row.id });
          await this.audit.record(em, actor, { action: 'delete', entity: 'srdi_fact', entityId: `${e.id}/${c.fact}`, enterpriseId: e.id, before: strip({ fact: c.fact, ...before }) });
          continue;
        }
        const next = row ?? repo.create({ enterpriseId: e.id, fact: c.fact });
        next.value = c.text;
        if (c.fact === 'srdiScore') next.note = dto.srdiScoreBy ?? row?.note ?? null;
        next.source = source.source!;
        next.sourceAsOf = dto.sourceAsOf ?? null;
        next.recordedBy = actor.userId || null;
        next.recordedAt = new Date();
        // The key link of a chain is an officer-verified fact: staff saving it verifies it.
        const verify = VERIFIED_FACTS.includes(c.fact) && !selfReport;
        next.verifiedAt = verify ? new Date() : null;
        next.verifiedBy = verify ? actor.userId : null;
        const saved = await repo.save(next);
        await this.audit.record(em, actor, {
          action: row ? 'update' : 'create', entity: 'srdi_fact', entityId: `${e.id}/${c.fact}`, enterpriseId: e.id,
          before: before ? strip({ fact: c.fact, ...before }) : null, after: strip({ fact: c.fact, ...mapFact(saved) }),
        });
      }
    });
    return this.get(actor, id);
  }

  /** The SRDI figures of one completed fiscal year, replaced as a whole (left-out figures are unknown). */
  async putYear(actor: Actor, id: number, year: number, dto: SrdiYearPutDto) {
    const maxYear = Number(todayIso().slice(0, 4));
    if (!Number.isInteger(year) || year < 1990 || year > maxYear) {
      throw new InvalidInputError(`year must be a fiscal year between 1990 and ${maxYear}`, [{ field: 'year', message: `must be between 1990 and ${maxYear} (no future years)` }]);
    }
    enforce(decideEnterprise(actor, 'reportFigures'));
    const source = decideFactSource(actor, dto.source);
    enforce(source);
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const repo = em.getRepository(SrdiYear);
      const existing = await repo.findOneBy({ enterpriseId: e.id, year });
      if (existing && dto.version !== undefined && existing.version !== dto.version) throw new StaleVersionError('SRDI year', existing.version);
      const before = existing ? mapYear(existing) : null;
      const row = existing ?? repo.create({ enterpriseId: e.id, year });
      row.equityFinancing = dto.equityFinancing ?? null;
      row.rdStaff = dto.rdStaff ?? null;
      row.source = source.source!;
      row.sourceAsOf = dto.sourceAsOf ?? null;
      row.recordedBy = actor.userId || null;
      row.recordedAt = new Date();
      let saved: SrdiYear;
      try {
        saved = await repo.save(row);
      } catch (err) {
        if (/unique|duplicate/i.test(String((err as Error).message))) throw new StaleVersionError('SRDI year', 1);
        throw err;
      }
      const after = mapYear(saved);
      await this.audit.record(em, actor, { action: existing ? 'update' : 'create', entity: 'srdi_year', entityId: `${e.id}/${year}`, enterpriseId: e.id, before: before ? strip(before) : null, after: strip(after) });
      return after;
    });
  }

  /**
   * Records a recognition on the SRDI ladder (staff only). Valid for the rule set's validity years
   * (3, rules.md §7) from validFrom unless the notice says otherwise; the expiry radar picks it up.
   */
  async addRecognition(actor: Actor, id: number, dto: SrdiRecognitionPostDto) {
    enforce(decideEnterprise(actor, 'edit'));
    const program = dto.program as SrdiProgram;
    const rs = await this.ruleSets.resolveOne(program, dto.validFrom);
    const years = Number((rs.params as { recognitionValidityYears?: unknown }).recognitionValidityYears ?? 3);
    const until = dto.validUntil ?? validUntil(dto.validFrom, Number.isInteger(years) && years > 0 ? years : 3);
    if (until < dto.validFrom) throw new InvalidInputError('validUntil is before validFrom', [{ field: 'validUntil', message: 'must not be before validFrom' }]);
    return this.dataSource.transaction(async (em) => {
      const e = await this.enterprises.get(actor, id, { manager: em });
      const saved = await em.save(em.create(Recognition, {
        enterpriseId: e.id, tier: program, year: dto.year ?? Number(dto.validFrom.slice(0, 4)), batch: dto.batch ?? null, certificateNumber: dto.certificateNumber ?? null,
        validFrom: dto.validFrom, validUntil: until, source: 'manual', applicationId: null,
      }));
      const after = mapRecognition(saved);
      await this.audit.record(em, actor, { action: 'create', entity: 'recognition', entityId: saved.id, enterpriseId: e.id, after });
      return after;
    });
  }
}

/** Audit payloads without the bookkeeping fields (the audit entry has its own who and when). */
function strip(v: Record<string, unknown>): Record<string, unknown> {
  const { recordedAt: _a, version: _v, verifiedAt: _w, ...rest } = v;
  return rest;
}
