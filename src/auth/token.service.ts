import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { unauthorized } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import type { AuthUserRow } from '../org/users.service.js';

/**
 * Whether an access token issued at `iat` (seconds) still speaks for this user: the account exists,
 * is not disabled, and its password was not reset since (`iat` has whole seconds, so a token of the
 * very second of the reset still passes).
 */
export function accessTokenStillValid(
  user: AuthUserRow | null,
  iat: number | undefined,
): user is AuthUserRow {
  if (!user || user.status === 'disabled') return false;
  return !user.passwordChangedAt || (iat ?? 0) >= Math.floor(user.passwordChangedAt.getTime() / 1000);
}

/**
 * `accessTokenStillValid` in SQL, for the statement of an @AuthenticatedByToken() route (it checks
 * the account in its own round trip): true when user `user` exists, is not disabled and its
 * password was not reset after `iat` (seconds). The arguments are the statement's placeholders.
 */
export const ACCOUNT_STILL_VALID_SQL = (user: string, iat: string): string =>
  `EXISTS (SELECT 1 FROM users u WHERE u.id = ${user}::uuid AND u.status <> 'disabled'
     AND (u.password_changed_at IS NULL OR ${iat}::bigint >= floor(extract(epoch FROM u.password_changed_at))))`;

/** The 401 for a valid token whose account fails `accessTokenStillValid` (or its SQL). */
export const accountNoLongerValid = () =>
  unauthorized('UNAUTHENTICATED', 'The account is disabled or gone, or its password was reset');

/** What an access token carries. The guard re-reads roles, locale and status from the database. */
export interface AccessTokenPayload {
  sub: string;
  username: string;
  typ: 'access';
  /** Issued at (seconds), set by the signer. */
  iat?: number;
}

/** Signs short-lived access tokens (HS256, JWT_SECRET, JWT_ACCESS_TTL_SECONDS). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  signAccess(user: { id: string; username: string }): Promise<string> {
    const payload: AccessTokenPayload = { sub: user.id, username: user.username, typ: 'access' };
    return this.jwt.signAsync(payload);
  }
}
