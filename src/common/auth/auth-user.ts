import type { Locale, Role } from '../../org/entities/user.entity.js';

/** Who is calling, as the JWT says. Set on the request by the global guard. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  locale: Locale;
}

export const isAdmin = (user: AuthUser | undefined): boolean => !!user?.roles.includes('admin');
