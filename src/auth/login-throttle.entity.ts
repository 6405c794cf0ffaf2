import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins (and ones still being checked) per client address and 10-minute window: the
 * per-address throttle. Written only by the atomic statements of attempt-limits.ts.
 */
@Entity('login_throttle')
@Index('ix_login_throttle_window', ['windowStart'])
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  ip: string;

  /** The window's number: milliseconds since the epoch divided by the window length. */
  @PrimaryColumn({ name: 'window_start', type: 'integer' })
  windowStart: number;

  @Column({ type: 'integer', default: 0 })
  failures: number;
}
