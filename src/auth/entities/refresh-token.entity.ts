import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A refresh token, stored as its SHA-256 only. Tokens rotate: each use replaces the token by a new
 * one of the same family; a second use of a replaced token revokes the whole family.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('refresh_tokens_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @Index('refresh_tokens_family_id_idx')
  @Column({ type: 'uuid' })
  familyId: string;

  @Index('refresh_tokens_token_hash_key', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /**
   * The token that replaced this one (set with `usedAt`). While it is the family's current token and
   * `usedAt` is within the reuse grace, presenting this one again rotates again instead of ending the
   * session (a browser whose reload lost the response carrying the new cookie).
   */
  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
