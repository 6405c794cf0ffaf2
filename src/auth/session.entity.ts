import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A server-side session, in the database so several processes can share them. */
@Entity('http_session')
export class HttpSession {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Index('ix_http_session_user')
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Index('ix_http_session_expires')
  @Column({ name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'text' })
  data: string;
}
