import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, ts, tsNow } from '../migration-helpers.js';

/**
 * Authentication hardening: TOTP two-factor columns on app_user, single-use recovery codes
 * (hashed) and the password history that stops a user from repeating a recent password.
 */
export class TrustAuth1764200000000 implements MigrationInterface {
  name = 'TrustAuth1764200000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('app_user', [
      new TableColumn(str('totp_secret', 255, true)),
      new TableColumn(ts(qr, 'totp_enabled_at', true)),
      new TableColumn(int('totp_last_step', true)),
    ]);
    const userFk = { columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    await qr.createTable(new Table({
      name: 'password_history',
      columns: [id(), int('user_id'), str('password_hash', 255), tsNow(qr, 'created_at')],
      indices: [{ name: 'ix_password_history_user', columnNames: ['user_id', 'created_at'] }],
      foreignKeys: [userFk],
    }));
    await qr.createTable(new Table({
      name: 'recovery_code',
      columns: [id(), int('user_id'), str('code_hash', 64), ts(qr, 'used_at', true), tsNow(qr, 'created_at')],
      indices: [{ name: 'ix_recovery_code_user', columnNames: ['user_id'] }, { name: 'uq_recovery_code_hash', columnNames: ['code_hash'], isUnique: true }],
      foreignKeys: [userFk],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('recovery_code');
    await qr.dropTable('password_history');
    for (const c of ['totp_last_step', 'totp_enabled_at', 'totp_secret']) await qr.dropColumn('app_user', c);
  }
}
