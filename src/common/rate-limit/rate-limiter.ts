import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../queue/redis-token.js';
import { withTimeout } from '../timeouts.js';

/** How long a request waits for Redis before it uses the fallback. */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 300;

/** Counters kept in this process while Redis does not answer, at most this many (oldest go first). */
const FALLBACK_MAX_KEYS = 10_000;

/**
 * Fixed-window request counters, shared by every API process through Redis. When Redis does not
 * answer within RATE_LIMIT_REDIS_TIMEOUT_MS the count comes from this process's own memory: the
 * limit then holds per process (looser across several processes) instead of the request hanging
 * or the limit vanishing.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly fallback = new Map<string, { windowEnds: number; count: number }>();
  private lastWarning = 0;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one hit on `key` in the current window of `windowSeconds`; returns the count so far. */
  async hit(key: string, windowSeconds: number): Promise<number> {
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const windowKey = `${key}:${window}`;
    const windowEnds = (window + 1) * windowSeconds * 1000;
    // Not connected (down, or reconnecting): no wait at all.
    if (this.redis.status !== 'ready') return this.hitInMemory(windowKey, windowEnds);
    try {
      const results = await withTimeout(
        this.redis
          .multi()
          .incr(windowKey)
          .expire(windowKey, windowSeconds * 2)
          .exec(),
        RATE_LIMIT_REDIS_TIMEOUT_MS,
        'rate limit',
      );
      const [err, count] = results?.[0] ?? [new Error('no answer'), 0];
      if (err) throw err;
      return Number(count);
    } catch {
      return this.hitInMemory(windowKey, windowEnds);
    }
  }

  private hitInMemory(windowKey: string, windowEnds: number): number {
    this.warn();
    const now = Date.now();
    const entry = this.fallback.get(windowKey);
    if (entry && entry.windowEnds > now) return ++entry.count;
    if (this.fallback.size >= FALLBACK_MAX_KEYS) {
      for (const [k, v] of this.fallback) if (v.windowEnds <= now) this.fallback.delete(k);
      if (this.fallback.size >= FALLBACK_MAX_KEYS) this.fallback.delete(this.fallback.keys().next().value!);
    }
    this.fallback.set(windowKey, { windowEnds, count: 1 });
    return 1;
  }

  /** One line a minute while Redis is away, not one per request. */
  private warn(): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn('Redis does not answer: rate limits are counted in this process meanwhile');
  }
}
