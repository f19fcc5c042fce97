import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../org/entities/user.entity.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';
export const AUTHENTICATED = 'auth:user';

/** Anyone, logged in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Any logged-in user; the service checks anything finer (per-resource access). */
export const Authenticated = () => SetMetadata(AUTHENTICATED, true);
/** Logged-in users holding one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  return req.user as AuthUser;
});
