import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Locale } from '../i18n/locale.js';
import type { Role } from './role.js';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Staff choose a name; enterprise users use their enterprise's USCC (plus an optional suffix). */
  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Index('ix_app_user_role')
  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Index('ix_app_user_district')
  @Column({ name: 'district_code', type: 'varchar', length: 6, nullable: true })
  districtCode: string | null;

  @Index('ix_app_user_zone')
  @Column({ name: 'zone_code', type: 'varchar', length: 16, nullable: true })
  zoneCode: string | null;

  @Index('ix_app_user_enterprise')
  @Column({ name: 'enterprise_id', type: 'integer', nullable: true })
  enterpriseId: number | null;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale: Locale;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ name: 'locked_until', type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_login_at', type: Date, nullable: true })
  lastLoginAt: Date | null;

  @Column({ name: 'password_changed_at', type: Date, nullable: true })
  passwordChangedAt: Date | null;

  /** The TOTP secret, encrypted at rest (AES-256-GCM, see totp.ts); null until enrolled. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  totpSecret: string | null;

  /** When two-factor sign-in was switched on; null = not enrolled. */
  @Column({ name: 'totp_enabled_at', type: Date, nullable: true })
  totpEnabledAt: Date | null;

  /** The last 30-second TOTP step accepted: a code is never accepted twice (replay). */
  @Column({ name: 'totp_last_step', type: 'integer', nullable: true })
  totpLastStep: number | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
