import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';

/** What an access token carries. The guard re-reads roles, locale and status from the database. */
export interface AccessTokenPayload {
  sub: string;
  username: string;
  typ: 'access';
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
