import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './job-registry.js';
import { QueueRegistry } from './queue-registry.js';
import { QueueStatsService } from './queue-stats.service.js';
import { DEFAULT_WORKER_TUNING, QueueWorkers, WORKER_TUNING } from './queue-workers.service.js';

/**
 * BullMQ queues, the job registry and the workers. Started and stopped by `OutboxRuntime`
 * (the workers only when APP_ROLE is `worker` or `all`).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    JobRegistry,
    QueueRegistry,
    QueueWorkers,
    QueueStatsService,
    // Tests shorten the lock and stall timings by overriding this provider.
    { provide: WORKER_TUNING, useValue: DEFAULT_WORKER_TUNING },
  ],
  exports: [JobRegistry, QueueRegistry, QueueWorkers, QueueStatsService],
})
export class QueueModule {}
