import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';

export interface ImportCommitted {
  jobId: number;
  kind: string;
  actor: Actor;
}

/**
 * What follows a committed import, registered by the modules that care (the policy module starts a
 * batch re-evaluation, whose completion runs offer matching — issue 15). Kept here so the imports
 * module depends on none of them. A failing listener is logged; the import stays committed.
 */
@Injectable()
export class ImportEvents {
  private readonly logger = new Logger(ImportEvents.name);
  private readonly listeners: { name: string; run: (e: ImportCommitted) => Promise<unknown> }[] = [];

  onCommitted(name: string, run: (e: ImportCommitted) => Promise<unknown>): void {
    this.listeners.push({ name, run });
  }

  async committed(e: ImportCommitted): Promise<void> {
    for (const l of this.listeners) {
      await l.run(e).catch((err: Error) => this.logger.error(`after import ${e.jobId} (${l.name}): ${err.message}`));
    }
  }
}
