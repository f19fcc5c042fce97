import type { Redis } from 'ioredis';

export class TimeoutError extends Error {}

/** Rejects with a TimeoutError when `promise` has not settled after `ms` (Redis calls hang while it is down). */
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

/** Quits a connection politely when Redis answers, and drops it otherwise. */
export async function closeRedis(connection: Redis): Promise<void> {
  await settleWithin(connection.quit(), 1000);
  connection.disconnect();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
