import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AuthSession } from './entities/auth-session.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';

export const hashRefreshToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

export type RotateOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Logins (sessions) and their opaque refresh tokens (32 random bytes, base64url), stored as SHA-256
 * only. Each login starts a session, whose id is the family of its refresh tokens and the `sid` of
 * its access tokens; each refresh marks the token used and issues the next one of the family.
 * Presenting a used token again means it was stolen (or replayed): the whole family is revoked, and
 * the session with it, so its access tokens stop working too.
 */
@Injectable()
export class RefreshTokensService {
  constructor(private readonly config: AppConfig) {}

  /** Starts a login (session) of `userId`, in the caller's transaction; returns its id. */
  async startSession(em: EntityManager, userId: string): Promise<string> {
    const id = randomUUID();
    await em.insert(AuthSession, { id, userId });
    return id;
  }

  /** Issues a refresh token of session `familyId`, in the caller's transaction. */
  async issue(em: EntityManager, userId: string, familyId: string): Promise<string> {
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
    return { kind: 'rotated', userId: row.userId, familyId: row.familyId, refreshToken: next };
  }

  /**
   * Logout: revokes the caller's own session and, when given, the family of their refresh token (the
   * same login, normally); unknown or someone else's tokens change nothing.
   */
  async revokeOnLogout(em: EntityManager, userId: string, sessionId: string, token?: string): Promise<void> {
    const families = [sessionId];
    if (token) {
      const [row] = await em.query<{ family_id: string }[]>(
        'SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2',
        [hashRefreshToken(token), userId],
      );
      if (row && row.family_id !== sessionId) families.push(row.family_id);
    }
    for (const familyId of families) await this.revokeFamily(em, familyId, userId);
  }

  /** Revokes session `familyId` and its refresh tokens (of `userId` only, when given). */
  async revokeFamily(em: EntityManager, familyId: string, userId?: string): Promise<void> {
    await em.query(
      `WITH session AS (
         UPDATE auth_sessions SET revoked_at = now()
          WHERE id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)
       )
       UPDATE refresh_tokens SET revoked_at = now()
        WHERE family_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)`,
      [familyId, userId ?? null],
    );
  }
}
