import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { businessToday } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ScheduleLeaseService } from '../jobs/schedule-lease.service.js';
import { ProjectsService } from './projects.service.js';

/**
 * The daily RAG recount of key projects (rules.md §10): overdue days and "no report this month"
 * change with the calendar, not only with edits. Once a day across all processes and hosts (the
 * scheduled_run lease, slot = the Beijing date): the catch-up at start and the 06:40 run share it.
 */
@Injectable()
export class ProjectsRagJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProjectsRagJob.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedule: ScheduleLeaseService,
    private readonly projects: ProjectsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobsEnabled) setTimeout(() => void this.runSafely(), 6_000).unref();
  }

  @Cron('0 40 6 * * *', { timeZone: 'Asia/Shanghai' })
  async daily(): Promise<void> {
    if (this.config.jobsEnabled) await this.runSafely();
  }

  /** Runs the day's recount unless another process has; true when it ran here. */
  async runOnce(today = businessToday()): Promise<boolean> {
    return this.schedule.once('project-rag', today, async () => {
      const r = await this.projects.refreshAll(today);
      this.logger.log(`project RAG: ${r.projects} projects, ${r.changed} changed`);
    });
  }

  private async runSafely(): Promise<void> {
    try {
      await this.runOnce();
    } catch (err) {
      this.logger.error(`project RAG failed: ${(err as Error).message}`);
    }
  }
}
