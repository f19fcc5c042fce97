import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { QueueName } from '../queue/jobs.js';
import { DEFAULT_JOB_OPTIONS, QueueRegistry } from '../queue/queue-registry.js';
import { withTimeout } from '../common/timeouts.js';
import { OutboxRelay } from './outbox-relay.service.js';

/** Arbitrary constant: the advisory lock that lets one worker at a time sweep. */
const SWEEP_LOCK = 7_404_101;
const PAGE = 500;
/** A sweep looks at no more than this many overdue rows (the next sweep goes on). */
const MAX_PER_SWEEP = 5000;
const MAX_ATTEMPTS = DEFAULT_JOB_OPTIONS.attempts ?? 8;

interface PendingRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  run_at: string;
}

export interface SweepResult {
  swept: boolean;
  relayed: number;
  readded: number;
  retried: number;
}

/**
 * Every SWEEP_INTERVAL_SECONDS: relays what is unrelayed, and re-adds to BullMQ the relayed
 * rows that are overdue by a minute and still unprocessed, but that Redis no longer holds (a
 * flush, a lost delayed job) or has given up on (stalled too often). So every deadline fires
 * even when Redis lost it. Same job id as before: BullMQ ignores an id it still holds.
 */
@Injectable()
export class OutboxSweeper {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly relay: OutboxRelay,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((err: Error) => this.logger.warn(`sweep failed: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, this.config.SWEEP_INTERVAL_SECONDS * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async sweep(): Promise<SweepResult> {
    if (!this.queues.isConnected()) return { swept: false, relayed: 0, readded: 0, retried: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        SWEEP_LOCK,
      ])) as { locked: boolean }[];
      if (!locked) return { swept: false, relayed: 0, readded: 0, retried: 0 };
      try {
        const relayed = await this.relay.drain();
        const { readded, retried } = await this.requeueLost();
        if (readded || retried) this.logger.warn(`re-added ${readded} lost jobs, retried ${retried}`);
        return { swept: true, relayed, readded, retried };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async requeueLost(): Promise<{ readded: number; retried: number }> {
    let readded = 0;
    let retried = 0;
    let after: [string, string] | undefined;
    for (let seen = 0; seen < MAX_PER_SWEEP;) {
      const rows = await this.dataSource.query<PendingRow[]>(
        `SELECT id, queue, name, payload, run_at::text AS run_at
         FROM outbox_events
         WHERE processed_at IS NULL AND relayed_at IS NOT NULL
           AND run_at < now() - interval '1 minute' AND attempts < $1
           AND ($2::timestamptz IS NULL OR (run_at, id) > ($2::timestamptz, $3::uuid))
         ORDER BY outbox_events.run_at, outbox_events.id
         LIMIT ${PAGE}`,
        [MAX_ATTEMPTS, after?.[0] ?? null, after?.[1] ?? null],
      );
      if (rows.length === 0) break;
      seen += rows.length;
      after = [rows[rows.length - 1].run_at, rows[rows.length - 1].id];
      for (const row of rows) {
        const queue = this.queues.get(row.queue);
        const state = await withTimeout(queue.getJobState(row.id), 5000, 'sweeper: job state');
        if (state === 'unknown') {
          await withTimeout(
            queue.add(row.name, row.payload, { jobId: row.id }),
            5000,
            'sweeper: re-adding a job',
          );
          readded++;
        } else if (state === 'failed') {
          // Gave up (e.g. stalled too often) while attempts remain: try again.
          const job = await queue.getJob(row.id);
          await job?.retry('failed');
          retried++;
        }
      }
      if (rows.length < PAGE) break;
    }
    return { readded, retried };
  }
}
