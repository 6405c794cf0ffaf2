import { RefreshingCache } from '../database/refreshing-cache.js';
import { Injectable } from '@nestjs/common';
import { decideEditReference } from './reference.policy.js';
import { enforce } from '../common/policy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, NotFoundError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { isCalendarDate } from '../common/validators.js';
import { translate } from '../i18n/i18n.js';
import { problemMessage } from '../common/validation-messages.js';
import { ReferenceSetting } from './reference-setting.entity.js';
import { definitionOf, invalidValue, SETTING_DEFINITIONS, valueOn, type SettingDefinition, type SettingKey } from './setting-definitions.js';

/** Several processes may share a database: a change made by another one is seen within this long. */
const CACHE_MS = 5_000;

export interface SettingInput {
  key: string;
  effectiveFrom: string;
  value: string;
  source?: string | null;
  note?: string | null;
  /** Present when editing an existing record: the version the client read. */
  id?: number;
  version?: number;
}

export interface SettingRecordView {
  id: number;
  key: string;
  effectiveFrom: string;
  value: string;
  source: string | null;
  note: string | null;
  version: number;
  updatedAt: Date;
}

export interface SettingSummary {
  definition: SettingDefinition;
  /** The value in force today. */
  current: string;
  records: SettingRecordView[];
}

/** The reference numbers the pure policy engine needs, resolved for an evaluation date. */
export interface EngineReference {
  creditLookbackYears: number;
  divisionPrefix: string;
}

const view = (r: ReferenceSetting): SettingRecordView => ({
  id: r.id, key: r.key, effectiveFrom: r.effectiveFrom, value: r.value, source: r.source, note: r.note, version: r.version, updatedAt: r.updatedAt,
});
const snapshot = (r: ReferenceSetting) => ({ key: r.key, effectiveFrom: r.effectiveFrom, value: r.value, source: r.source, note: r.note });

/**
 * Dated reference settings (radar lead times, the credit look-back window, reminder schedules, the
 * division prefix, …): every service asks here for the value in force on a date instead of keeping
 * a constant. Administrators add and edit records; each write is audited in its transaction and
 * takes the version the client read.
 */
/** A field problem with its catalogue key, so forms and the JSON face word it in their own language. */
function settingProblem(actor: Actor, field: string, key: string, params: Record<string, unknown> = {}): FieldMessage {
  return { field, message: problemMessage(actor.locale, { field, key, params }, SETTING_LABELS), key, params };
}

/** The settings form's field labels (its column headings). */
export const SETTING_LABELS: Record<string, string> = {
  key: 'settings.col.setting', effectiveFrom: 'settings.col.effectiveFrom', value: 'settings.col.value', source: 'settings.col.source', note: 'settings.col.note',
};

@Injectable()
export class SettingsService {
  private readonly cache = new RefreshingCache(
    () => this.dataSource.getRepository(ReferenceSetting).find({ order: { key: 'ASC', effectiveFrom: 'DESC' } }),
    CACHE_MS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Read at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cache.warm();
  }

  private rows(): Promise<ReferenceSetting[]> {
    return this.cache.get();
  }

  /** Forgets the cached records (tests that change the table directly; a write refreshes them). */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** The value of a setting in force on `date` (default today), as text. */
  async text(key: SettingKey, date = todayIso()): Promise<string> {
    const rows = (await this.rows()).filter((r) => r.key === key);
    return valueOn(rows, date) ?? definitionOf(key)!.fallback;
  }

  /** The value of an integer setting in force on `date` (default today). */
  async int(key: SettingKey, date = todayIso()): Promise<number> {
    return Number(await this.text(key, date));
  }

  async engineReference(date: string): Promise<EngineReference> {
    const [creditLookbackYears, divisionPrefix] = await Promise.all([this.int('credit.lookbackYears', date), this.text('region.divisionPrefix', date)]);
    return { creditLookbackYears, divisionPrefix };
  }

  private assertAdmin(actor: Actor): void {
    enforce(decideEditReference(actor));
  }

