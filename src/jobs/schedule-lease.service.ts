import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource } from 'typeorm';
import { ScheduledRun } from './scheduled-run.entity.js';

/** Claimed rows older than this are removed when a new one is claimed. */
const KEEP_DAYS = 40;

/**
 * Scheduled tasks (@Cron, timers) fire in every process — each cluster worker, each host. A task
 * wrapped in `once(name, slot, fn)` runs in the one process that inserts the row (name, slot) of
 * scheduled_run first; the others find it taken and skip. The slot names the period: a date for a
 * daily task, so a catch-up run at start and the daily run of the same day are one run.
 */
@Injectable()
export class ScheduleLeaseService {
  private readonly logger = new Logger(ScheduleLeaseService.name);
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs fn when this call claims (name, slot); returns whether it ran here. */
  async once(name: string, slot: string, fn: () => Promise<void>): Promise<boolean> {
    const owner = await this.claim(name, slot);
    if (!owner) return false;
    await fn();
    await this.dataSource.getRepository(ScheduledRun).update({ name, slot, owner }, { finishedAt: new Date() });
    return true;
  }

  /**
   * Inserts (name, slot) unless present (INSERT OR IGNORE / ON CONFLICT DO NOTHING) with a token new
   * to this call (host:pid:random), so a second call in the same process and period loses too;
   * returns the token when the row is ours, null when another call has it.
   */
  async claim(name: string, slot: string): Promise<string | null> {
    const owner = `${hostname().slice(0, 30)}:${process.pid}:${randomBytes(6).toString('hex')}`;
    const repo = this.dataSource.getRepository(ScheduledRun);
    await repo.createQueryBuilder().insert().into(ScheduledRun).values({ name, slot, owner, startedAt: new Date(), finishedAt: null }).orIgnore().execute();
    const row = await repo.findOneBy({ name, slot });
    if (row?.owner !== owner) {
      this.logger.debug(`${name} ${slot}: run by ${row?.owner ?? 'another process'}`);
      return null;
    }
    await repo.delete({ startedAt: LessThan(new Date(Date.now() - KEEP_DAYS * 86_400_000)) });
    return owner;
  }
}
