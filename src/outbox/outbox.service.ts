import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobRegistry } from './job-registry.js';
import type { JobName, JobPayloads, OutboxEvent } from './jobs.js';
import { preparedQuery } from '../database/prepared-query.js';

/** The channel the relay LISTENs on; NOTIFY is transactional, so it fires on commit. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * How often one process wakes the relay with NOTIFY at most. A NOTIFY serialises the commits of
 * every notifying transaction (PostgreSQL takes one database-wide lock until the commit is flushed),
 * so under load a NOTIFY per event costs the whole database its group commit. The relay also polls
 * (RELAY_POLL_MS), so an event written without a NOTIFY waits at most that long.
 */
export const NOTIFY_EVERY_MS = 200;

/**
 * The only way to ask for follow-up work: `add(em, event)` or `add(em, [events])` writes rows in
 * `outbox_events` in the caller's transaction, in one statement. The relay moves them to BullMQ
 * once committed (job id = row id).
 */
@Injectable()
export class OutboxService {
  private lastNotify = 0;

  constructor(private readonly jobs: JobRegistry) {}

  /** Adds one event; returns its id. */
  add(em: EntityManager, event: OutboxEvent): Promise<string>;
  /** Adds several events (any jobs, each with its own runAt); returns their ids in order. */
  add(em: EntityManager, events: readonly OutboxEvent[]): Promise<string[]>;
  async add(em: EntityManager, events: OutboxEvent | readonly OutboxEvent[]): Promise<string | string[]> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must run inside a transaction (TransactionService.run)');
    }
    const list: readonly OutboxEvent[] = Array.isArray(events) ? events : [events as OutboxEvent];
    const queues = list.map((e) => {
      if (e.runAt !== undefined && Number.isNaN(e.runAt.getTime()))
        throw new Error('runAt is not a valid date');
      return this.jobs.definition(e.name).queue;
    });
    if (list.length === 0) return [];
    const ids =
      list.length === 1 && !Array.isArray(events)
        ? await this.insertOne(em, queues[0], list[0])
        : await this.insertMany(em, queues, list);
    await this.wakeRelay(em);
    return Array.isArray(events) ? ids : ids[0];
  }

  /**
   * Whether an event of job `name` waits to be processed, one whose payload holds `payload`'s fields
   * when given (a scheduled job that schedules its next run asks so before adding it).
   */
  async isPending<N extends JobName>(
    em: EntityManager,
    name: N,
    payload?: Partial<JobPayloads[N]>,
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM outbox_events
        WHERE name = $1 AND processed_at IS NULL AND ($2::jsonb IS NULL OR payload @> $2::jsonb)
        LIMIT 1`,
      [name, payload ? JSON.stringify(payload) : null],
    );
    return rows.length > 0;
  }

  /** The common case, one event, as a plain single-row INSERT. */
  private async insertOne(em: EntityManager, queue: string, e: OutboxEvent): Promise<string[]> {
    const rows = await preparedQuery<{ id: string }>(
      em,
      'outbox_add',
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       VALUES ($1, $2, $3::jsonb, COALESCE($4::timestamptz, now()))
       RETURNING id`,
      [queue, e.name, JSON.stringify(e.payload), e.runAt?.toISOString() ?? null],
    );
    return [rows[0].id];
  }

  private async insertMany(
    em: EntityManager,
    queues: string[],
    list: readonly OutboxEvent[],
  ): Promise<string[]> {
    const rows = await preparedQuery<{ id: string }>(
      em,
      'outbox_add_events',
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       SELECT e.queue, e.name, e.payload, COALESCE(e.run_at, now())
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) WITH ORDINALITY AS e(queue, name, payload, run_at, n)
       ORDER BY e.n
       RETURNING id`,
      [
        queues,
        list.map((e) => e.name),
        list.map((e) => JSON.stringify(e.payload)),
        list.map((e) => e.runAt?.toISOString() ?? null),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** NOTIFY the relay unless this process did so in the last NOTIFY_EVERY_MS (then its poll finds the rows). */
  private async wakeRelay(em: EntityManager): Promise<void> {
    const now = Date.now();
    if (now - this.lastNotify < NOTIFY_EVERY_MS) return;
    this.lastNotify = now;
    await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}
