import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import type { Role } from '../common/auth/role.js';
import type { Locale } from '../common/i18n/locale.js';
import { AppConfig } from '../config/app-config.js';
import { pageSessionCookieOf } from './refresh-cookie.js';
import { hashRefreshToken, REFRESH_REUSE_GRACE_SECONDS } from './refresh-tokens.service.js';
import { isUuid } from '../common/uuid.js';

/**
 * The `page_session` cookie's value: `ps1.<session id>.<mac>`, where the mac is an HMAC-SHA256
 * (under a key derived from JWT_SECRET for this use only) of the session id and the SHA-256 of the
 * refresh token it was issued with. It is no credential for anything but reading a page:
 * - it is not a JWT (its first part, `ps1`, is no JSON header; the mac is under another key), so
 *   the API's bearer check refuses it like any garbage, and no API route reads this cookie;
 * - it cannot refresh: it carries no refresh token, only a mac over the token's hash;
 * - it is bound to the refresh session: it is good while the token it was issued with is the
 *   session's current one (or its predecessor within the refresh path's reuse grace), unrevoked and
 *   unexpired, the session live, the account enabled and its password not reset since. Logout,
 *   reuse, expiry or a newer refresh void it, as they void the refresh token;
 * - while the account must still replace a password an administrator set, it shows nothing: the
 *   page is the plain app, which asks for the new password first.
 */
@Injectable()
export class PageSessionService {
  private readonly key: Buffer;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('page-session.v1').digest();
  }

  /** The cookie's value for session `sessionId` and its (new) refresh token. */
  valueFor(sessionId: string, refreshToken: string): string {
    return `ps1.${sessionId}.${this.mac(sessionId, hashRefreshToken(refreshToken))}`;
  }

  /**
   * The signed-in user of a page request, read from its `page_session` cookie; null when there is
   * none or it is no longer good (see above). Reads the account as the API's guard does.
   */
  async userOf(request: FastifyRequest): Promise<AuthUser | null> {
    const value = pageSessionCookieOf(request);
    const [version, sessionId, mac] = value?.split('.') ?? [];
    if (version !== 'ps1' || !sessionId || !mac || !isUuid(sessionId)) return null;
    const rows = await this.dataSource.query<
      { token_hash: string; id: string; username: string; roles: Role[]; locale: Locale }[]
    >(
      `SELECT r.token_hash, u.id, u.username, u.roles, u.locale
         FROM auth_sessions s
         JOIN org_accounts u ON u.id = s.user_id
         JOIN refresh_tokens r ON r.family_id = s.id AND r.user_id = u.id
        WHERE s.id = $1::uuid AND s.revoked_at IS NULL AND u.status <> 'disabled'
          AND NOT u.must_change_password
          AND r.revoked_at IS NULL AND r.expires_at > now()
          AND (r.used_at IS NULL OR r.used_at > now() - make_interval(secs => $2))
          AND (u.password_changed_at IS NULL OR r.created_at >= u.password_changed_at)`,
      [sessionId, REFRESH_REUSE_GRACE_SECONDS],
    );
    const given = Buffer.from(mac);
    const row = rows.find((r) => {
      const expected = Buffer.from(this.mac(sessionId, r.token_hash));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!row) return null;
    return { id: row.id, username: row.username, roles: row.roles, locale: row.locale, sessionId };
  }

  private mac(sessionId: string, tokenHash: string): string {
    return createHmac('sha256', this.key).update(`${sessionId}|${tokenHash}`).digest('base64url');
  }
}
