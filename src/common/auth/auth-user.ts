import type { Locale } from '../i18n/locale.js';
import type { Role } from './role.js';

/** Who is calling, as the JWT says. Set on the request by the global guard. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  locale: Locale;
  /** The login (session) the access token belongs to. */
  sessionId: string;
  /** Set while the account's password is one an administrator set (see MeDto.mustChangePassword). */
  mustChangePassword?: true;
}

/**
 * Who is calling, as a verified access token alone says, on routes declared @AuthenticatedByToken():
 * the account is not checked yet (the handler's statement does it, with `issuedAt`).
 */
export interface TokenSubject {
  id: string;
  username: string;
  /** The token's `iat` (seconds). */
  issuedAt: number;
  /** The token's login (`sid`), which the handler's statement checks is live. */
  sessionId: string;
  /** As AuthUser's (read from the account for a token carrying `pwc`). */
  mustChangePassword?: true;
}

export const isAdmin = (user: AuthUser | undefined): boolean => !!user?.roles.includes('admin');
