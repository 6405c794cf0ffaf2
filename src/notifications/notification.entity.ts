import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const NOTIFICATION_KINDS = ['status', 'comment', 'due', 'overdue', 'invitation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One message in a user's in-app inbox. The text is a catalogue key with parameters, rendered in
 * the reader's language when shown. Reminders carry a dedupe key so they are raised once.
 */
@Entity('notification')
@Index('ix_notification_user_unread', ['userId', 'readAt', 'createdAt'])
@Index('ix_notification_application', ['applicationId'])
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: NotificationKind;

  @Column({ name: 'application_id', type: 'integer', nullable: true })
  applicationId: number | null;

  @Column({ name: 'message_key', type: 'varchar', length: 64 })
  messageKey: string;

  @Column({ type: 'simple-json' })
  params: Record<string, string | number>;

  @Column({ type: 'varchar', length: 255, nullable: true })
  link: string | null;

  @Column({ name: 'read_at', type: Date, nullable: true })
  readAt: Date | null;

  @Column({ name: 'emailed_at', type: Date, nullable: true })
  emailedAt: Date | null;

  @Index('uq_notification_dedupe', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 96, nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/** Where and whether a user wants e-mail copies of the inbox (sent only when SMTP is configured). */
@Entity('notification_setting')
export class NotificationSetting {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email: string | null;

  @Column({ name: 'email_enabled', type: 'boolean', default: false })
  emailEnabled: boolean;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
