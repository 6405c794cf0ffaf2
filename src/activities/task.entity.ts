import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** A follow-up with a due date and an assignee, linked to an enterprise. */
@Entity('task')
@Index('ix_task_assignee_open', ['assigneeId', 'doneAt', 'dueOn'])
@Index('ix_task_enterprise', ['enterpriseId'])
@Index('ix_task_due', ['dueOn'])
@Index('ix_task_open_cover', ['doneAt', 'assigneeId', 'dueOn', 'enterpriseId'])
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'due_on', type: 'varchar', length: 10 })
  dueOn: string;

  @Column({ name: 'assignee_id', type: 'integer', nullable: true })
  assigneeId: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @Column({ name: 'done_at', type: Date, nullable: true })
  doneAt: Date | null;

  @Column({ name: 'done_by', type: 'integer', nullable: true })
  doneBy: number | null;

  /** Set when the system raised the task (e.g. expiry radar), so it is raised once, not every day. */
  @Index('uq_task_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 96, nullable: true })
  dedupeKey: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
