import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { unauthorized } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { preparedQuery } from '../database/prepared-query.js';
import type { AuthUserRow } from '../org/users.service.js';
import { isUuid } from '../common/uuid.js';

/** What the guard reads for an access token: the account and whether the token's login is live. */
export interface TokenUserRow extends AuthUserRow {
  /** The token's session (`sid`) exists, is this user's, and is not revoked. */
  sessionLive: boolean;
}

/**
 * Whether an access token issued at `iat` (seconds) still speaks for this user: its login (session)
 * is live, the account exists, is not disabled, and its password was not reset since (`iat` has
 * whole seconds, so a token of the very second of the reset still passes).
 */
export function accessTokenStillValid(
  user: TokenUserRow | null,
  iat: number | undefined,
): user is TokenUserRow {
  if (!user || !user.sessionLive || user.status === 'disabled') return false;
  return !user.passwordChangedAt || (iat ?? 0) >= Math.floor(user.passwordChangedAt.getTime() / 1000);
}

/**
 * `accessTokenStillValid` in SQL, for the statement of an @AuthenticatedByToken() route (it checks
 * the account in its own round trip): true when user `user` exists, is not disabled, its password was
 * not reset after `iat` (seconds), and session `sid` is theirs and not revoked. The arguments are the
 * statement's placeholders.
 */
export const ACCOUNT_STILL_VALID_SQL = (user: string, iat: string, sid: string): string =>
  `EXISTS (SELECT 1 FROM org_accounts u JOIN auth_sessions s ON s.id = ${sid}::uuid AND s.user_id = u.id
     WHERE u.id = ${user}::uuid AND u.status <> 'disabled' AND s.revoked_at IS NULL
     AND (u.password_changed_at IS NULL OR ${iat}::bigint >= floor(extract(epoch FROM u.password_changed_at))))`;

/** The 401 for a valid token whose account or login fails `accessTokenStillValid` (or its SQL). */
export const accountNoLongerValid = () =>
  unauthorized(
    'UNAUTHENTICATED',
    'The login has ended (logout), or the account is disabled or gone, or its password was reset',
  );

/** What an access token carries. The guard re-reads roles, locale and status from the database. */
export interface AccessTokenPayload {
  sub: string;
  username: string;
  typ: 'access';
  /** The login (auth_sessions.id, the refresh-token family) the token belongs to. */
  sid: string;
  /** Issued at (seconds), set by the signer. */
  iat?: number;
  /**
   * Set when the token was signed for an account whose password an administrator set: the guard
   * then reads the account on every route (the flag may have been cleared since) and, while it is
   * set, opens only the routes declared @EvenBeforePasswordChange(). Tokens without it are of
   * accounts that did not have to change: an administrator's reset, which sets the flag, also
   * ends every token issued before it.
   */
  pwc?: true;
}

/** True for a payload of an access token this app signs (sub and sid are UUIDs). */
export const isAccessPayload = (payload: unknown): payload is AccessTokenPayload => {
  const p = payload as Partial<AccessTokenPayload> | null;
  return p?.typ === 'access' && typeof p.sub === 'string' && isUuid(p.sid);
};

/** Signs short-lived access tokens (HS256, JWT_SECRET, JWT_ACCESS_TTL_SECONDS) and reads who they speak for. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  /** An access token of `user` for the login `sessionId`. */
  signAccess(
    user: { id: string; username: string; mustChangePassword?: boolean },
    sessionId: string,
  ): Promise<string> {
    const payload: AccessTokenPayload = {
      sub: user.id,
      username: user.username,
      typ: 'access',
      sid: sessionId,
      ...(user.mustChangePassword ? { pwc: true as const } : {}),
    };
    return this.jwt.signAsync(payload);
  }

  /**
   * The guard's lookup on every request (one prepared statement, as before sessions): the account,
   * and whether the token's session is live. No cache: a logout or a revoked family is refused from
   * the very next request.
   */
  async findTokenUser(userId: string, sessionId: string): Promise<TokenUserRow | null> {
    const rows = await preparedQuery<TokenUserRow>(
      this.dataSource.manager,
      'auth.token_user',
      `SELECT u.id, u.username, u.roles, u.locale, u.status, u.password_changed_at AS "passwordChangedAt",
              u.must_change_password AS "mustChangePassword",
              EXISTS (SELECT 1 FROM auth_sessions s
                       WHERE s.id = $2::uuid AND s.user_id = u.id AND s.revoked_at IS NULL) AS "sessionLive"
         FROM org_accounts u WHERE u.id = $1::uuid`,
      [userId, sessionId],
    );
    return rows[0] ?? null;
  }
}
