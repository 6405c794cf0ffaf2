import type { DataSource } from 'typeorm';
import type { Random } from '../../database/seed/random.js';
import type { BulkSink } from './sink.js';

export interface ApplicationSubject {
  id: number;
  districtCode: string;
  tier: string | null;
  officer: { id: number } | null;
  createdAt: Date;
}

/**
 * Applications for the bulk city, written only when the applications module's tables exist in the
 * migrated schema (the module is built by another engineer; until its migration lands this part
 * reports "not present" and the generator leaves applications out).
 */
export class ApplicationsPart {
  readonly explicitIdTables: string[] = [];

  private constructor(
    private readonly sink: BulkSink,
    private readonly context: { rnd: Random; currentYear: number; now: Date },
  ) {}

  static async detect(dataSource: DataSource, sink: BulkSink, context: { rnd: Random; currentYear: number; now: Date; staff: unknown[] }): Promise<ApplicationsPart | null> {
    const qr = dataSource.createQueryRunner();
    try {
      if (!(await qr.hasTable('application'))) return null;
    } finally {
      await qr.release();
    }
    return new ApplicationsPart(sink, context);
  }

  add(_subject: ApplicationSubject): void {
    // Filled in once the applications schema has landed (see detect()).
    void this.sink;
    void this.context;
  }
}
