import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { todayIso } from '../common/format.js';
import { ScheduleLeaseService } from '../jobs/schedule-lease.service.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { translate } from '../i18n/i18n.js';
import { isLocale } from '../i18n/locale.js';
import { SettingsService } from '../settings/settings.service.js';
import { deriveCurrentTiers } from './tier-derivation.js';
import { LaddersService } from '../ladder/ladders.service.js';
import { rungIndex, type LadderDef, type LadderLabel } from '../ladder/ladders.js';

/** The PostgreSQL advisory lock that makes radar runs one at a time (any constant: "rdar"). */
export const RADAR_RUN_LOCK = 0x72646172;

/** How far ahead the radar looks: reference settings (radar.*), dated, edited on /admin/reference/settings. */
export interface RadarLeadTimes {
  /** HNTE certificates are flagged this many months before expiry (rules.md §2: re-apply 6 months ahead). */
  hnteMonths: number;
  /** Recognitions are due for the annual re-evaluation this many days before they lapse. */
  recognitionDays: number;
}

export interface RadarItem {
  kind: 'hnte' | 'recognition';
  sourceId: number;
  enterpriseId: number;
  enterpriseName: string;
  districtCode: string;
  assignedOfficerId: number | null;
  label: string;
  validUntil: string;
  /** Recognitions: the configured ladder the rung belongs to and its name there (null for a tier on no ladder). */
  ladder: string | null;
  rungName: LadderLabel | null;
}

