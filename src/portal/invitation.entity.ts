import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/**
 * An invitation of an enterprise to the portal: a one-time activation link with an expiring token
 * (only its SHA-256 is stored). Activation creates the enterprise user with the password it chooses.
 */
@Entity('enterprise_invitation')
@Index('ix_enterprise_invitation_enterprise', ['enterpriseId', 'createdAt'])
@Index('ix_enterprise_invitation_username', ['username'])
@Index('ix_enterprise_invitation_created_by', ['createdBy'])
export class EnterpriseInvitation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** The USCC, or USCC.suffix when the enterprise has several users. */
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email: string | null;

  @Index('uq_enterprise_invitation_token', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  /** The user created on activation. */
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
