import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ACTIVITY_KINDS = ['visit', 'call', 'meeting', 'note'] as const;
/** Kinds the system writes itself (completing a task, a recognition, a service delivered). */
export const SYSTEM_ACTIVITY_KINDS = ['task-completed'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number] | (typeof SYSTEM_ACTIVITY_KINDS)[number];

/** A contact with the enterprise or a note on its file; append-only, shown on the timeline. */
@Entity('activity')
@Index('ix_activity_enterprise_at', ['enterpriseId', 'occurredAt'])
@Index('ix_activity_author_at', ['authorId', 'occurredAt'])
export class Activity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: ActivityKind;

  @Column({ name: 'occurred_at' })
  occurredAt: Date;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId: number | null;

  @Column({ name: 'author_name', type: 'varchar', length: 64 })
  authorName: string;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
