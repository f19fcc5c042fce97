import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './job-registry.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxRuntime } from './outbox-runtime.service.js';
import { OutboxService } from './outbox.service.js';
import { OutboxSweeper } from './outbox-sweeper.service.js';
import { QueueRegistry } from './queue-registry.js';
import { QueueStatsService } from './queue-stats.service.js';
import { DEFAULT_WORKER_TUNING, QueueWorkers, WORKER_TUNING } from './queue-workers.service.js';

/**
 * Follow-up work, end to end: `OutboxService.add` for everyone (a row in the caller's transaction);
 * the job registry (every `@Job` class of every module, checked at start-up); the BullMQ queues;
 * and, in worker processes, the relay, the sweeper and the workers, started and stopped by
 * `OutboxRuntime` (APP_ROLE `worker` or `all`).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    OutboxService,
    JobRegistry,
    QueueRegistry,
    QueueWorkers,
    QueueStatsService,
    OutboxRelay,
    OutboxSweeper,
    OutboxRuntime,
    // Tests shorten the lock and stall timings by overriding this provider.
    { provide: WORKER_TUNING, useValue: DEFAULT_WORKER_TUNING },
  ],
  exports: [
    OutboxService,
    JobRegistry,
    QueueRegistry,
    QueueWorkers,
    QueueStatsService,
    OutboxRelay,
    OutboxSweeper,
  ],
})
export class OutboxModule {}
