import { JwtService } from '@nestjs/jwt';
import { createHmac, randomBytes } from 'node:crypto';
import {
  hashRefreshToken,
  REFRESH_REUSE_GRACE_SECONDS,
  RefreshTokensService,
} from '../../src/auth/refresh-tokens.service.js';
import { TokenService } from '../../src/auth/token.service.js';
import { hashPassword } from '../../src/common/auth/password.js';
import type { Role } from '../../src/common/auth/role.js';
import type { Locale } from '../../src/common/i18n/locale.js';
import type { User, UserStatus } from '../../src/org/entities/user.entity.js';
import { User as UserEntity } from '../../src/org/entities/user.entity.js';
import { TEST_ADMIN, type TestApp } from './test-app.js';

export interface CreateUserInput {
  username?: string;
  password?: string;
  fullName?: string;
  fullNameKm?: string | null;
  email?: string | null;
  roles?: Role[];
  orgUnitId?: string | null;
  status?: UserStatus;
  locale?: Locale;
  mustChangePassword?: boolean;
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  user: any;
}

/** Most test users share one password, so its (slow on purpose) argon2 hash is computed once. */
export const DEFAULT_TEST_PASSWORD = 'test-password-1';
let defaultHash: Promise<string> | undefined;

function hashFor(password: string): Promise<string> {
  if (password !== DEFAULT_TEST_PASSWORD) return hashPassword(password);
  defaultHash ??= hashPassword(DEFAULT_TEST_PASSWORD);
  return defaultHash;
}

/**
 * Inserts a user straight into the database (fast: no HTTP, no admin token).
 * Defaults: a random username `u_<hex>`, DEFAULT_TEST_PASSWORD, a Latin and a Khmer name, active, no roles.
 */
export async function createUser(
  t: TestApp,
  partial: CreateUserInput = {},
): Promise<{ user: User; password: string }> {
  const suffix = randomBytes(4).toString('hex');
  const password = partial.password ?? DEFAULT_TEST_PASSWORD;
  const repo = t.dataSource.getRepository(UserEntity);
  const saved = await repo.save(
    repo.create({
      username: (partial.username ?? `u_${suffix}`).toLowerCase(),
      passwordHash: await hashFor(password),
      fullName: partial.fullName ?? `Test User ${suffix}`,
      fullNameKm: partial.fullNameKm === undefined ? `សុខ ស៊ាន ${suffix}` : partial.fullNameKm,
      email: partial.email ?? null,
      roles: partial.roles ?? [],
      orgUnitId: partial.orgUnitId ?? null,
      status: partial.status ?? 'active',
      locale: partial.locale ?? 'km',
      mustChangePassword: partial.mustChangePassword ?? false,
    }),
  );
  const user = await repo.findOneByOrFail({ id: saved.id });
  return { user, password };
}

/** Logs in through HTTP; throws (with the answer) unless it succeeds. */
export async function login(t: TestApp, username: string, password: string): Promise<LoginResult> {
  const res = await t.post<LoginResult>('/api/v1/auth/login', { username, password });
  if (res.status !== 200) {
    throw new Error(`login of ${username} failed: ${res.status} ${res.raw}`);
  }
  return res.body;
}

const adminTokens = new WeakMap<TestApp, Promise<string>>();

/** An access token of the admin the app created at start (TEST_ADMIN); one login per test app. */
export function adminToken(t: TestApp): Promise<string> {
  let token = adminTokens.get(t);
  if (!token) {
    token = login(t, TEST_ADMIN.username, TEST_ADMIN.password).then((r) => r.accessToken);
    adminTokens.set(t, token);
    token.catch(() => adminTokens.delete(t));
  }
  return token;
}

/** An access token for a user, of a session started for it, signed by the app itself (no login, no password). */
export async function tokenFor(t: TestApp, user: { id: string; username: string }): Promise<string> {
  const sessionId = await t.dataSource.transaction((em) =>
    t.service<RefreshTokensService>(RefreshTokensService).startSession(em, user.id),
  );
  return t.service<TokenService>(TokenService).signAccess(user, sessionId);
}

/** The session (`sid`) an access token belongs to. */
export function sessionOf(t: TestApp, token: string): string {
  return t.service<JwtService>(JwtService).decode<{ sid: string }>(token).sid;
}

/**
 * Tokens the guard must refuse for `user`: their own token with a signature made with another
 * secret, a refresh token (signed with the app's secret, but not an access token), and garbage.
 */
export async function untrustedTokens(
  t: TestApp,
  user: { id: string; username: string; token: string },
): Promise<string[]> {
  const [header, payload] = user.token.split('.');
  const forged = `${header}.${payload}.${createHmac('sha256', 'not-the-secret').update(`${header}.${payload}`).digest('base64url')}`;
  const refresh = await t
    .service<JwtService>(JwtService)
    .signAsync({ sub: user.id, username: user.username, typ: 'refresh' });
  return [forged, refresh, 'garbage'];
}

/** createUser + tokenFor in one step. */
export async function createUserWithToken(
  t: TestApp,
  partial: CreateUserInput = {},
): Promise<{ user: User; password: string; token: string }> {
  const created = await createUser(t, partial);
  return { ...created, token: await tokenFor(t, created.user) };
}

/**
 * Moves the rotation of refresh token `token` (its `used_at`) back past the reuse grace, so that
 * presenting it again counts as reuse, as it would a minute later (no sleeping in tests).
 */
export async function pastRefreshGrace(t: TestApp, token: string): Promise<void> {
  await t.dataSource.query(
    `UPDATE refresh_tokens SET used_at = used_at - make_interval(secs => $2) WHERE token_hash = $1`,
    [hashRefreshToken(token), REFRESH_REUSE_GRACE_SECONDS + 1],
  );
}