  async list(actor: Actor): Promise<SettingSummary[]> {
    this.assertAdmin(actor);
    const rows = await this.dataSource.getRepository(ReferenceSetting).find({ order: { key: 'ASC', effectiveFrom: 'DESC' } });
    const today = todayIso();
    return SETTING_DEFINITIONS.map((definition) => {
      const own = rows.filter((r) => r.key === definition.key);
      return { definition, current: valueOn(own, today) ?? definition.fallback, records: own.map(view) };
    });
  }

  async get(actor: Actor, id: number): Promise<SettingRecordView> {
    this.assertAdmin(actor);
    const row = Number.isSafeInteger(id) ? await this.dataSource.getRepository(ReferenceSetting).findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('Setting');
    return view(row);
  }

  private validate(actor: Actor, input: SettingInput): FieldMessage[] {
    const details: FieldMessage[] = [];
    const def = definitionOf(String(input.key ?? ''));
    if (!def) return [settingProblem(actor, 'key', 'settings.validation.key')];
    if (!isCalendarDate(input.effectiveFrom)) details.push(settingProblem(actor, 'effectiveFrom', 'settings.validation.effectiveFrom'));
    const bad = typeof input.value === 'string' ? invalidValue(def, input.value) : 'int';
    if (bad) details.push(settingProblem(actor, 'value', `settings.validation.${bad}`, { min: def.min, max: def.max }));
    for (const field of ['source', 'note'] as const) {
      const v = input[field];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 200)) details.push(settingProblem(actor, field, 'settings.validation.text200'));
    }
    return details;
  }

  /**
   * Adds a dated value (no id) or changes an existing record (id + the version read). One record
   * per key and date: adding a second one for the same date is a field error, not an overwrite.
   */
  async save(actor: Actor, input: SettingInput): Promise<{ record: SettingRecordView; created: boolean }> {
    this.assertAdmin(actor);
    const details = this.validate(actor, input);
    if (details.length) throw new InvalidInputError(`Invalid setting: ${details[0]!.field} ${details[0]!.message}`, details);
    const fields = { key: input.key, effectiveFrom: input.effectiveFrom, value: input.value.trim(), source: input.source?.trim() || null, note: input.note?.trim() || null };
    const result = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ReferenceSetting);
      const clash = await repo.findOneBy({ key: fields.key, effectiveFrom: fields.effectiveFrom });
      if (input.id === undefined) {
        if (clash) throw new InvalidInputError('A value for this date exists already', [settingProblem(actor, 'effectiveFrom', 'settings.validation.duplicate')]);
        const saved = await repo.save(repo.create({ ...fields, updatedBy: actor.userId || null }));
        await this.audit.record(em, actor, { action: 'setting.create', entity: 'reference_setting', entityId: saved.id, before: null, after: snapshot(saved) });
        return { record: view(saved), created: true };
      }
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new NotFoundError('Setting');
      if (existing.key !== fields.key) throw new InvalidInputError('The key of a record cannot change', [settingProblem(actor, 'key', 'settings.validation.key')]);
      if (input.version === undefined || input.version !== existing.version) throw new StaleVersionError('Setting', existing.version);
      if (clash && clash.id !== existing.id) throw new InvalidInputError('A value for this date exists already', [settingProblem(actor, 'effectiveFrom', 'settings.validation.duplicate')]);
      const before = snapshot(existing);
      const updated = await repo.createQueryBuilder().update(ReferenceSetting)
        .set({ effectiveFrom: fields.effectiveFrom, value: fields.value, source: fields.source, note: fields.note, updatedBy: actor.userId || null })
        .where('id = :id AND version = :version', { id: existing.id, version: existing.version })
        .execute();
      if (!updated.affected) throw new StaleVersionError('Setting', existing.version + 1);
      const saved = await repo.findOneByOrFail({ id: existing.id });
      await this.audit.record(em, actor, { action: 'setting.update', entity: 'reference_setting', entityId: saved.id, before, after: snapshot(saved) });
      return { record: view(saved), created: false };
    });
    await this.cache.refresh();
    return result;
  }
}
