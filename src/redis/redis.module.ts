import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { RateLimiter } from './rate-limiter.js';
import { REDIS } from './redis-token.js';

export { REDIS };

/**
 * How long a command on the shared connection may wait for its answer (queued while Redis is
 * down included): requests use that connection, and none may hang on Redis (#14.12).
 */
export const SHARED_REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * Opens Redis connections from REDIS_URL with BullMQ's required options. `commandTimeout` only for
 * connections that never run BullMQ's blocking commands.
 */
export function createRedis(url: string, name: string, commandTimeout?: number): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: name,
    lazyConnect: false,
    commandTimeout,
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * One shared general-purpose Redis connection (health checks, rate-limit counters), whose commands
 * time out, and the rate limiter on it.
 */
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        createRedis(config.REDIS_URL, 'mwf-shared', SHARED_REDIS_COMMAND_TIMEOUT_MS),
    },
    RedisCloser,
    RateLimiter,
  ],
  exports: [REDIS, RateLimiter],
})
export class RedisModule {}
