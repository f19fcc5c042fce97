import { Injectable, Optional } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QueueStatsService, type QueueStatsSnapshot } from '../outbox/queue-stats.service.js';
import { MetricsService } from './metrics.service.js';

/** One snapshot serves every gauge of one scrape (prom-client collects the gauges in parallel). */
const SNAPSHOT_TTL_MS = 1000;

/**
 * Queue depth per queue and state, and outbox lag, read from `QueueStatsService` when Prometheus
 * scrapes (nothing runs between scrapes).
 */
@Injectable()
export class QueueMetrics {
  private cached?: { at: number; snapshot: Promise<QueueStatsSnapshot> };

  constructor(
    metrics: MetricsService,
    @Optional() private readonly stats?: QueueStatsService,
  ) {
    if (!stats) return;
    const registers = [metrics.registry];
    const snapshot = () => this.snapshot();
    new Gauge({
      name: 'mwf_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const s = await snapshot();
        this.reset();
        for (const q of s.queues) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
            this.set({ queue: q.name, state }, q[state]);
          }
        }
      },
    });
    const gauge = (name: string, help: string, read: (s: QueueStatsSnapshot) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(read(await snapshot()));
        },
      });
    gauge('mwf_queue_redis_up', '1 when the queues answered, 0 when Redis did not', (s) =>
      s.redisUp ? 1 : 0,
    );
    gauge('mwf_outbox_unrelayed', 'Outbox rows not yet moved to the queue', (s) => s.outbox.unrelayed);
    gauge(
      'mwf_outbox_oldest_unrelayed_seconds',
      'Age of the oldest outbox row not yet moved to the queue',
      (s) => s.outbox.oldestUnrelayedSeconds,
    );
    gauge('mwf_outbox_pending_due', 'Outbox rows due but not processed', (s) => s.outbox.pendingDue);
    gauge(
      'mwf_outbox_oldest_pending_due_seconds',
      'How long the most overdue unprocessed outbox row has waited',
      (s) => s.outbox.oldestPendingDueSeconds,
    );
    gauge('mwf_outbox_dead', 'Outbox rows that used up their attempts', (s) => s.outbox.dead);
  }

  private snapshot(): Promise<QueueStatsSnapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > SNAPSHOT_TTL_MS) {
      this.cached = { at: now, snapshot: this.stats!.snapshot() };
    }
    return this.cached.snapshot;
  }
}
