import { RefreshingCache } from '../../database/refreshing-cache.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { defineHistory, HistoryService } from '../../audit/history.service.js';
import { enforce } from '../../common/policy.js';
import { verdictDecision } from '../../common/state-machine.js';
import { decidePolicy } from '../policy-module.policy.js';
import { ruleSetMachine, type RuleSetAction } from './rule-set-machine.js';
import type { Actor } from '../../auth/actor.js';
import { InvalidInputError, NotFoundError, StaleVersionError } from '../../common/errors.js';
import type { FieldErrors } from '../../common/form.js';
import { isCalendarDate } from '../../common/validators.js';
import type { RuleSet } from '../engine/criteria.js';
import { ALL_PROGRAMS, OPTIONAL_PROGRAMS, RD_POST_SUBSIDY, SRDI_PROGRAMS, type AnyProgram, type RdPostSubsidyProgram, type SrdiProgram } from '../engine/facts.js';
import { PARAMS_2026_1 } from '../engine/params-2026-1.js';
import { ALL_PARAM_PROGRAMS, DEFAULT_PARAMS, DOCUMENT_DATES, PARAM_PROGRAMS, PROVISIONAL_PATHS, paramPaths, validateParams, type ParamProgram, type ParamsByProgram } from '../engine/params.js';
import { RD_POST_SUBSIDY_RULE_SET_VERSION, SRDI_RULE_SET_VERSION, withReference, type RuleSets } from '../engine/rule-sets.js';
import { SettingsService } from '../../settings/settings.service.js';
import { RuleSetRecord } from './rule-set.entity.js';

/**
 * The version name of the first rule sets seeded from rules.md (edition 1). They carried departures
 * from the official texts; they stay (retired) so that evaluations stored under them reproduce.
 */
export const SEED_VERSION = '2026.1';
const SEED_NOTE = 'rules.md defaults';
/** The corrected rule sets (edition 2, rules.md as corrected), dated from their documents (§12). */
export const CORRECTED_VERSION = '2026.2';
const CORRECTED_NOTE = 'rules.md corrected: dated from the documents, references, corrected criteria';
/** The SRDI programmes (rules.md §7) arrived with 2026.3; they have no earlier version. */
export { SRDI_RULE_SET_VERSION };
const SRDI_NOTE = 'rules.md §7: the SRDI ladder (工信部企业〔2022〕63号)';
/** The R&D post-subsidy (rules.md §8) arrived with 2026.4; it has no earlier version. */
export { RD_POST_SUBSIDY_RULE_SET_VERSION };
const RD_POST_SUBSIDY_NOTE = 'rules.md §8: R&D post-subsidy (Tianjin programme rules, provisional)';
const CACHE_MS = 5_000;

export interface DraftChange {
  version?: string;
  effectiveFrom?: string;
  note?: string | null;
  params?: unknown;
  provisional?: string[];
  /** The fast track of offers files straight onto the list (rules.md §11). */
  automatic?: boolean;
  rowVersion: number;
}

const auditable = (r: RuleSetRecord) => ({ program: r.program, version: r.version, status: r.status, effectiveFrom: r.effectiveFrom, params: r.params, provisional: r.provisional, note: r.note, automatic: !!r.automatic });

/**
 * Versioned rule sets: the defaults of rules.md are seeded once; an administrator copies the
 * active version into a draft, edits it (validated field by field), previews its impact, and
 * publishes it (the previous one is retired, never deleted). Evaluations resolve, per programme,
 * the published rule set in effect on their asOf date, so past decisions stay reproducible.
 */
/** Rule sets keep their history in the audit log (entity rule_set). */
const RULE_SET_HISTORY = defineHistory({ entity: 'rule_set' });

@Injectable()
export class RuleSetsService {
  private readonly logger = new Logger(RuleSetsService.name);
  /** Called after each publication has committed (offers: flip notices, issue 15). */
  private readonly publishedListeners: ((actor: Actor, record: RuleSetRecord) => Promise<void>)[] = [];

