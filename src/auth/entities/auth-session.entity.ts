import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { SESSION_END_REASONS, type SessionEndReason } from '../session-end.js';

/**
 * One login: its id is the `sid` of every access token and the `familyId` of every refresh token it
 * issues. Revoked (logout, refresh-token reuse, a refresh refused for a disabled account or a
 * password reset) means every one of its tokens is refused from the next request on.
 */
@Entity('auth_sessions')
@Check(
  'auth_sessions_revoked_reason_check',
  `revoked_reason IN (${SESSION_END_REASONS.map((r) => `'${r}'`).join(', ')})`,
)
export class AuthSession {
  @PrimaryColumn('uuid')
  id: string;

  @Index('auth_sessions_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Set with `revokedAt` (null for logins ended before reasons were kept). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  revokedReason: SessionEndReason | null;
}
