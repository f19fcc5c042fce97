import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueRegistry } from './queue-registry.js';
import { withTimeout } from '../common/timeouts.js';

export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface QueueStatsSnapshot {
  /** Counts per queue; empty when Redis did not answer. */
  queues: QueueCounts[];
  redisUp: boolean;
  outbox: {
    /** Rows not yet moved to Redis, and the age in seconds of the oldest (0 when none). */
    unrelayed: number;
    oldestUnrelayedSeconds: number;
    /** Rows due (run_at passed) but not processed, and the age in seconds of the most overdue. */
    pendingDue: number;
    oldestPendingDueSeconds: number;
    /** Rows that used up their attempts without succeeding. */
    dead: number;
  };
}

/** Queue depth and outbox lag, for /metrics and the dashboard. */
@Injectable()
export class QueueStatsService {
  constructor(
    private readonly queues: QueueRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async snapshot(): Promise<QueueStatsSnapshot> {
    const [counts, outbox] = await Promise.all([this.queueCounts(), this.outboxLag()]);
    return { queues: counts ?? [], redisUp: counts !== undefined, outbox };
  }

  private async queueCounts(): Promise<QueueCounts[] | undefined> {
    try {
      return await withTimeout(
        Promise.all(
          this.queues.queues().map(async (q) => {
            const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
            return {
              name: q.name,
              waiting: c.waiting ?? 0,
              active: c.active ?? 0,
              delayed: c.delayed ?? 0,
              failed: c.failed ?? 0,
            };
          }),
        ),
        2000,
        'queue counts',
      );
    } catch {
      return undefined;
    }
  }

  private async outboxLag(): Promise<QueueStatsSnapshot['outbox']> {
    const [row] = await this.dataSource.query<
      {
        unrelayed: number;
        oldest_unrelayed: number;
        pending_due: number;
        oldest_pending_due: number;
        dead: number;
      }[]
    >(
      `SELECT
         (SELECT count(*) FROM outbox_events WHERE relayed_at IS NULL)::int AS unrelayed,
         COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM outbox_events
                   WHERE relayed_at IS NULL), 0)::float8 AS oldest_unrelayed,
         (SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND run_at <= now())::int AS pending_due,
         COALESCE((SELECT extract(epoch FROM now() - min(run_at)) FROM outbox_events
                   WHERE processed_at IS NULL AND run_at <= now()), 0)::float8 AS oldest_pending_due,
         (SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND attempts >= 8)::int AS dead`,
    );
    return {
      unrelayed: row.unrelayed,
      oldestUnrelayedSeconds: Math.max(0, row.oldest_unrelayed),
      pendingDue: row.pending_due,
      oldestPendingDueSeconds: Math.max(0, row.oldest_pending_due),
      dead: row.dead,
    };
  }
}
