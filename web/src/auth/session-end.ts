/**
 * Why a login ended, as the API's refresh says it (401 SESSION_ENDED, `details.reason`;
 * src/auth/entities/auth-session.entity.ts): the sign-in page tells the user, who may not have done
 * it themself (a password changed elsewhere).
 */
export const SESSION_END_REASONS = ['logout', 'password_changed', 'disabled', 'reused'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** The reason of a refresh's 401 answer body, if it says one. */
export function endReasonOf(body: unknown): SessionEndReason | undefined {
  const e = body as { code?: unknown; details?: { reason?: unknown } } | null;
  const reason = e?.code === 'SESSION_ENDED' ? e.details?.reason : undefined;
  return SESSION_END_REASONS.find((r) => r === reason);
}

/**
 * The sign-in page's notice (a key of the common namespace) for its `expired` and `why` query
 * parameters, or null for none. The server's own render of the page (src/ops/web-app.ts) says the
 * same.
 */
export function loginNotice(expired: string | null, why: string | null): string | null {
  if (!expired) return null;
  const reason = SESSION_END_REASONS.find((r) => r === why);
  return reason ? `login.ended.${reason}` : 'login.expired';
}

/** Reasons worth saying to a visitor who comes back later, not only to one whose page was open. */
export const SAID_ON_RETURN: readonly SessionEndReason[] = ['password_changed', 'disabled', 'reused'];
