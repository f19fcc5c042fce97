import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { QueueName } from '../queue/jobs.js';
import { QueueRegistry } from '../queue/queue-registry.js';
import { withTimeout } from '../common/timeouts.js';
import { OUTBOX_CHANNEL } from './outbox.service.js';

export const RELAY_BATCH = 500;
/** The relay's poll: the longest an event written without a NOTIFY (see NOTIFY_EVERY_MS) waits. */
export const RELAY_POLL_MS = 100;
const RECONNECT_MS = 1000;
/** How long one batch waits for Redis before giving up; the rows stay unrelayed and are retried. */
const REDIS_TIMEOUT_MS = 5000;

interface UnrelayedRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  delay_ms: string;
}

/**
 * Moves committed outbox rows to BullMQ. Woken by `NOTIFY outbox` (on a dedicated connection)
 * and by a short poll. A batch locks its rows (SKIP LOCKED, so several workers share the work),
 * adds them with job id = row id, and marks them relayed in the same transaction, which commits
 * only after Redis accepted the jobs. With Redis down the batch rolls back and is retried.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: pg.Client;
  private pollTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopped = true;
  private lastFailure = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listen();
    this.pollTimer = setInterval(() => this.wake(), RELAY_POLL_MS);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await listener.end().catch(() => undefined);
    await this.running;
  }

  /** Runs a relay pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Relays until nothing is left (or Redis fails). Also used by the sweeper. */
  async drain(): Promise<number> {
    let total = 0;
    // Redis is away: leave the rows unrelayed (the API keeps writing them) and try on the next poll.
    if (!this.queues.isConnected()) return 0;
    try {
      for (;;) {
        const n = await this.relayBatch();
        total += n;
        if (n < RELAY_BATCH || this.stopped) break;
      }
    } catch (err) {
      // Redis (or PostgreSQL) is away: the rows stay unrelayed; the poll tries again.
      if (Date.now() - this.lastFailure > 30_000) {
        this.logger.warn(`outbox relay failed, will retry: ${(err as Error).message}`);
      }
      this.lastFailure = Date.now();
    }
    return total;
  }

  /** One batch; returns how many rows it relayed. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = await em.query<UnrelayedRow[]>(
        `SELECT id, queue, name, payload,
                GREATEST(0, floor(extract(epoch FROM run_at - now()) * 1000))::bigint AS delay_ms
         FROM outbox_events
         WHERE relayed_at IS NULL
         ORDER BY created_at
         LIMIT ${RELAY_BATCH}
         FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, UnrelayedRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      await withTimeout(
        Promise.all(
          [...byQueue].map(([queue, list]) =>
            this.queues.get(queue).addBulk(
              list.map((row) => ({
                name: row.name,
                data: row.payload,
                opts: { jobId: row.id, delay: Number(row.delay_ms) },
              })),
            ),
          ),
        ),
        REDIS_TIMEOUT_MS,
        'outbox relay: adding jobs to Redis',
      );
      await em.query(`UPDATE outbox_events SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'ministry-workflow-relay',
    });
    const retry = () => {
      if (this.listener === client) this.listener = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('error', retry);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch {
      retry();
    }
  }
}
