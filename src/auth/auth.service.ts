import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { verifyDummy, verifyPassword } from '../common/auth/password.js';
import { DomainError, forbidden, unauthorized } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionService } from '../database/transaction.service.js';
import { UsersService } from '../org/users.service.js';
import type { LoginDto, TokensDto } from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { TokenService } from './token.service.js';

const invalidCredentials = () => unauthorized('INVALID_CREDENTIALS', 'Wrong username or password');

/**
 * Login, refresh and logout.
 *
 * Lockout: LOGIN_MAX_FAILURES consecutive wrong passwords lock the account for LOGIN_LOCK_MINUTES;
 * while locked, every attempt (even with the right password) gets 423 ACCOUNT_LOCKED. The first
 * failures answer 401 INVALID_CREDENTIALS, the same for an unknown user (after a dummy argon2
 * verification, so timing does not tell either). A correct password for a disabled account gets
 * 403 ACCOUNT_DISABLED (only someone who knows the password learns that).
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  async login(dto: LoginDto, ip: string): Promise<TokensDto> {
    const username = dto.username.trim().toLowerCase();
    await this.throttle.check(ip, username);
    const user = await this.users.findForLogin(username);
    if (!user) {
      await verifyDummy(dto.password);
      await this.throttle.recordFailure(ip, username);
      await this.tx.run((em) =>
        this.audit.append(em, {
          stream: 'auth:unknown-username',
          action: 'auth.login_failed',
          actorId: null,
          entityType: 'username',
          entityId: username.slice(0, 100),
          data: { ip, reason: 'unknown_user' },
        }),
      );
      throw invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.throttle.recordFailure(ip, username);
      throw new DomainError(
        'ACCOUNT_LOCKED',
        HttpStatus.LOCKED,
        'The account is locked after too many failed logins; try again later',
        {
          lockedUntil: user.lockedUntil.toISOString(),
        },
      );
    }
    if (!(await verifyPassword(user.passwordHash, dto.password))) {
      const { lockedUntil } = await this.tx.run(async (em) => {
        const result = await this.users.recordLoginFailure(
          em,
          user.id,
          this.config.LOGIN_MAX_FAILURES,
          this.config.LOGIN_LOCK_MINUTES,
        );
        const entry = { stream: `user:${user.id}`, actorId: null, entityType: 'user', entityId: user.id };
        await this.audit.append(em, {
          ...entry,
          action: 'auth.login_failed',
          data: { ip, reason: 'wrong_password', consecutiveFailures: result.failures },
        });
        if (result.lockedUntil) {
          await this.audit.append(em, {
            ...entry,
            action: 'auth.account_locked',
            data: { ip, lockedUntil: result.lockedUntil },
          });
        }
        return result;
      });
      await this.throttle.recordFailure(ip, username);
      this.logger.warn({ userId: user.id, ip, locked: !!lockedUntil }, 'login failed: wrong password');
      throw invalidCredentials();
    }
    if (user.status === 'disabled') {
      throw forbidden('ACCOUNT_DISABLED', 'The account is disabled');
    }
    const refreshToken = await this.tx.run(async (em) => {
      await this.users.recordLoginSuccess(em, user.id);
      return this.refreshTokens.issue(em, user.id);
    });
    await this.throttle.recordSuccess(username);
    return this.tokensFor(user.id, refreshToken);
  }

  /** A new pair for a refresh token. Reuse of a used token revokes its family (committed), then 401. */
  async refresh(token: string): Promise<TokensDto> {
    const outcome = await this.tx.run(async (em) => {
      const result = await this.refreshTokens.rotate(em, token, async (userId, issuedAt) => {
        const u = await this.users.findAuthUser(userId, em);
        return !!u && u.status !== 'disabled' && !(u.passwordChangedAt && issuedAt < u.passwordChangedAt);
      });
      if (result.kind === 'reused') {
        await this.audit.append(em, {
          stream: `user:${result.userId}`,
          action: 'auth.refresh_token_reused',
          actorId: null,
          entityType: 'user',
          entityId: result.userId,
          data: { familyId: result.familyId, revoked: 'family' },
        });
      }
      return result;
    });
    if (outcome.kind === 'reused') {
      this.logger.warn({ userId: outcome.userId, familyId: outcome.familyId }, 'refresh token reused');
      throw unauthorized(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used; all sessions of this login are revoked',
      );
    }
    if (outcome.kind === 'invalid') {
      throw unauthorized('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked');
    }
    return this.tokensFor(outcome.userId, outcome.refreshToken);
  }

  async logout(userId: string, token: string): Promise<void> {
    await this.tx.run((em) => this.refreshTokens.revokeFamilyOf(em, token, userId));
  }

  private async tokensFor(userId: string, refreshToken: string): Promise<TokensDto> {
    const user = await this.users.get(userId);
    return {
      accessToken: await this.tokens.signAccess(user),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      user,
    };
  }
}
