import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/errors/domain-error.js';
import { withTimeout } from '../common/timeouts.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

/** A pair's attempts are forgotten this long after its last counted one. */
export const LOGIN_ATTEMPTS_MEMORY_MS = 24 * 60 * 60 * 1000;
/** Redis must answer fast; if it does not, this process counts on its own (see `local`)... */
const REDIS_TIMEOUT_MS = 500;
/** ...and does not ask Redis again for this long (no 500 ms wait on every login of an outage). */
const REDIS_RETRY_AFTER_MS = 5000;
/** At most this many pairs in the in-process fallback (the oldest are forgotten first). */
const LOCAL_MAX_PAIRS = 10_000;

/**
 * One login attempt of a (username, client address) pair, atomically: when the pair is waiting,
 * the milliseconds left (and nothing is counted); otherwise the attempt is counted, the pair is made
 * to wait when it has used its free attempts, and 0 (go ahead). Time is Redis's own clock, so all
 * API processes agree. KEYS[1] the pair; ARGV: free attempts, longest wait (ms), memory (ms).
 */
const ATTEMPT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local waitUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if waitUntil > now then return waitUntil - now end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local free = tonumber(ARGV[1])
if attempts >= free then
  redis.call('HSET', KEYS[1], 'until', now + math.min(1000 * 2 ^ (attempts - free), tonumber(ARGV[2])))
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0`;

/**
 * A failed attempt of the pair: its wait (when it has one) runs from now, the end of the password
 * check, rather than from the start of the attempt. Same KEYS and ARGV as ATTEMPT_SCRIPT.
 */
const FAILED_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
local free = tonumber(ARGV[1])
if attempts >= free then
  redis.call('HSET', KEYS[1], 'until', now + math.min(1000 * 2 ^ (attempts - free), tonumber(ARGV[2])))
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 0`;

/** How long a pair waits after its `attempts`-th counted attempt (the same rule as ATTEMPT_SCRIPT). */
export function waitAfter(attempts: number, free: number, longestMs: number): number {
  return attempts < free ? 0 : Math.min(1000 * 2 ** (attempts - free), longestMs);
}

/**
 * Login throttle per (username, client address) pair, with exponential backoff, shared by every API
 * process through Redis. Each attempt is counted BEFORE the password is checked (so a burst of
 * parallel guesses cannot slip past) and a success forgets the pair. After LOGIN_MAX_FAILURES
 * attempts without a success the pair waits 1 s, then 2 s, 4 s... at most LOGIN_LOCK_MINUTES (from
 * the end of the failed attempt; from its start already, for attempts running beside it), and
 * an attempt while it waits is refused at once (429, `details.retryAfterSeconds`) without checking
 * the password or counting. The key is the username as typed (lower-cased), so an unknown username
 * is throttled exactly like a known one; the owner, from another address, is never slowed down by an
 * attacker's failures; a whole office behind one address is slowed only for the username it fails
 * on. If Redis does not answer within 500 ms, this process throttles alone, in memory, by the same
 * rule (several processes then each allow the free attempts), and tries Redis again 5 s later.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);
  /** The fallback while Redis is away: pair key -> attempts, wait-until and forget-at (ms). */
  private readonly local = new Map<string, { attempts: number; until: number; forgetAt: number }>();
  /** Until when (ms) Redis is taken as away after it failed to answer. */
  private redisAwayUntil = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Counts an attempt of this pair, or refuses it (429 TOO_MANY_REQUESTS) while the pair waits. */
  async attempt(username: string, ip: string): Promise<void> {
    const key = this.pairKey(username, ip);
    const free = this.config.LOGIN_MAX_FAILURES;
    const longest = this.config.LOGIN_LOCK_MINUTES * 60_000;
    const shared = await this.inRedis(
      () =>
        this.redis.eval(ATTEMPT_SCRIPT, 1, key, free, longest, LOGIN_ATTEMPTS_MEMORY_MS) as Promise<number>,
    );
    const waitMs = shared ?? this.attemptLocally(key, free, longest);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        HttpStatus.TOO_MANY_REQUESTS,
        'Too many failed logins for this username from this address; try again later',
        { retryAfterSeconds },
      );
    }
  }

  /** A wrong password (or an unknown username): the pair's wait, if any, starts now. */
  async failed(username: string, ip: string): Promise<void> {
    const key = this.pairKey(username, ip);
    const free = this.config.LOGIN_MAX_FAILURES;
    const longest = this.config.LOGIN_LOCK_MINUTES * 60_000;
    const pair = this.local.get(key);
    if (pair) pair.until = Date.now() + waitAfter(pair.attempts, free, longest);
    await this.inRedis(() => this.redis.eval(FAILED_SCRIPT, 1, key, free, longest, LOGIN_ATTEMPTS_MEMORY_MS));
  }

  /** A right password: the pair starts over. */
  async succeeded(username: string, ip: string): Promise<void> {
    const key = this.pairKey(username, ip);
    this.local.delete(key);
    await this.inRedis(() => this.redis.del(key));
  }

  private attemptLocally(key: string, free: number, longest: number): number {
    const now = Date.now();
    let pair = this.local.get(key);
    if (pair && pair.forgetAt <= now) pair = undefined;
    if (pair && pair.until > now) return pair.until - now;
    const attempts = (pair?.attempts ?? 0) + 1;
    this.local.delete(key);
    if (this.local.size >= LOCAL_MAX_PAIRS) this.local.delete(this.local.keys().next().value as string);
    this.local.set(key, {
      attempts,
      until: now + waitAfter(attempts, free, longest),
      forgetAt: now + LOGIN_ATTEMPTS_MEMORY_MS,
    });
    return 0;
  }

  private pairKey(username: string, ip: string): string {
    const digest = createHash('sha256').update(`${username}\n${ip}`).digest('hex').slice(0, 32);
    return `${this.config.QUEUE_PREFIX}:login-attempts:${digest}`;
  }

  /** The operation's result, or undefined when Redis fails or does not answer in time. */
  private async inRedis<T>(op: () => Promise<T>): Promise<T | undefined> {
    if (Date.now() < this.redisAwayUntil) return undefined;
    try {
      return await withTimeout(op(), REDIS_TIMEOUT_MS, 'Redis');
    } catch (err) {
      this.redisAwayUntil = Date.now() + REDIS_RETRY_AFTER_MS;
      this.logger.warn(
        `login throttle: Redis unavailable, counting in this process: ${(err as Error).message}`,
      );
      return undefined;
    }
  }
}
