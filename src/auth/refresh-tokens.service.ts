import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { updatedRows } from '../org/users.service.js';
import { RefreshToken } from './entities/refresh-token.entity.js';

export const hashRefreshToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

export type RotateOutcome =
  | { kind: 'rotated'; userId: string; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Opaque refresh tokens (32 random bytes, base64url), stored as SHA-256 only. Each login starts a
 * family; each refresh marks the token used and issues the next one of the family. Presenting a
 * used token again means it was stolen (or replayed): the whole family is revoked.
 */
@Injectable()
export class RefreshTokensService {
  constructor(private readonly config: AppConfig) {}

  /** Issues a token of `familyId` (a new family when none), in the caller's transaction. */
  async issue(em: EntityManager, userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await em.insert(RefreshToken, {
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000),
    });
    return token;
  }

  /**
   * Rotates under a row lock (SELECT ... FOR UPDATE): of two concurrent uses of one token, the
   * second waits, then sees it used, and revokes the family. `isUserActive` is checked before a
   * new token is issued (a disabled user's family, or one whose token predates a password reset, is
   * revoked).
   */
  async rotate(
    em: EntityManager,
    token: string,
    mayContinue: (userId: string, tokenIssuedAt: Date) => Promise<boolean>,
  ): Promise<RotateOutcome> {
    const row = await em
      .createQueryBuilder(RefreshToken, 'r')
      .setLock('pessimistic_write')
      .where('r.tokenHash = :hash', { hash: hashRefreshToken(token) })
      .getOne();
    if (!row) return { kind: 'invalid' };
    if (row.usedAt) {
      await this.revokeFamily(em, row.familyId);
      return { kind: 'reused', userId: row.userId, familyId: row.familyId };
    }
    if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
    if (!(await mayContinue(row.userId, row.createdAt))) {
      await this.revokeFamily(em, row.familyId);
      return { kind: 'invalid' };
    }
    await em.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
    const next = await this.issue(em, row.userId, row.familyId);
    return { kind: 'rotated', userId: row.userId, refreshToken: next };
  }

  /** Logout: revokes the family of the user's token; unknown or someone else's tokens change nothing. */
  async revokeFamilyOf(em: EntityManager, token: string, userId: string): Promise<boolean> {
    const result: unknown = await em.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE revoked_at IS NULL AND family_id = (
         SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2
       ) RETURNING id`,
      [hashRefreshToken(token), userId],
    );
    return updatedRows(result).length > 0;
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
      [familyId],
    );
  }
}
