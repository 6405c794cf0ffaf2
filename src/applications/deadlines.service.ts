import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, LessThanOrEqual, Not, type DataSource } from 'typeorm';
import type { Role } from '../auth/role.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { Application } from './application.entity.js';
import { referenceOf } from './application.mapper.js';
import { addWorkingDays } from './workflow/working-days.js';
import { machineOf, MACHINES } from './workflow/workflows.js';
import { CalendarService } from '../calendar/calendar.service.js';

/**
 * Due and overdue reminders: whoever has work waiting on an application whose stage is due within
 * a few working days (reference setting reminders.dueSoonWorkingDays), or past due, gets one inbox message per stage and due date (deduplicated, so
 * the hourly sweep never repeats itself).
 */
@Injectable()
export class DeadlinesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly settings: SettingsService,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    this.notifications.registerSweeper((today) => this.sweep(today));
  }

  async sweep(today: string): Promise<number> {
    const horizon = addWorkingDays(today, await this.settings.int('reminders.dueSoonWorkingDays', today), await this.calendar.calendar());
    const terminal = [...new Set(Object.values(MACHINES).flatMap((m) => m.terminal))];
    const apps = await this.dataSource.getRepository(Application).find({
      where: { dueOn: LessThanOrEqual(horizon), status: Not(In(terminal)) },
      order: { dueOn: 'ASC', id: 'ASC' },
      take: 2000,
    });
    const open = apps.filter((a) => a.dueOn !== null && !machineOf(a.type).isTerminal(a.status));
    if (!open.length) return 0;
    const enterprises = await this.dataSource.getRepository(Enterprise).find({ where: { id: In([...new Set(open.map((a) => a.enterpriseId))]), deletedAt: IsNull() } });
    let raised = 0;
    for (const app of open) {
      const enterprise = enterprises.find((e) => e.id === app.enterpriseId);
      if (!enterprise) continue;
      const machine = machineOf(app.type);
      const subject = { type: app.type, tier: app.tier };
      const roles = [...new Set(machine.from(app.status, subject).filter((t) => t.action !== 'withdraw').flatMap((t) => t.roles))].filter((r): r is Role => r !== 'admin');
      const overdue = app.dueOn! < today;
      const kind = overdue ? 'overdue' : 'due';
      const ids = await this.dataSource.transaction(async (em) => {
        const recipients = await this.notifications.recipients(em, { enterprise, roles });
        return this.notifications.notify(em, recipients, {
          kind, applicationId: app.id, messageKey: overdue ? 'notify.overdue' : 'notify.due', link: `/applications/${app.id}`,
          params: { reference: referenceOf(app), enterprise: enterprise.name, status: app.status, dueOn: app.dueOn! },
          dedupeKey: `${kind}:${app.id}:${app.status}:${app.dueOn}`,
        });
      });
      raised += ids.length;
      await this.notifications.deliver(ids);
    }
    return raised;
  }
}
