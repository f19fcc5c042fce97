import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AuthSession } from './entities/auth-session.entity.js';
import type { SessionEndReason } from './session-end.js';
import { RefreshToken } from './entities/refresh-token.entity.js';

export const hashRefreshToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * How long (seconds) after a rotation the replaced token still rotates again instead of counting as
 * reuse, while the token that replaced it is the family's current one. A browser that reloads while
 * its refresh is in flight never receives the response, so its cookie keeps the replaced token; its
 * next refresh presents that token a moment later. Any older token, or this one after the grace,
 * still ends the session.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30;

export type RotateOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; refreshToken: string; withinGrace: boolean }
  | { kind: 'reused'; userId: string; familyId: string }
  /** The token's login was ended, for `reason` (null: ended before reasons were kept). */
  | { kind: 'ended'; reason: SessionEndReason | null }
  | { kind: 'invalid' };

/**
 * Logins (sessions) and their opaque refresh tokens (32 random bytes, base64url), stored as SHA-256
 * only. Each login starts a session, whose id is the family of its refresh tokens and the `sid` of
 * its access tokens; each refresh marks the token used and issues the next one of the family.
 * Presenting a used token again means it was stolen (or replayed): the whole family is revoked, and
 * the session with it, so its access tokens stop working too — except the immediate predecessor of
 * the current token within REFRESH_REUSE_GRACE_SECONDS of its rotation, which rotates again.
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
    return (await this.insertToken(em, userId, familyId)).token;
  }

  private async insertToken(
    em: EntityManager,
    userId: string,
    familyId: string,
  ): Promise<{ id: string; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = randomUUID();
    await em.insert(RefreshToken, {
      id,
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000),
    });
    return { id, token };
  }

  /**
   * Rotates under a row lock (SELECT ... FOR UPDATE): of two concurrent uses of one token, the
   * second waits, then sees it used. A used token is reuse, and revokes the family, unless it is the
   * immediate predecessor of the family's current token (its `replacedById`, still unused, unrevoked
   * and unexpired) and was replaced less than REFRESH_REUSE_GRACE_SECONDS ago: then the current token is replaced in turn (it too becomes a predecessor, as the client
   * may hold either) and the session goes on. `whyNot` is asked before a new token is issued: a
   * reason (a disabled user, a token older than a password reset) revokes the family for it. A token
   * of a login already ended says why it ended (`ended`).
   */
  async rotate(
    em: EntityManager,
    token: string,
    whyNot: (userId: string, tokenIssuedAt: Date) => Promise<SessionEndReason | null>,
  ): Promise<RotateOutcome> {
    const now = new Date();
    const row = await em
      .createQueryBuilder(RefreshToken, 'r')
      .setLock('pessimistic_write')
      .where('r.tokenHash = :hash', { hash: hashRefreshToken(token) })
      .getOne();
    if (!row) return { kind: 'invalid' };
    let replaced: RefreshToken = row;
    if (row.usedAt) {
      const current = await this.currentSuccessor(em, row, now);
      if (!current) {
        // A used token of a login already ended is that login's end, not a new reuse.
        if (row.revokedAt) return { kind: 'ended', reason: await this.endReason(em, row.familyId) };
        await this.revokeFamily(em, row.familyId, 'reused');
        return { kind: 'reused', userId: row.userId, familyId: row.familyId };
      }
      replaced = current;
    } else if (row.revokedAt) {
      return { kind: 'ended', reason: await this.endReason(em, row.familyId) };
    } else if (row.expiresAt.getTime() <= now.getTime()) {
      return { kind: 'invalid' };
    }
    const ended = await whyNot(row.userId, row.createdAt);
    if (ended) {
      await this.revokeFamily(em, row.familyId, ended);
      return { kind: 'ended', reason: ended };
    }
    const next = await this.insertToken(em, row.userId, row.familyId);
    await em.update(RefreshToken, { id: replaced.id }, { usedAt: now, replacedById: next.id });
    // The presented predecessor now points at the newest token; its grace still runs from its own use.
    if (replaced !== row) await em.update(RefreshToken, { id: row.id }, { replacedById: next.id });
    return {
      kind: 'rotated',
      userId: row.userId,
      familyId: row.familyId,
      refreshToken: next.token,
      withinGrace: replaced !== row,
    };
  }

  /**
   * The family's current token, locked, when used token `row` is its immediate predecessor within
   * the grace and nothing of the family is revoked; else null (reuse).
   */
  private async currentSuccessor(
    em: EntityManager,
    row: RefreshToken,
    at: Date,
  ): Promise<RefreshToken | null> {
    if (row.revokedAt || !row.usedAt || !row.replacedById) return null;
    if (at.getTime() - row.usedAt.getTime() > REFRESH_REUSE_GRACE_SECONDS * 1000) return null;
    const current = await em
      .createQueryBuilder(RefreshToken, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.familyId = :familyId', { id: row.replacedById, familyId: row.familyId })
      .getOne();
    if (!current || current.usedAt || current.revokedAt || current.expiresAt.getTime() <= at.getTime()) {
      return null;
    }
    return current;
  }

  private async endReason(em: EntityManager, familyId: string): Promise<SessionEndReason | null> {
    const session = await em.findOne(AuthSession, {
      select: { revokedReason: true },
      where: { id: familyId },
    });
    return session?.revokedReason ?? null;
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
    for (const familyId of families) await this.revokeFamily(em, familyId, 'logout', userId);
  }

  /**
   * Ends every live login of `userId` but `keepSessionId` (their password changed), with their
   * refresh tokens; returns how many.
   */
  async revokeOtherSessions(em: EntityManager, userId: string, keepSessionId: string): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH ended AS (
         UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'password_changed'
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL
          RETURNING id
       ), tokens AS (
         UPDATE refresh_tokens SET revoked_at = now()
          WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL
       )
       SELECT id FROM ended`,
      [userId, keepSessionId],
    );
    return rows.length;
  }

  /** Revokes session `familyId`, for `reason`, and its refresh tokens (of `userId` only, when given). */
  async revokeFamily(
    em: EntityManager,
    familyId: string,
    reason: SessionEndReason,
    userId?: string,
  ): Promise<void> {
    await em.query(
      `WITH session AS (
         UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3
          WHERE id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)
       )
       UPDATE refresh_tokens SET revoked_at = now()
        WHERE family_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)`,
      [familyId, userId ?? null, reason],
    );
  }
}
