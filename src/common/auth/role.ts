/** A role a user may hold beyond their posts (the global guard's `@Roles()` checks these). */
export type Role = 'admin';