  onPublished(listener: (actor: Actor, record: RuleSetRecord) => Promise<void>): void {
    this.publishedListeners.push(listener);
  }
  private readonly cache = new RefreshingCache(() => this.loadPublished(), CACHE_MS);
  /** ensureDefaults ran in this process (it also runs when the corrected versions are missing). */
  private seeded = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly history: HistoryService,
    private readonly settings: SettingsService,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(RuleSetRecord);
  }

  /**
   * Seeds the rules.md rule sets, idempotent and race-safe (unique program + version):
   * - a programme without any rule set gets 2026.1 (retired) and 2026.2 (active), both dated from the
   *   document, so a fresh installation has the same history as an upgraded one;
   * - a programme whose active version is still the untouched 2026.1 seed gets 2026.2 published over it;
   * - a programme an administrator has moved on from 2026.1 gets 2026.2 as a draft to reconcile and
   *   publish (an automatic publish would silently undo the administrator's numbers).
   */
  async ensureDefaults(): Promise<void> {
    const rows = await this.repo.find({ select: { id: true, program: true, version: true, status: true, note: true } });
    for (const program of PARAM_PROGRAMS) {
      const mine = rows.filter((r) => r.program === program);
      if (mine.some((r) => r.version === CORRECTED_VERSION || r.note === CORRECTED_NOTE)) continue;
      const effectiveFrom = DOCUMENT_DATES[program];
      const now = Date.now();
      const base = { program, effectiveFrom, provisional: [...PROVISIONAL_PATHS[program]], basedOnId: null, createdBy: null, publishedBy: null };
      try {
        await this.dataSource.transaction(async (em) => {
          if (mine.length === 0) {
            // Published a second apart so that, on the same effective date, 2026.2 resolves first.
            await em.insert(RuleSetRecord, { ...base, version: SEED_VERSION, status: 'retired', params: PARAMS_2026_1[program] as Record<string, any>, note: SEED_NOTE, publishedAt: new Date(now - 1000) });
          }
          const active = mine.filter((r) => r.status === 'active');
          const untouched = mine.length === 0 || (active.length > 0 && active.every((r) => r.version === SEED_VERSION && r.note === SEED_NOTE));
          if (untouched) for (const a of active) await em.update(RuleSetRecord, { id: a.id, status: 'active' }, { status: 'retired' });
          else this.logger.warn(`rule set ${program}: the active version was edited; ${CORRECTED_VERSION} is seeded as a draft to reconcile`);
          await em.insert(RuleSetRecord, {
            ...base, version: untouched ? CORRECTED_VERSION : `${CORRECTED_VERSION}-draft`, status: untouched ? 'active' : 'draft',
            params: DEFAULT_PARAMS[program] as Record<string, any>, note: CORRECTED_NOTE, publishedAt: untouched ? new Date(now) : null,
          });
        });
      } catch (err) {
        // Another process seeded it first (unique program + version): fine.
        this.logger.debug(`rule sets for ${program} already seeded: ${(err as Error).message}`);
      }
    }
    for (const program of SRDI_PROGRAMS) await this.seedSrdi(program, rows.filter((r) => r.program === program).length > 0);
    await this.seedSrdi(RD_POST_SUBSIDY, rows.some((r) => r.program === RD_POST_SUBSIDY), RD_POST_SUBSIDY_RULE_SET_VERSION, RD_POST_SUBSIDY_NOTE);
    this.seeded = true;
  }

  /**
   * A programme of the SRDI ladder gets its first version (2026.3, active, dated from 63号) once; the
   * R&D post-subsidy likewise its first (2026.4, dated 2023-01-01).
   */
  private async seedSrdi(program: SrdiProgram | RdPostSubsidyProgram, exists: boolean, version = SRDI_RULE_SET_VERSION, note = SRDI_NOTE): Promise<void> {
    if (exists) return;
    try {
      await this.repo.insert({
        program, version, status: 'active', effectiveFrom: DOCUMENT_DATES[program], params: DEFAULT_PARAMS[program] as Record<string, any>,
        provisional: [...PROVISIONAL_PATHS[program]], note, basedOnId: null, createdBy: null, publishedBy: null, publishedAt: new Date(),
      });
    } catch (err) {
      this.logger.debug(`rule set ${program} already seeded: ${(err as Error).message}`);
    }
  }

  /** Read (and the rule-set defaults seeded) at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cache.warm();
  }

  private published(): Promise<RuleSetRecord[]> {
    return this.cache.get();
  }

  private async loadPublished(): Promise<RuleSetRecord[]> {
    let rows = await this.repo.find({ where: { status: In(['active', 'retired']) }, order: { effectiveFrom: 'DESC', publishedAt: 'DESC', id: 'DESC' } });
    if (!this.seeded || ALL_PARAM_PROGRAMS.some((p) => !rows.some((r) => r.program === p))) {
      await this.ensureDefaults();
      rows = await this.repo.find({ where: { status: In(['active', 'retired']) }, order: { effectiveFrom: 'DESC', publishedAt: 'DESC', id: 'DESC' } });
    }
    return rows;
  }

  /**
   * The published rule set of a programme in effect on asOf (the latest effective-from ≤ asOf). Before
   * every version the earliest is returned: the engine sees asOf < effectiveFrom and answers
   * `not-applicable` (it never evaluates with a rule set that was not yet in force).
   */
  async resolveOne<P extends ParamProgram>(program: P, asOf: string): Promise<RuleSetRecord> {
    const rows = (await this.published()).filter((r) => r.program === program);
    return rows.find((r) => r.effectiveFrom <= asOf) ?? rows[rows.length - 1]!;
  }

  /**
   * Every programme's rule set in effect on asOf, as the engine takes them, with the reference
   * numbers in force on that date (credit look-back, division prefix: reference_setting).
   */
  async resolve(asOf: string): Promise<RuleSets> {
    const out: Partial<Record<AnyProgram, RuleSet<unknown>>> = {};
    for (const p of ALL_PROGRAMS) out[p] = toEngine(await this.resolveOne(p, asOf));
    return withReference(out as RuleSets, await this.settings.engineReference(asOf));
  }

  /**
   * The rule sets an evaluation used, by program → version (for reproducing it); with `asOf`, the
   * reference numbers dated for it too (they are dated records, so the same date gives the same numbers).
   */
  async byVersions(versions: Record<string, string>, asOf?: string): Promise<RuleSets> {
    const rows = await this.repo.find({ where: Object.entries(versions).map(([program, version]) => ({ program, version })) });
    const out: Partial<Record<AnyProgram, RuleSet<unknown>>> = {};
    for (const p of ALL_PROGRAMS) {
      // Evaluations recorded before the SRDI programmes (or the post-subsidy) name none of theirs: those are simply absent.
      if ((OPTIONAL_PROGRAMS as readonly string[]).includes(p) && versions[p] === undefined) continue;
      const row = rows.find((r) => r.program === p);
      if (!row) throw new NotFoundError(`Rule set ${p} ${versions[p]}`);
      out[p] = toEngine(row);
    }
    return asOf ? withReference(out as RuleSets, await this.settings.engineReference(asOf)) : (out as RuleSets);
  }

  async list(): Promise<RuleSetRecord[]> {
    await this.published();
    return this.repo.find({ order: { program: 'ASC', effectiveFrom: 'DESC', id: 'DESC' } });
  }

  async get(id: number): Promise<RuleSetRecord> {
    const row = Number.isSafeInteger(id) ? await this.repo.findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('Rule set');
    return row;
  }

  private assertAdmin(actor: Actor): void {
    enforce(decidePolicy(actor, 'editRuleSets'));
  }

  /** The rule-set machine's answer for this actor and record, enforced (403 role, 409 status). */
  private assertMay(actor: Actor, record: RuleSetRecord, action: RuleSetAction): void {
    enforce(verdictDecision(ruleSetMachine.decide(record.status, action, actor.role, undefined)));
  }

  /** Copies a rule set (usually the active one) into a new draft. */
  async createDraft(actor: Actor, fromId: number): Promise<RuleSetRecord> {
    this.assertAdmin(actor);
    const from = await this.get(fromId);
    return this.dataSource.transaction(async (em) => {
      const existingNames = new Set((await em.find(RuleSetRecord, { where: { program: from.program }, select: { version: true } })).map((r) => r.version));
      let n = 1;
      let version = `${from.version}-draft`;
      while (existingNames.has(version)) version = `${from.version}-draft${++n}`;
      const draft = await em.save(em.create(RuleSetRecord, {
        program: from.program, version, status: 'draft', effectiveFrom: from.effectiveFrom, params: structuredClone(from.params),
        provisional: [...from.provisional], note: null, automatic: from.automatic, basedOnId: from.id, createdBy: actor.userId, publishedAt: null, publishedBy: null,
      }));
      await this.audit.record(em, actor, { action: 'create-draft', entity: 'rule_set', entityId: draft.id, after: auditable(draft) });
      return draft;
    });
  }

  /** Field problems of a draft change; empty when it may be saved. */
  problems(record: RuleSetRecord, change: DraftChange, locale: Actor['locale']): FieldErrors {
    const errors: FieldErrors = {};
    if (change.version !== undefined && !/^[0-9A-Za-z._-]{1,32}$/.test(change.version)) errors.version = 'validation.invalid';
    if (change.effectiveFrom !== undefined && !isCalendarDate(change.effectiveFrom)) errors.effectiveFrom = 'validation.invalid';
    if (change.params !== undefined) {
      for (const issue of validateParams(record.program as ParamProgram, change.params, locale)) errors[`params.${issue.path}`.replace(/\.$/, '')] ??= issue.message;
    }
    if (change.provisional) {
      const known = new Set(paramPaths(record.program as ParamProgram));
      const unknown = change.provisional.filter((p) => !known.has(p) && ![...known].some((k) => k.startsWith(`${p}.`) || k.startsWith(`${p}[`)));
      if (unknown.length) errors.provisional = `unknown parameter path: ${unknown.join(', ')}`;
    }
    return errors;
  }

  async updateDraft(actor: Actor, id: number, change: DraftChange): Promise<{ ok: true; record: RuleSetRecord } | { ok: false; errors: FieldErrors }> {
    this.assertAdmin(actor);
    return this.dataSource.transaction(async (em) => {
      const record = await em.findOneBy(RuleSetRecord, { id });
      if (!record) throw new NotFoundError('Rule set');
      this.assertMay(actor, record, 'edit');
      if (record.rowVersion !== change.rowVersion) throw new StaleVersionError('Rule set', record.rowVersion);
      const errors = this.problems(record, change, actor.locale);
      if (change.version && change.version !== record.version && (await em.existsBy(RuleSetRecord, { program: record.program, version: change.version }))) {
        errors.version = 'ruleSet.versionTaken';
      }
      if (Object.keys(errors).length) return { ok: false as const, errors };
      const before = auditable(record);
      if (change.version !== undefined) record.version = change.version;
      if (change.effectiveFrom !== undefined) record.effectiveFrom = change.effectiveFrom;
      if (change.note !== undefined) record.note = change.note;
      if (change.params !== undefined) record.params = change.params as Record<string, any>;
      if (change.provisional !== undefined) record.provisional = change.provisional;
      if (change.automatic !== undefined) record.automatic = change.automatic;
      const saved = await em.save(record);
      await this.audit.record(em, actor, { action: 'update-draft', entity: 'rule_set', entityId: id, before, after: auditable(saved) });
      return { ok: true as const, record: saved };
    });
  }

  /** Publishes a draft: it becomes active, the programme's previous active one is retired. */
  async publish(actor: Actor, id: number, rowVersion: number): Promise<RuleSetRecord> {
    this.assertAdmin(actor);
    const saved = await this.dataSource.transaction(async (em) => {
      const record = await em.findOneBy(RuleSetRecord, { id });
      if (!record) throw new NotFoundError('Rule set');
      this.assertMay(actor, record, 'publish');
      if (record.rowVersion !== rowVersion) throw new StaleVersionError('Rule set', record.rowVersion);
      const issues = validateParams(record.program as ParamProgram, record.params, actor.locale);
      if (issues.length) throw new InvalidInputError('The draft has invalid parameters', issues.map((i) => ({ field: `params.${i.path}`, message: i.message })));
      const active = await em.find(RuleSetRecord, { where: { program: record.program, status: 'active' } });
      // The side effect of publishing: the programme's active rule set retires (through the machine too).
      for (const a of active) {
        this.assertMay(actor, a, 'retire');
        a.status = 'retired';
        await em.save(a);
        await this.history.record(em, { subject: { table: RULE_SET_HISTORY, id: a.id }, actor, action: 'retire', from: 'active', to: 'retired' });
      }
      record.status = 'active';
      record.publishedAt = new Date();
      record.publishedBy = actor.userId;
      const published = await em.save(record);
      await this.history.record(em, { subject: { table: RULE_SET_HISTORY, id }, actor, action: 'publish', from: 'draft', to: 'active', audit: { after: { status: 'active', version: record.version } } });
      return published;
    });
    await this.cache.refresh();
    // After the commit (offers: flip notices and a re-evaluation); a failing listener does not undo the publication.
    for (const listener of this.publishedListeners) await listener(actor, saved).catch((err: Error) => this.logger.error(`after publish: ${err.message}`));
    return saved;
  }

  async deleteDraft(actor: Actor, id: number): Promise<void> {
    this.assertAdmin(actor);
    await this.dataSource.transaction(async (em) => {
      const record = await em.findOneBy(RuleSetRecord, { id });
      if (!record) throw new NotFoundError('Rule set');
      this.assertMay(actor, record, 'delete');
      await em.delete(RuleSetRecord, { id });
      await this.audit.record(em, actor, { action: 'delete-draft', entity: 'rule_set', entityId: id, before: auditable(record) });
    });
  }

  /** The rule sets with one programme's replaced by a draft (for the impact preview). */
  async withDraft(asOf: string, draft: RuleSetRecord): Promise<RuleSets> {
    const current = await this.resolve(asOf);
    // The preview asks "what if these rules were in force at asOf": the draft's own date does not gate it.
    return { ...current, [draft.program]: { ...toEngine(draft), effectiveFrom: undefined } } as RuleSets;
  }
}

export function toEngine<P extends ParamProgram>(row: RuleSetRecord): RuleSet<ParamsByProgram[P]> {
  return { version: row.version, params: row.params as ParamsByProgram[P], provisional: row.provisional, effectiveFrom: row.effectiveFrom };
}
