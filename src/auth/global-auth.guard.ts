import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser, TokenSubject } from '../common/auth/auth-user.js';
import {
  ACCOUNT_CHECKED_BY_HANDLER,
  AUTHENTICATED,
  BEFORE_PASSWORD_CHANGE,
  IS_PUBLIC,
  ROLES,
  SIGNED_LINK,
} from '../common/auth/decorators.js';
import { SIGNED_LINK_PARAMS, SignedLinks } from '../common/auth/signed-links.js';
import { forbidden, unauthorized } from '../common/errors/domain-error.js';
import type { Role } from '../common/auth/role.js';
import { JWT_STRATEGY, JwtStrategy, accountCheckedByHandler } from './jwt.strategy.js';
import { TokenService, accessTokenStillValid, accountNoLongerValid } from './token.service.js';

const passwordChangeRequired = () =>
  forbidden(
    'PASSWORD_CHANGE_REQUIRED',
    'Choose your own password first (POST /api/v1/auth/password): an administrator set this one',
  );

/** Who may call a route, as its decorators say; the handler's own declaration wins over its controller's. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'user'; accountCheckedByHandler?: true; signedLink?: true; beforePasswordChange?: true }
  | { kind: 'roles'; roles: Role[] };

export function routeAccess(
  reflector: Reflector,
  handler: Function,
  controller: Function,
): RouteAccess | undefined {
  for (const target of [handler, controller]) {
    if (reflector.get<boolean>(IS_PUBLIC, target)) return { kind: 'public' };
    const roles = reflector.get<Role[] | undefined>(ROLES, target);
    if (roles?.length) return { kind: 'roles', roles };
    if (reflector.get<boolean>(AUTHENTICATED, target)) {
      if (reflector.get<boolean>(BEFORE_PASSWORD_CHANGE, target)) {
        return { kind: 'user', beforePasswordChange: true };
      }
      if (reflector.get<boolean>(ACCOUNT_CHECKED_BY_HANDLER, target)) {
        return { kind: 'user', accountCheckedByHandler: true };
      }
      return reflector.get<boolean>(SIGNED_LINK, target)
        ? { kind: 'user', signedLink: true }
        : { kind: 'user' };
    }
  }
  return undefined;
}

/**
 * Deny by default (registered as APP_GUARD): a route opens only through `@Public()`,
 * `@Authenticated()` or `@Roles(...)`. Undeclared routes answer 403 ROUTE_NOT_DECLARED (and are
 * listed at start-up by RouteDeclarationCheck). Bad, missing or expired tokens: 401 UNAUTHENTICATED;
 * a logged-in user without the role: 403 FORBIDDEN. On @AuthenticatedByToken() routes the account
 * lookup is the handler's (its statement checks the account in the same round trip as its work).
 * On @AuthenticatedOrSignedLink() routes a request without an Authorization header but with a
 * signed link's `sig` runs as the link's user (401 LINK_EXPIRED, 403 LINK_INVALID otherwise).
 * A user who must still replace the password an administrator set gets 403
 * PASSWORD_CHANGE_REQUIRED on every route but those declared @EvenBeforePasswordChange().
 */
@Injectable()
export class GlobalAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    private readonly links: SignedLinks,
    private readonly tokens: TokenService,
  ) {}

  /** Synchronous for public routes (no promise, no extra turn of the event loop for probes). */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context.getHandler(), context.getClass());
    if (!access) {
      throw forbidden('ROUTE_NOT_DECLARED', 'This route does not declare who may call it');
    }
    if (access.kind === 'public') return true;
    return this.activateUser(context, access);
  }

  /**
   * Each route's declaration, read from its decorators once (they do not change at run time); by
   * controller, then handler, as a handler inherited by two controllers may be declared by each.
   */
  private readonly declared = new WeakMap<Function, Map<Function, RouteAccess | null>>();

  private accessOf(handler: Function, controller: Function): RouteAccess | undefined {
    let routes = this.declared.get(controller);
    if (!routes) this.declared.set(controller, (routes = new Map<Function, RouteAccess | null>()));
    let access = routes.get(handler);
    if (access === undefined) {
      access = routeAccess(this.reflector, handler, controller) ?? null;
      routes.set(handler, access);
    }
    return access ?? undefined;
  }

  private async activateUser(context: ExecutionContext, access: RouteAccess): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser | TokenSubject }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (access.kind === 'user' && access.accountCheckedByHandler) accountCheckedByHandler.add(request);
    const query = request.query as Record<string, unknown> | undefined;
    if (
      access.kind === 'user' &&
      access.signedLink &&
      !request.headers.authorization &&
      query?.sig !== undefined
    ) {
      request.user = await this.signedLinkUser(request, query);
      return true;
    }
    const user = await this.authenticate(request, reply);
    request.user = user;
    if (user.mustChangePassword && !(access.kind === 'user' && access.beforePasswordChange)) {
      throw passwordChangeRequired();
    }
    if (access.kind === 'roles' && !('roles' in user && access.roles.some((r) => user.roles.includes(r)))) {
      throw forbidden('FORBIDDEN', `This needs the role ${access.roles.join(' or ')}`);
    }
    return true;
  }

  /**
   * The user a signed link was made for, checked as an access token would be (the account exists,
   * is not disabled, its login is not ended, and its password was not reset since the link was made). The link's
   * parameters are then removed from the query, so the route's own query validation never sees them.
   */
  private async signedLinkUser(request: FastifyRequest, query: Record<string, unknown>): Promise<AuthUser> {
    const path = request.url.split('?')[0];
    const { userId, sessionId, issuedAt } = this.links.verify(path, query);
    const user = await this.tokens.findTokenUser(userId, sessionId);
    if (!accessTokenStillValid(user, issuedAt)) throw accountNoLongerValid();
    if (user.mustChangePassword) throw passwordChangeRequired();
    for (const name of SIGNED_LINK_PARAMS) delete query[name];
    return { id: user.id, username: user.username, roles: user.roles, locale: user.locale, sessionId };
  }

  /** Runs the passport-jwt strategy on this app's own passport instance. */
  private authenticate(request: FastifyRequest, reply: FastifyReply): Promise<AuthUser | TokenSubject> {
    return new Promise<AuthUser | TokenSubject>((resolve, reject) => {
      const middleware = this.strategy
        .getPassportInstance()
        .authenticate(
          JWT_STRATEGY,
          { session: false },
          (err: unknown, user: AuthUser | TokenSubject | false) => {
            // `err` comes from our validate() (a DomainError, or the database failing): pass it on.
            if (err) return reject(err instanceof Error ? err : new Error('authentication failed'));
            if (!user) return reject(unauthorized('UNAUTHENTICATED', 'A valid access token is required'));
            resolve(user);
          },
        ) as (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
      middleware(request, reply, (err?: unknown) =>
        reject(
          err instanceof Error ? err : unauthorized('UNAUTHENTICATED', 'A valid access token is required'),
        ),
      );
    });
  }
}
