import { RefreshingCache } from '../database/refreshing-cache.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { District } from './district.entity.js';
import { FunctionalZone } from './functional-zone.entity.js';
import { HighTechField } from './high-tech-field.entity.js';

/**
 * Reference data (seeded by migration, effectively read-only): loaded once and kept in memory,
 * since every list page and form needs it.
 */
@Injectable()
export class ReferenceService {
  // Kept for the life of the process (changed only by migrations); a failed read is tried again.
  private readonly cache = new RefreshingCache(async () => ({
    districts: await this.dataSource.getRepository(District).find({ order: { code: 'ASC' } }),
    zones: await this.dataSource.getRepository(FunctionalZone).find({ order: { code: 'ASC' } }),
    fields: await this.dataSource.getRepository(HighTechField).find({ order: { sortOrder: 'ASC' } }),
  }), Number.POSITIVE_INFINITY);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Read at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cache.warm();
  }

  private load() {
    return this.cache.get();
  }

  /** Drops the kept rows (a reference table changed outside a migration: tests, a data fix by hand). */
  forget(): void {
    this.cache.invalidate();
  }

  async districts(): Promise<District[]> {
    return (await this.load()).districts;
  }

  async zones(): Promise<FunctionalZone[]> {
    return (await this.load()).zones;
  }

  async highTechFields(): Promise<string[]> {
    return (await this.load()).fields.map((f) => f.code);
  }

  async district(code: string | null | undefined): Promise<District | undefined> {
    return (await this.districts()).find((d) => d.code === code);
  }

  async zone(code: string | null | undefined): Promise<FunctionalZone | undefined> {
    return (await this.zones()).find((z) => z.code === code);
  }
}
