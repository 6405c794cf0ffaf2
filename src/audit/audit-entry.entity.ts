import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: written in the same transaction as the change it records, never updated or
 * deleted (database triggers refuse both). Entries form a hash chain (audit-chain.ts).
 */
@Entity('audit_entry')
@Index('ix_audit_entity', ['entity', 'entityId'])
@Index('ix_audit_at', ['at'])
@Index('ix_audit_actor', ['actorId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  at: Date;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64 })
  actorUsername: string;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ type: 'varchar', length: 48 })
  entity: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  /** The enterprise a change belongs to, so a file's timeline is one indexed query. */
  @Index('ix_audit_enterprise')
  @Column({ name: 'enterprise_id', type: 'integer', nullable: true })
  enterpriseId: number | null;

  @Column({ type: 'simple-json', nullable: true })
  before: Record<string, any> | null;

  @Column({ type: 'simple-json', nullable: true })
  after: Record<string, any> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** The previous entry's hash (GENESIS_HASH for the first entry). */
  @Column({ name: 'prev_hash', type: 'varchar', length: 64, nullable: true })
  prevHash: string | null;

  /** SHA-256 of prevHash and this entry's canonical content. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  hash: string | null;
}
