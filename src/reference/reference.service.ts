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
  private cache: Promise<{ districts: District[]; zones: FunctionalZone[]; fields: HighTechField[] }> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private load() {
    this.cache ??= (async () => ({
      districts: await this.dataSource.getRepository(District).find({ order: { code: 'ASC' } }),
      zones: await this.dataSource.getRepository(FunctionalZone).find({ order: { code: 'ASC' } }),
      fields: await this.dataSource.getRepository(HighTechField).find({ order: { sortOrder: 'ASC' } }),
    }))();
    return this.cache;
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
