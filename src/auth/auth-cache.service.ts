import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, SoftRemoveEvent, TransactionCommitEvent, TransactionRollbackEvent, UpdateEvent } from 'typeorm';
import { ApiToken } from './api-token.entity.js';
import { AuthCache } from './auth-cache.js';
import { User } from './user.entity.js';

type ChangeEvent = InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown> | SoftRemoveEvent<unknown>;

/**
 * The process's AuthCache, emptied by every write to users or tokens through TypeORM (repository,
 * entity manager or query builder: deactivation, role and scope, password, locale, revocation,
 * sign-out of all sessions), whichever service makes it — so nobody has to remember to. Inside a
 * transaction it is emptied at the write and again at commit or rollback, so nothing read meanwhile
 * outlives the transaction. Raw SQL on app_user (attempt-limits.ts: failure counts, last sign-in)
 * changes nothing an actor holds.
 */
@Injectable()
export class AuthCacheService implements EntitySubscriberInterface {
  readonly cache = new AuthCache();
  private readonly dirty = new WeakSet<QueryRunner>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  private changed(event: ChangeEvent): void {
    const target = event.metadata?.target;
    if (target !== User && target !== ApiToken) return;
    this.cache.clear();
    if (event.queryRunner?.isTransactionActive) this.dirty.add(event.queryRunner);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.changed(event);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.changed(event);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.changed(event);
  }

  afterSoftRemove(event: SoftRemoveEvent<unknown>): void {
    this.changed(event);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.settled(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.settled(event.queryRunner);
  }

  private settled(qr: QueryRunner): void {
    if (!this.dirty.has(qr)) return;
    this.cache.clear();
    // A released savepoint is not the end: keep the mark until the outermost transaction ends.
    if (!qr.isTransactionActive) this.dirty.delete(qr);
  }
}
