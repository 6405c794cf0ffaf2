import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { PreparedRead } from '../database/prepared-read.js';
import { ScheduleLeaseService } from '../jobs/schedule-lease.service.js';
import { paginate, type Page } from '../common/list-query.js';
import { publicUrl } from '../common/public-url.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { translate } from '../i18n/i18n.js';
import { isLocale, type Locale } from '../i18n/locale.js';
import { MailService } from './mail.service.js';
import { Notification, NotificationSetting, type NotificationKind } from './notification.entity.js';

export interface NotificationDraft {
  kind: NotificationKind;
  applicationId?: number | null;
  messageKey: string;
  params: Record<string, string | number>;
  link?: string | null;
  /** Reminders: one per key (per recipient: the user id is appended). */
  dedupeKey?: string;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  text: string;
  link: string | null;
  applicationId: number | null;
  createdAt: Date;
  read: boolean;
}

/** Parameter names whose values are codes to translate when the message is shown. */
const CODED_PARAMS: Record<string, string> = { from: 'status.', to: 'status.', status: 'status.', type: 'appType.', action: 'action.', programme: 'offer.programme.' };

/** The message of a notification in the reader's language (codes in the parameters translated too). */
export function renderNotification(locale: Locale, messageKey: string, params: Record<string, string | number>): string {
  const shown: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) shown[k] = CODED_PARAMS[k] ? translate(locale, `${CODED_PARAMS[k]}${v}`) : v;
  return translate(locale, messageKey, shown);
}

/** Who is told what: enterprise users of one enterprise, officers of its area, managers. */
export interface Audience {
  enterprise: { id: number; districtCode: string; zoneCode: string | null };
  roles: readonly Role[];
  exceptUserId?: number;
}

const HOUR_MS = 3600_000;

