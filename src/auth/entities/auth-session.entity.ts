import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One login: its id is the `sid` of every access token and the `familyId` of every refresh token it
 * issues. Revoked (logout, refresh-token reuse, a refresh refused for a disabled account or a
 * password reset) means every one of its tokens is refused from the next request on.
 */
@Entity('auth_sessions')
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
}
