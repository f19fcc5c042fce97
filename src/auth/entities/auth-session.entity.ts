import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Why a login ended, said to the browser that still holds it at its next refresh (401
 * SESSION_ENDED): signed out (here or in another tab), the password changed (by the user elsewhere,
 * or reset by an administrator), the account disabled, or its refresh token used twice (stolen or
 * replayed).
 */
export const SESSION_END_REASONS = ['logout', 'password_changed', 'disabled', 'reused'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * One login: its id is the `sid` of every access token and the `familyId` of every refresh token it
 * issues. Revoked (logout, refresh-token reuse, a refresh refused for a disabled account or a
 * password reset) means every one of its tokens is refused from the next request on.
 */
@Entity('auth_sessions')
@Check(
  'auth_sessions_revoked_reason_check',
  `revoked_reason IN ('logout', 'password_changed', 'disabled', 'reused')`,
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