/**
 * The in-app inbox and its e-mail copies. Entries are written in the caller's transaction (so a
 * rolled-back change leaves no message behind); e-mail goes out after the commit through
 * `deliver`. Due and overdue reminders are raised by `sweepDeadlines`, hourly when jobs run.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly sweepers: ((today: string) => Promise<number>)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly schedule: ScheduleLeaseService,
  ) {
    this.unread = new PreparedRead(dataSource, (ds) =>
      ds.getRepository(Notification).createQueryBuilder('n').select('COUNT(*)', 'n').where('n.user_id = :me').andWhere('n.read_at IS NULL'));
  }

  private readonly unread: PreparedRead<{ me: number }, { n: number | string }>;

  /** Other modules add their reminder sweeps (applications: due and overdue stages). */
  registerSweeper(sweep: (today: string) => Promise<number>): void {
    this.sweepers.push(sweep);
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobsEnabled) return;
    // Once an hour across all processes (cluster workers, hosts): src/jobs/schedule-lease.service.ts.
    const sweepOnce = () => this.schedule.once('reminder-sweep', new Date().toISOString().slice(0, 13), async () => void (await this.sweep(todayIso())));
    this.timer = setInterval(() => void sweepOnce().catch((err: Error) => this.logger.error(`reminder sweep failed: ${err.message}`)), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs every registered reminder sweep; returns how many reminders were raised. */
  async sweep(today: string): Promise<number> {
    let n = 0;
    for (const s of this.sweepers) {
      try {
        n += await s(today);
      } catch (err) {
        this.logger.error(`reminder sweep failed: ${(err as Error).message}`);
      }
    }
    return n;
  }

  /** Active users who should hear about something on this enterprise, per role. */
  async recipients(em: EntityManager, audience: Audience): Promise<number[]> {
    const roles = audience.roles.filter((r) => r === 'enterprise' || r === 'officer' || r === 'manager');
    if (!roles.length) return [];
    const qb = em.getRepository(User).createQueryBuilder('u').select('u.id', 'id').where('u.active = :active', { active: true });
    qb.andWhere(new Brackets((w) => {
      if (roles.includes('enterprise')) w.orWhere("(u.role = 'enterprise' AND u.enterprise_id = :eid)", { eid: audience.enterprise.id });
      if (roles.includes('officer')) {
        w.orWhere(new Brackets((o) => {
          o.where("u.role = 'officer'").andWhere(new Brackets((area) => {
            area.where('u.district_code = :district', { district: audience.enterprise.districtCode });
            if (audience.enterprise.zoneCode) area.orWhere('u.zone_code = :zone', { zone: audience.enterprise.zoneCode });
          }));
        }));
      }
      if (roles.includes('manager')) w.orWhere("u.role = 'manager'");
    }));
    const rows = await qb.getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id)).filter((id) => id !== audience.exceptUserId);
  }

  /**
   * Writes one inbox entry per recipient in the caller's transaction; returns the new ids (for
   * `deliver` after the commit). Reminders with a dedupe key already raised are skipped.
   */
  async notify(em: EntityManager, userIds: readonly number[], draft: NotificationDraft): Promise<number[]> {
    const ids: number[] = [];
    for (const userId of [...new Set(userIds)]) {
      const row = {
        userId, kind: draft.kind, applicationId: draft.applicationId ?? null, messageKey: draft.messageKey, params: draft.params,
        link: draft.link ?? null, readAt: null, emailedAt: null, dedupeKey: draft.dedupeKey ? `${draft.dedupeKey}:${userId}`.slice(0, 96) : null,
      };
      if (row.dedupeKey) {
        if (await em.existsBy(Notification, { dedupeKey: row.dedupeKey })) continue;
        // Another process may raise the same reminder at the same moment: the unique key keeps one
        // (ON CONFLICT DO NOTHING / INSERT OR IGNORE, so the caller's transaction is not aborted).
        await em.createQueryBuilder().insert().into(Notification).values(row).orIgnore().execute();
        const saved = await em.findOne(Notification, { where: { dedupeKey: row.dedupeKey }, select: { id: true } });
        if (saved) ids.push(saved.id);
      } else {
        const inserted = await em.insert(Notification, row);
        ids.push(Number(inserted.identifiers[0].id));
      }
    }
    return ids;
  }

  /** E-mail copies of new inbox entries (after the commit): only users who asked, only with SMTP on. */
  async deliver(ids: readonly number[]): Promise<number> {
    if (!ids.length || !this.mail.enabled) return 0;
    const rows = await this.dataSource.getRepository(Notification).find({ where: { id: In([...ids]), emailedAt: IsNull() } });
    if (!rows.length) return 0;
    const userIds = [...new Set(rows.map((r) => r.userId))];
    const [settings, users] = await Promise.all([
      this.dataSource.getRepository(NotificationSetting).find({ where: { userId: In(userIds), emailEnabled: true } }),
      this.dataSource.getRepository(User).find({ where: { id: In(userIds) }, select: { id: true, locale: true, active: true } }),
    ]);
    let sent = 0;
    for (const n of rows) {
      const setting = settings.find((s) => s.userId === n.userId);
      const user = users.find((u) => u.id === n.userId);
      if (!setting?.email || !user?.active) continue;
      const locale: Locale = isLocale(user.locale) ? user.locale : 'zh-CN';
      const text = renderNotification(locale, n.messageKey, n.params);
      const ok = await this.mail.send({
        to: setting.email,
        subject: `${translate(locale, 'app.shortName')} · ${translate(locale, `notification.kind.${n.kind}`)}`,
        // Stored links are the app's own paths; the e-mail needs them absolute, on PUBLIC_BASE_URL.
        text: `${text}\n\n${n.link ? `${translate(locale, 'notification.openLink')}: ${publicUrl(this.config.publicBaseUrl, n.link)}\n\n` : ''}${translate(locale, 'notification.mailFooter')}`,
      });
      if (ok) {
        await this.dataSource.getRepository(Notification).update({ id: n.id }, { emailedAt: new Date() });
        sent++;
      }
    }
    return sent;
  }

  async inbox(actor: Actor, query: { unread?: boolean; page?: number; pageSize?: number }): Promise<Page<NotificationView> & { unread: number }> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :me', { me: actor.userId });
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    const page = await paginate(qb, { page: query.page, pageSize: query.pageSize ?? 30 }, { createdAt: 'n.created_at' }, '-createdAt', 'n.id');
    return {
      ...page,
      items: page.items.map((n) => ({
        id: n.id, kind: n.kind, text: renderNotification(actor.locale, n.messageKey, n.params), link: n.link, applicationId: n.applicationId,
        createdAt: n.createdAt, read: n.readAt !== null,
      })),
      unread: await this.unreadCount(actor),
    };
  }

  /** On every page (the bell's badge). PostgreSQL answers COUNT(*) as a string. */
  async unreadCount(actor: Actor): Promise<number> {
    return Number((await this.unread.first({ me: actor.userId }))?.n ?? 0);
  }

  /** Marks one of the actor's messages read; returns what it links to. Another user's message is not found. */
  async markRead(actor: Actor, id: number): Promise<string | null> {
    const n = await this.dataSource.getRepository(Notification).findOneBy({ id, userId: actor.userId });
    if (!n) throw new NotFoundError('Notification');
    if (!n.readAt) await this.dataSource.getRepository(Notification).update({ id }, { readAt: new Date() });
    return n.link;
  }

  async markAllRead(actor: Actor): Promise<number> {
    const result = await this.dataSource.getRepository(Notification).update({ userId: actor.userId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }

  async settings(actor: Actor): Promise<{ email: string | null; emailEnabled: boolean; mailAvailable: boolean; version: number | null }> {
    const s = await this.dataSource.getRepository(NotificationSetting).findOneBy({ userId: actor.userId });
    return { email: s?.email ?? null, emailEnabled: s?.emailEnabled ?? false, mailAvailable: this.mail.enabled, version: s?.version ?? null };
  }

  async saveSettings(actor: Actor, dto: { email?: string | null; emailEnabled?: boolean }): Promise<void> {
    const email = dto.email?.trim() || null;
    if (dto.emailEnabled && !email) throw new InvalidInputError('An e-mail address is needed to receive e-mail', [{ field: 'email', message: 'required', key: 'notification.emailNeeded' }]);
    const repo = this.dataSource.getRepository(NotificationSetting);
    const existing = await repo.findOneBy({ userId: actor.userId });
    if (existing) await repo.update({ userId: actor.userId }, { email, emailEnabled: !!dto.emailEnabled, version: existing.version + 1 });
    else await repo.insert({ userId: actor.userId, email, emailEnabled: !!dto.emailEnabled });
  }

  /** An e-mail address set for a user (e.g. from an invitation), without switching e-mail on or off. */
  async rememberEmail(em: EntityManager, userId: number, email: string, enable: boolean): Promise<void> {
    const repo = em.getRepository(NotificationSetting);
    const existing = await repo.findOneBy({ userId });
    if (existing) await repo.update({ userId }, { email, emailEnabled: enable || existing.emailEnabled, version: existing.version + 1 });
    else await repo.insert({ userId, email, emailEnabled: enable });
  }
}

