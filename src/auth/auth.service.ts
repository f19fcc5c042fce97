import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import {
  hashPassword,
  MIN_PASSWORD_LENGTH,
  needsRehash,
  verifyDummy,
  verifyPassword,
} from '../common/auth/password.js';
import { weakPasswordReason, type WeakPasswordReason } from '../common/auth/password-policy.js';
import { badRequest, conflict, forbidden, unauthorized } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { UsersService } from '../org/users.service.js';
import type { ChangePasswordDto, LoginDto, PasswordChangedDto, TokensDto } from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { TokenService } from './token.service.js';

/** New tokens and the login (session) they belong to (the page cookie is bound to it). */
export interface SignedIn {
  tokens: TokensDto;
  sessionId: string;
}

const WEAKNESS_MESSAGES: Record<WeakPasswordReason, string> = {
  too_short: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  common: 'The new password is one of those guessed first; choose another',
  has_username: 'The new password holds the username; choose another',
  repetitive: 'The new password repeats too few characters; choose another',
};

const invalidCredentials = () => unauthorized('INVALID_CREDENTIALS', 'Wrong username or password');

/**
 * Login, refresh and logout.
 *
 * Login answers the same for a username that exists and one that does not: a wrong password is 401
 * INVALID_CREDENTIALS after an argon2 verification with the same parameters either way (a dummy hash
 * for an unknown user), and the throttle (LoginThrottleService) counts attempts per (username,
 * client address) pair whether or not the account exists. Nothing locks an account: failures from
 * one address slow down that address only. A correct password for a disabled account gets 403
 * ACCOUNT_DISABLED (only someone who knows the password learns that).
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly tx: TransactionService,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  /** Makes the dummy hash now, so that the first unknown username is not slower than the rest. */
  onModuleInit(): void {
    void verifyDummy('warm-up');
  }

  async login(dto: LoginDto, ip: string): Promise<SignedIn> {
    const username = dto.username.trim().toLowerCase();
    await this.throttle.attempt(username, ip);
    const user = await this.users.findForLogin(username);
    const passwordOk = user
      ? await verifyPassword(user.passwordHash, dto.password)
      : await verifyDummy(dto.password);
    if (!user || !passwordOk) {
      await this.auditFailure(
        user ? { userId: user.id } : { username },
        ip,
        user ? 'wrong_password' : 'unknown_user',
      );
      await this.throttle.failed(username, ip);
      if (user) this.logger.warn({ userId: user.id, ip }, 'login failed: wrong password');
      throw invalidCredentials();
    }
    await this.throttle.succeeded(username, ip);
    if (user.status === 'disabled') {
      // Someone knows the password of an account that was closed: the administrators should see it.
      await this.auditFailure({ userId: user.id }, ip, 'account_disabled');
      throw forbidden('ACCOUNT_DISABLED', 'The account is disabled');
    }
    // A hash made with other parameters (an older seed or release) is replaced by one with today's.
    const newHash = needsRehash(user.passwordHash) ? await hashPassword(dto.password) : undefined;
    const { sessionId, refreshToken } = await this.tx.run(async (em) => {
      if (newHash) {
        await this.users.replacePasswordHash(em, user.id, {
          current: user.passwordHash,
          next: newHash,
          chosenByUser: false,
        });
      }
      const session = await this.refreshTokens.startSession(em, user.id);
      return { sessionId: session, refreshToken: await this.refreshTokens.issue(em, user.id, session) };
    });
    return this.tokensFor(user.id, sessionId, refreshToken);
  }

  /** A refused sign-in, in the account's audit stream (or, for a name nobody has, the unknown names'). */
  private auditFailure(
    who: { userId: string } | { username: string },
    ip: string,
    reason: 'wrong_password' | 'unknown_user' | 'account_disabled',
  ): Promise<unknown> {
    const entry =
      'userId' in who
        ? { stream: `user:${who.userId}`, entityType: 'user', entityId: who.userId }
        : { stream: 'auth:unknown-username', entityType: 'username', entityId: who.username.slice(0, 100) };
    return this.tx.run((em) =>
      this.audit.append(em, { ...entry, action: 'auth.login_failed', actorId: null, data: { ip, reason } }),
    );
  }

  /** A new pair for a refresh token. Reuse of a used token revokes its family (committed), then 401. */
  async refresh(token: string): Promise<SignedIn> {
    const outcome = await this.tx.run(async (em) => {
      const result = await this.refreshTokens.rotate(em, token, async (userId, issuedAt) => {
        const u = await this.users.findAuthUser(userId, em);
        if (!u || u.status === 'disabled') return 'disabled';
        return u.passwordChangedAt && issuedAt < u.passwordChangedAt ? 'password_changed' : null;
      });
      if (result.kind === 'rotated' && result.withinGrace) {
        await this.audit.append(em, {
          stream: `user:${result.userId}`,
          action: 'auth.refresh_token_grace',
          actorId: null,
          entityType: 'user',
          entityId: result.userId,
          data: { familyId: result.familyId },
        });
      }
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
    if (outcome.kind === 'ended' && outcome.reason) {
      // The browser that still holds the login says why it ended (a password changed elsewhere
      // tells its owner, who may not have changed it).
      throw unauthorized('SESSION_ENDED', 'This login has ended', { reason: outcome.reason });
    }
    if (outcome.kind !== 'rotated') {
      throw unauthorized('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked');
    }
    return this.tokensFor(outcome.userId, outcome.familyId, outcome.refreshToken);
  }

  /**
   * Ends the caller's login (the session of their access token) and the one of `refreshToken` if it
   * is theirs: its refresh tokens and its access tokens stop working at once.
   */
  async logout(user: { id: string; sessionId: string }, refreshToken?: string): Promise<void> {
    await this.tx.run((em) => this.refreshTokens.revokeOnLogout(em, user.id, user.sessionId, refreshToken));
  }

  /**
   * The caller changes their own password. The new one must be at least MIN_PASSWORD_LENGTH
   * characters, not a common password, not hold the username, and have four different characters
   * (weakPasswordReason; else 400 PASSWORD_TOO_WEAK with `details.reason`, checked first and
   * counting nothing). The current password is checked under the login throttle, as a login is (the same
   * (username, address) pair, so guesses here and at the login page count together): a wrong one is
   * 403 WRONG_CURRENT_PASSWORD (not 401: the caller's login is fine), audited. On success every other
   * login of the user ends (its refresh tokens revoked, its access tokens refused from the next
   * request by the session check); the caller's own login goes on. One transaction, audited.
   */
  async changePassword(
    caller: { id: string; username: string; sessionId: string },
    dto: ChangePasswordDto,
    ip: string,
  ): Promise<PasswordChangedDto> {
    const weakness = weakPasswordReason(dto.newPassword, caller.username);
    if (weakness) {
      throw badRequest('PASSWORD_TOO_WEAK', WEAKNESS_MESSAGES[weakness], {
        minLength: MIN_PASSWORD_LENGTH,
        reason: weakness,
      });
    }
    await this.throttle.attempt(caller.username, ip);
    const user = await this.users.findForLogin(caller.username);
    if (!user || user.id !== caller.id) throw unauthorized('UNAUTHENTICATED', 'The account is gone');
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      await this.tx.run((em) =>
        this.audit.append(em, {
          stream: `user:${user.id}`,
          action: 'auth.password_change_failed',
          actorId: user.id,
          entityType: 'user',
          entityId: user.id,
          data: { ip, reason: 'wrong_password' },
        }),
      );
      await this.throttle.failed(caller.username, ip);
      throw forbidden('WRONG_CURRENT_PASSWORD', 'The current password is wrong');
    }
    await this.throttle.succeeded(caller.username, ip);
    if (dto.newPassword === dto.currentPassword) {
      throw badRequest('PASSWORD_UNCHANGED', 'The new password is the current one');
    }
    const newHash = await hashPassword(dto.newPassword);
    const ended = await this.tx.run(async (em) => {
      // Only over the hash just checked; their own password now.
      const replaced = await this.users.replacePasswordHash(em, user.id, {
        current: user.passwordHash,
        next: newHash,
        chosenByUser: true,
      });
      if (!replaced) {
        throw conflict('PASSWORD_CHANGED_MEANWHILE', 'The password was changed meanwhile; sign in again');
      }
      const count = await this.refreshTokens.revokeOtherSessions(em, user.id, caller.sessionId);
      await this.audit.append(em, {
        stream: `user:${user.id}`,
        action: 'auth.password_changed',
        actorId: user.id,
        entityType: 'user',
        entityId: user.id,
        data: {
          ip,
          otherSessionsEnded: count,
          ...(user.mustChangePassword ? { replacedAdministratorsPassword: true } : {}),
        },
      });
      return count;
    });
    this.logger.log({ userId: user.id, otherSessionsEnded: ended }, 'password changed by its owner');
    return { otherSessionsEnded: ended };
  }

  private async tokensFor(userId: string, sessionId: string, refreshToken: string): Promise<SignedIn> {
    const [user, account] = await Promise.all([this.users.get(userId), this.users.findAuthUser(userId)]);
    const mustChangePassword = account?.mustChangePassword ?? false;
    const tokens: TokensDto = {
      accessToken: await this.tokens.signAccess({ ...user, mustChangePassword }, sessionId),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      user,
    };
    return { tokens, sessionId };
  }
}
