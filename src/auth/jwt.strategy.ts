import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser, TokenSubject } from '../common/auth/auth-user.js';
import { unauthorized } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import {
  accessTokenStillValid,
  type AccessTokenPayload,
  accountNoLongerValid,
  isAccessPayload,
  TokenService,
} from './token.service.js';

export const JWT_STRATEGY = 'jwt';

/** Requests to @AuthenticatedByToken() routes (the guard adds them): no account lookup here. */
export const accountCheckedByHandler = new WeakSet<object>();

/** The caller as the token alone says (the account is the handler's statement's to check). */
const tokenSubject = (payload: AccessTokenPayload): TokenSubject => ({
  id: payload.sub,
  username: payload.username,
  issuedAt: payload.iat ?? 0,
  sessionId: payload.sid,
});

/**
 * Bearer access tokens (HS256). The token only says who and which login (session); roles, locale,
 * status and whether the session is live are read from the database on every request (one
 * statement, two primary-key lookups), so a logout, a disabled user or a changed role takes effect
 * at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  /**
   * A passport of this app alone: the default one is a process-wide singleton, which two apps in
   * one process (tests) would share, each authenticating against the other's database.
   */
  private ownPassport: passport.PassportStatic | undefined;

  constructor(
    config: AppConfig,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  getPassportInstance(): passport.PassportStatic {
    this.ownPassport ??= new passport.Passport() as passport.PassportStatic;
    return this.ownPassport;
  }

  async validate(request: object, payload: AccessTokenPayload): Promise<AuthUser | TokenSubject> {
    // A token without a session (`sid`) is refused: every access token this app signs belongs to a login.
    if (!isAccessPayload(payload)) {
      throw unauthorized('UNAUTHENTICATED', 'Not an access token');
    }
    // A token signed while the password had to be changed is checked against the account here,
    // whatever the route: the flag may have been cleared since (the change keeps the login).
    const byHandler = accountCheckedByHandler.has(request);
    if (byHandler && !payload.pwc) return tokenSubject(payload);
    const user = await this.tokens.findTokenUser(payload.sub, payload.sid);
    if (!accessTokenStillValid(user, payload.iat)) {
      throw accountNoLongerValid();
    }
    const mustChange = user.mustChangePassword ? { mustChangePassword: true as const } : {};
    if (byHandler) return { ...tokenSubject(payload), ...mustChange };
    return {
      id: user.id,
      username: user.username,
      roles: user.roles,
      locale: user.locale,
      sessionId: payload.sid,
      ...mustChange,
    };
  }
}
