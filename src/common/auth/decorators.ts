import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Role } from './role.js';
import type { AuthUser, TokenSubject } from './auth-user.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';
export const AUTHENTICATED = 'auth:user';
export const ACCOUNT_CHECKED_BY_HANDLER = 'auth:account-checked-by-handler';
export const SIGNED_LINK = 'auth:signed-link';
export const BEFORE_PASSWORD_CHANGE = 'auth:before-password-change';

/** Anyone, logged in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Any logged-in user; the service checks anything finer (per-resource access). */
export const Authenticated = () => SetMetadata(AUTHENTICATED, true);
/**
 * Any logged-in user, on a hot route whose own statement checks the account: the guard verifies
 * the access token (signature, expiry, kind) but skips its account lookup (one round trip); the
 * handler's statement must check what the lookup would (ACCOUNT_STILL_VALID_SQL: the account
 * exists, is not disabled, its password was not reset since the token, and the token's session is
 * live) and answer 401
 * UNAUTHENTICATED when it fails. The handler gets a TokenSubject (@CurrentTokenSubject()), which
 * has no roles: nothing on such a route may depend on them.
 */
export const AuthenticatedByToken = () =>
  applyDecorators(SetMetadata(AUTHENTICATED, true), SetMetadata(ACCOUNT_CHECKED_BY_HANDLER, true));
/**
 * Any logged-in user, by bearer token or by a signed link made for them (SignedLinks: a download a
 * browser opens as a plain link). Either way the handler gets that user and checks access as usual.
 * For GET routes that answer a file, an image or a printable page, never for a change.
 */
export const AuthenticatedOrSignedLink = () =>
  applyDecorators(
    SetMetadata(AUTHENTICATED, true),
    SetMetadata(SIGNED_LINK, true),
    ApiQuery({ name: 'exp', required: false, description: 'Signed link: expiry (unix seconds)' }),
    ApiQuery({ name: 'uid', required: false, description: 'Signed link: the user it was made for' }),
    ApiQuery({ name: 'sig', required: false, description: 'Signed link: HMAC-SHA256 signature' }),
  );
/**
 * On an @Authenticated() route: open also to a user who must still replace the password an
 * administrator set (changing it, the profile, signing out). Every other route answers them 403
 * PASSWORD_CHANGE_REQUIRED.
 */
export const EvenBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
/** Logged-in users holding one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  return req.user as AuthUser;
});

/** The caller of an @AuthenticatedByToken() route, as the verified token says (the account is not checked yet). */
export const CurrentTokenSubject = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): TokenSubject => {
    const req = ctx.switchToHttp().getRequest<{ user?: TokenSubject }>();
    return req.user as TokenSubject;
  },
);
