import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueMetrics } from './queue-metrics.js';
import { OutboxModule } from '../outbox/outbox.module.js';

/** Prometheus metrics of the process (API and worker alike); `MetricsService.registry` takes more. */
@Module({
  imports: [OutboxModule],
  controllers: [MetricsController],
  providers: [MetricsService, QueueMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
