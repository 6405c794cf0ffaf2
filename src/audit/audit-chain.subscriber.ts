import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import { AuditEntry } from './audit-entry.entity.js';

/** The PostgreSQL advisory lock that serialises appends to the chain (any constant: "audt"). */
export const AUDIT_CHAIN_LOCK = 0x61756474;

interface ChainState {
  /** beforeInsert calls registered and not finished yet (one INSERT of many rows registers them all at once). */
  pending: number;
  /** The hash of the entry chained last in the running INSERT. */
  tail: Promise<string>;
}

/**
 * Chains every audit entry as it is inserted, whichever way it is inserted (AuditService.record,
 * a bulk insert of an import, a repository insert): before the INSERT, inside the writer's own
 * transaction, it takes the newest stored hash (after a PostgreSQL advisory transaction lock that
 * serialises writers until commit; SQLite write transactions are exclusive) and fills `prev_hash`
 * and `hash` of each new row in order. The unique index on prev_hash refuses a fork if two
 * writers ever raced anyway.
 */
@Injectable()
export class AuditChainSubscriber implements EntitySubscriberInterface<AuditEntry> {
  private readonly states = new WeakMap<QueryRunner, ChainState>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  listenTo() {
    return AuditEntry;
  }

  beforeInsert(event: InsertEvent<AuditEntry>): Promise<void> {
    const qr = event.queryRunner;
    const entry = event.entity;
    let state = this.states.get(qr);
    if (!state || state.pending === 0) {
      state = { pending: 0, tail: this.newestHash(qr) };
      this.states.set(qr, state);
    }
    const s = state;
    s.pending++;
    const link = s.tail.then((prevHash) => {
      entry.prevHash = prevHash;
      entry.hash = chainHash(prevHash, entry);
      return entry.hash;
    });
    s.tail = link;
    return link.then(
      () => void s.pending--,
      (err) => {
        s.pending--;
        throw err;
      },
    );
  }

  private async newestHash(qr: QueryRunner): Promise<string> {
    if (this.dataSource.options.type === 'postgres') await qr.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const rows: { hash: string | null }[] = await qr.query('SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1');
    return rows[0]?.hash ?? GENESIS_HASH;
  }
}
