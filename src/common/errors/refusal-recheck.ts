import type { FastifyRequest } from 'fastify';

/**
 * A second look at a 4xx refusal before the exception filter sends it. The auth module provides it
 * (`AccountRecheck`): on routes whose handler checks the account itself, a refusal that came before
 * that check must not answer a token whose login has ended. Common code knows only this shape, so
 * the filter does not depend on the auth module.
 */
export interface RefusalRecheck {
  /**
   * Null when this request needs no second look; otherwise resolves to the error to answer instead
   * of the refusal, or null to send the refusal as it is.
   */
  recheck(request: FastifyRequest): Promise<unknown> | null;
}

export const REFUSAL_RECHECK = Symbol('REFUSAL_RECHECK');
