import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every sign-in attempt: the login history, and the window that throttles guessing per address. */
@Entity('login_attempt')
@Index('ix_login_attempt_ip_at', ['ip', 'at'])
@Index('ix_login_attempt_username_at', ['username', 'at'])
export class LoginAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'boolean' })
  success: boolean;

  /** Why it failed: bad-credentials, locked, inactive, throttled; null on success. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 8 })
  channel: 'web' | 'api';

  @Column()
  at: Date;
}
