/**
 * Why a login ended, said to the browser that still holds it at its next refresh (401
 * SESSION_ENDED): signed out (here or in another tab), the password changed (by the user elsewhere,
 * or reset by an administrator), the account disabled, or its refresh token used twice (stolen or
 * replayed).
 */
export const SESSION_END_REASONS = ['logout', 'password_changed', 'disabled', 'reused'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
