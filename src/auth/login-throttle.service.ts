import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { tooMany } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../queue/redis.module.js';

/** Failed logins allowed per client IP in a window (password spraying over many usernames). */
export const LOGIN_FAILURES_PER_IP = 30;
/** Failed logins allowed per username in a window, from any IP (also covers unknown usernames). */
export const LOGIN_FAILURES_PER_USERNAME = 10;
export const LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60;
/** Redis must answer fast; if it does not, login goes on without the throttle (the lockout still holds). */
const REDIS_TIMEOUT_MS = 500;

/**
 * Login rate limit on Redis, shared by every API process: fixed-window counters of FAILED attempts
 * per IP and per username. Only failures count, so a whole office behind one NAT address logging in
 * at 8 a.m. is never throttled, while guessing is. Keys carry QUEUE_PREFIX (one deployment, or one
 * test app, per prefix).
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** 429 TOO_MANY_REQUESTS when this IP or this username has failed too often lately. */
  async check(ip: string, username: string): Promise<void> {
    const counts = await this.guard(this.redis.mget(this.ipKey(ip), this.userKey(username)));
    if (!counts) return;
    const [byIp, byUser] = counts.map((c) => Number(c ?? 0));
    if (byIp >= LOGIN_FAILURES_PER_IP || byUser >= LOGIN_FAILURES_PER_USERNAME) {
      throw tooMany('TOO_MANY_REQUESTS', 'Too many failed logins; try again later');
    }
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const ttl = LOGIN_THROTTLE_WINDOW_SECONDS;
    await this.guard(
      this.redis
        .multi()
        .incr(this.ipKey(ip))
        .expire(this.ipKey(ip), ttl, 'NX')
        .incr(this.userKey(username))
        .expire(this.userKey(username), ttl, 'NX')
        .exec(),
    );
  }

  /** A successful login forgets the username's failures (the IP's stay). */
  async recordSuccess(username: string): Promise<void> {
    await this.guard(this.redis.del(this.userKey(username)));
  }

  private ipKey(ip: string): string {
    return `${this.config.QUEUE_PREFIX}:login-fail:ip:${ip}`;
  }

  private userKey(username: string): string {
    const digest = createHash('sha256').update(username).digest('hex').slice(0, 32);
    return `${this.config.QUEUE_PREFIX}:login-fail:user:${digest}`;
  }

  private async guard<T>(op: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis timeout')), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.logger.warn(`login throttle unavailable: ${(err as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
