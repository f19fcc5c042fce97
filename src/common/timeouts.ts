export class TimeoutError extends Error {}

/**
 * Rejects with a TimeoutError when `promise` has not settled after `ms` (a Redis call hangs while
 * Redis is down; a page may never finish rendering). The timer is cleared once either side settles.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits up to `ms` for `promise`, ignoring its outcome. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  await withTimeout(promise, ms, 'close').catch(() => undefined);
}
