import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str } from '../migration-helpers.js';

/**
 * The per-address sign-in throttle as a counter per (address, 10-minute window), so that counting
 * and refusing is one atomic statement (INSERT … ON CONFLICT DO UPDATE … WHERE failures < limit)
 * that also holds across processes, instead of counting login_attempt rows before a slow hash.
 */
export class LoginThrottle1765000000200 implements MigrationInterface {
  name = 'LoginThrottle1765000000200';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'login_throttle',
      columns: [
        { ...str('ip', 64), isPrimary: true },
        { ...int('window_start'), isPrimary: true },
        int('failures', false, { default: 0 }),
      ],
      indices: [{ name: 'ix_login_throttle_window', columnNames: ['window_start'] }],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('login_throttle');
  }
}