/** The ladder and rung name of a recognised programme (the first ladder that has it as a rung). */
function onLadder(ladders: readonly LadderDef[], programme: string): { ladder: string; rungName: LadderLabel } | null {
  for (const l of ladders) {
    const i = rungIndex(l, programme);
    if (i >= 0) return { ladder: l.code, rungName: l.rungNames[i] ?? { 'zh-CN': programme, en: programme } };
  }
  return null;
}

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
function addDays(iso: string, days: number): string {
  return new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * The expiry radar: HNTE certificates expiring within six months and recognitions due for their
 * annual re-evaluation. It raises one follow-up task per item for the assigned officer — once,
 * whatever how often it runs (a unique dedupe key per certificate and expiry date), so two
 * processes or a daily schedule never duplicate work. It also keeps current tiers in step.
 */
@Injectable()
export class RadarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RadarService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly schedule: ScheduleLeaseService,
    private readonly ladders: LaddersService,
  ) {}

  /** The lead times in force on `today`. */
  async leadTimes(today = todayIso()): Promise<RadarLeadTimes> {
    const [hnteMonths, recognitionDays] = await Promise.all([this.settings.int('radar.hnteLeadMonths', today), this.settings.int('radar.recognitionLeadDays', today)]);
    return { hnteMonths, recognitionDays };
  }

  onApplicationBootstrap(): void {
    if (this.config.jobsEnabled) setTimeout(() => void this.runSafely(), 5_000).unref();
  }

  @Cron('0 30 6 * * *', { timeZone: 'Asia/Shanghai' })
  async daily(): Promise<void> {
    if (this.config.jobsEnabled) await this.runSafely();
  }

  /** Once a day across all processes (src/jobs/schedule-lease.service.ts): the catch-up at start and the 06:30 run share the day's slot. */
  private async runSafely(): Promise<void> {
    try {
      await this.schedule.once('radar', todayIso(), async () => {
        const result = await this.run();
        this.logger.log(`radar: ${result.items} items, ${result.tasksCreated} new tasks`);
      });
    } catch (err) {
      this.logger.error(`radar failed: ${(err as Error).message}`);
    }
  }

  /** Items on the radar, visible to the actor (or all, for the system run). */
  async items(actor: Actor | null, today = todayIso(), hnteMonthsAsked?: number, recognitionDaysAsked?: number, ladderCode?: string): Promise<RadarItem[]> {
    const lead = hnteMonthsAsked === undefined || recognitionDaysAsked === undefined ? await this.leadTimes(today) : null;
    const hnteMonths = hnteMonthsAsked ?? lead!.hnteMonths;
    const recognitionDays = recognitionDaysAsked ?? lead!.recognitionDays;
    const base = () => {
      const qb = this.dataSource.getRepository(Enterprise).createQueryBuilder('e');
      return actor ? applyScope(qb, 'e', scopeOf(actor)) : qb;
    };
    const hnte = await base()
      .innerJoin('qualification', 'q', "q.enterprise_id = e.id AND q.kind = 'hnte-certificate'")
      .select(['q.id AS "sourceId"', 'e.id AS "enterpriseId"', 'e.name AS "enterpriseName"', 'e.district_code AS "districtCode"', 'e.assigned_officer_id AS "assignedOfficerId"', 'q.valid_until AS "validUntil"', 'q.certificate_number AS label'])
      .andWhere('q.valid_until >= :today AND q.valid_until <= :until', { today, until: addMonths(today, hnteMonths) })
      .orderBy('q.valid_until', 'ASC')
      .getRawMany<Omit<RadarItem, 'kind' | 'ladder' | 'rungName'>>();
    const recognitions = await base()
      .innerJoin('recognition', 'r', "r.enterprise_id = e.id AND r.tier <> 'high-tech' AND r.tier <> 'unicorn'")
      .select(['r.id AS "sourceId"', 'e.id AS "enterpriseId"', 'e.name AS "enterpriseName"', 'e.district_code AS "districtCode"', 'e.assigned_officer_id AS "assignedOfficerId"', 'r.valid_until AS "validUntil"', 'r.tier AS label'])
      .andWhere('r.valid_until >= :today AND r.valid_until <= :until', { today, until: addDays(today, recognitionDays) })
      .orderBy('r.valid_until', 'ASC')
      .getRawMany<Omit<RadarItem, 'kind' | 'ladder' | 'rungName'>>();
    const ladders = await this.ladders.all();
    const norm = (kind: RadarItem['kind']) => (r: Omit<RadarItem, 'kind' | 'ladder' | 'rungName'>): RadarItem => ({
      ...r, kind, sourceId: Number(r.sourceId), enterpriseId: Number(r.enterpriseId), assignedOfficerId: r.assignedOfficerId === null ? null : Number(r.assignedOfficerId),
      ...(kind === 'recognition' ? onLadder(ladders, r.label) ?? { ladder: null, rungName: null } : { ladder: null, rungName: null }),
    });
    const all = [...hnte.map(norm('hnte')), ...recognitions.map(norm('recognition'))];
    // One ladder asked for: its recognitions only (HNTE certificates belong to no ladder).
    return ladderCode === undefined ? all : all.filter((i) => i.ladder === ladderCode);
  }

  /** Raises the follow-up tasks (idempotent) and re-derives current tiers. */
  async run(today = todayIso()): Promise<{ items: number; tasksCreated: number }> {
    const items = await this.items(null, today);
    const [hnteDueMonths, recognitionDueDays] = await Promise.all([this.settings.int('radar.hnteTaskDueMonths', today), this.settings.int('radar.recognitionTaskDueDays', today)]);
    const officers: { id: number; locale: string }[] = await this.dataSource.query("SELECT id, locale FROM app_user WHERE role = 'officer' AND active = " + (this.dataSource.options.type === 'postgres' ? 'true' : '1'));
    const localeOf = new Map(officers.map((o) => [Number(o.id), isLocale(o.locale) ? o.locale : ('zh-CN' as const)]));
    const keys = items.map((i) => `radar:${i.kind}:${i.sourceId}:${i.validUntil}`);
    let tasksCreated = 0;
    await this.dataSource.transaction(async (em) => {
      const pg = em.dataSource.options.type === 'postgres';
      // Two runs at once (the daily job and a manager's button, or two workers) raise the same tasks
      // and rewrite the same current tiers in different orders: PostgreSQL aborted one as a deadlock.
      // One run at a time, held to commit; SQLite's write transactions already are.
      if (pg) await em.query('SELECT pg_advisory_xact_lock($1)', [RADAR_RUN_LOCK]);
      const ph = (n: number, from = 1) => Array.from({ length: n }, (_, i) => (pg ? `$${i + from}` : '?')).join(',');
      const existing = async () => (keys.length ? Number((await em.query(`SELECT COUNT(*) AS n FROM task WHERE dedupe_key IN (${ph(keys.length)})`, keys))[0].n) : 0);
      const before = await existing();
      for (const [index, item] of items.entries()) {
        if (item.assignedOfficerId === null || !localeOf.has(item.assignedOfficerId)) continue;
        const locale = localeOf.get(item.assignedOfficerId)!;
        const title = item.kind === 'hnte'
          ? translate(locale, 'radar.task.hnte', { date: item.validUntil })
          : translate(locale, 'radar.task.recognition', { tier: item.rungName?.[locale] ?? translate(locale, `tier.${item.label}`), date: item.validUntil });
        // Due a while before the date, but never in the past.
        const target = item.kind === 'hnte' ? addMonths(item.validUntil, -hnteDueMonths) : addDays(item.validUntil, -recognitionDueDays);
        await em.query(
          `INSERT INTO task (enterprise_id, title, due_on, assignee_id, created_by, dedupe_key, version) VALUES (${ph(7)}) ON CONFLICT (dedupe_key) DO NOTHING`,
          [item.enterpriseId, title.slice(0, 200), target < today ? today : target, item.assignedOfficerId, null, keys[index], 1],
        );
      }
      tasksCreated = (await existing()) - before;
      await deriveCurrentTiers(em, today);
    });
    return { items: items.length, tasksCreated };
  }
}
