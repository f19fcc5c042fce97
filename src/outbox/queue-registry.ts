import { Injectable, Logger } from '@nestjs/common';
import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { QueueName, STANDARD_RETRY } from './jobs.js';
import { createRedis } from '../redis/redis.module.js';
import { settleWithin } from '../common/timeouts.js';
import { closeRedis } from '../redis/close-redis.js';

/**
 * Retention of every job, set once here (STYLE.md §7). Retries come from each job's `@Job` retry
 * policy (the relay and the sweeper pass them on every add); the standard one is the fallback.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: STANDARD_RETRY.attempts,
  backoff: { type: 'exponential', delay: STANDARD_RETRY.backoffMs },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * One BullMQ `Queue` per `QueueName`, all under `QUEUE_PREFIX`, sharing one Redis connection.
 * The outbox relay and the sweeper are their only producers; the dashboard and the metrics
 * read them through `queues()`.
 */
@Injectable()
export class QueueRegistry {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly connection: Redis;
  private readonly byName = new Map<QueueName, Queue>();
  private closing?: Promise<void>;

  constructor(private readonly config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, 'mwf-queues');
    // Without a listener ioredis logs every failed reconnect; the relay reports Redis outages.
    this.connection.on('error', () => undefined);
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', (err: Error) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.byName.set(name, queue);
    }
  }

  get(name: QueueName): Queue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  }

  /**
   * Whether the queues' Redis connection is up. While it is not, producers skip their turn
   * instead of piling commands into the client's offline queue.
   */
  isConnected(): boolean {
    return this.connection.status === 'ready';
  }

  /** Every queue (for the dashboard and the metrics). */
  queues(): Queue[] {
    return [...this.byName.values()];
  }

  /** Closes the queues and their connection; called once by the runtime at shutdown. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.queues().map((q) => settleWithin(q.close(), 3000)));
      await closeRedis(this.connection);
    })();
    return this.closing;
  }
}
