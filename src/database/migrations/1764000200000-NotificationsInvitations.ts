import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, text, ts, tsNow, version } from '../migration-helpers.js';

/** The in-app inbox, per-user e-mail settings, and enterprise portal invitations. */
export class NotificationsInvitations1764000200000 implements MigrationInterface {
  name = 'NotificationsInvitations1764000200000';

  async up(qr: QueryRunner): Promise<void> {
    const userFk = (c: string, onDelete: 'CASCADE' | 'SET NULL') => ({ columnNames: [c], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete });
    await qr.createTable(new Table({
      name: 'notification',
      columns: [
        id(), int('user_id'), str('kind', 16), int('application_id', true), str('message_key', 64), text('params'), str('link', 255, true),
        ts(qr, 'read_at', true), ts(qr, 'emailed_at', true), str('dedupe_key', 96, true), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_notification_user_unread', columnNames: ['user_id', 'read_at', 'created_at'] },
        { name: 'ix_notification_application', columnNames: ['application_id'] },
        { name: 'uq_notification_dedupe', columnNames: ['dedupe_key'], isUnique: true },
      ],
      foreignKeys: [userFk('user_id', 'CASCADE'), { columnNames: ['application_id'], referencedTableName: 'application', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await qr.createTable(new Table({
      name: 'notification_setting',
      columns: [int('user_id', false, { isPrimary: true }), str('email', 128, true), bool('email_enabled', false), version(), tsNow(qr, 'updated_at')],
      foreignKeys: [userFk('user_id', 'CASCADE')],
    }));
    await qr.createTable(new Table({
      name: 'enterprise_invitation',
      columns: [
        id(), int('enterprise_id'), str('username', 64), str('display_name', 64), str('email', 128, true), str('token_hash', 64), ts(qr, 'expires_at'),
        ts(qr, 'used_at', true), ts(qr, 'revoked_at', true), int('user_id', true), int('created_by', true), version(), tsNow(qr, 'created_at'),
      ],
      indices: [
        { name: 'ix_enterprise_invitation_enterprise', columnNames: ['enterprise_id', 'created_at'] },
        { name: 'ix_enterprise_invitation_username', columnNames: ['username'] },
        { name: 'ix_enterprise_invitation_created_by', columnNames: ['created_by'] },
        { name: 'uq_enterprise_invitation_token', columnNames: ['token_hash'], isUnique: true },
      ],
      foreignKeys: [
        { columnNames: ['enterprise_id'], referencedTableName: 'enterprise', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        userFk('user_id', 'SET NULL'), userFk('created_by', 'SET NULL'),
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['enterprise_invitation', 'notification_setting', 'notification']) await qr.dropTable(t);
  }
}
