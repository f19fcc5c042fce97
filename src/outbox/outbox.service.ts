import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JOBS, type JobName, type JobPayloads } from '../queue/jobs.js';
import { preparedQuery } from '../database/prepared-query.js';

/** The channel the relay LISTENs on; NOTIFY is transactional, so it fires on commit. */
export const OUTBOX_CHANNEL = 'outbox';

export interface OutboxAddOptions {
  /** When the job should run (a deadline). Default: now. */
  runAt?: Date;
}

/**
 * How often one process wakes the relay with NOTIFY at most. A NOTIFY serialises the commits of
 * every notifying transaction (PostgreSQL takes one database-wide lock until the commit is flushed),
 * so under load a NOTIFY per event costs the whole database its group commit. The relay also polls
 * (RELAY_POLL_MS), so an event written without a NOTIFY waits at most that long.
 */
export const NOTIFY_EVERY_MS = 200;

/**
 * The only way to ask for follow-up work: a row in `outbox_events`, written in the caller's
 * transaction. The relay moves it to BullMQ once committed (job id = row id).
 */
@Injectable()
export class OutboxService {
  private lastNotify = 0;

  /** NOTIFY the relay unless this process did so in the last NOTIFY_EVERY_MS (then its poll finds the rows). */
  private async wakeRelay(em: EntityManager): Promise<void> {
    const now = Date.now();
    if (now - this.lastNotify < NOTIFY_EVERY_MS) return;
    this.lastNotify = now;
    await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  async add<N extends JobName>(
    em: EntityManager,
    name: N,
    payload: JobPayloads[N],
    options: OutboxAddOptions = {},
  ): Promise<string> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must run inside a transaction (TransactionService.run)');
    }
    const queue = JOBS[name];
    if (!queue) throw new Error(`Unknown job ${String(name)}: add it to src/queue/jobs.ts`);
    const runAt = options.runAt;
    if (runAt !== undefined && Number.isNaN(runAt.getTime())) throw new Error('runAt is not a valid date');
    const rows = await preparedQuery<{ id: string }>(
      em,
      'outbox_add',
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       VALUES ($1, $2, $3::jsonb, COALESCE($4::timestamptz, now()))
       RETURNING id`,
      [queue, name, JSON.stringify(payload), runAt?.toISOString() ?? null],
    );
    await this.wakeRelay(em);
    return rows[0].id;
  }

  /** Many events of one job in one statement (e.g. an e-mail per recipient); returns their ids in order. */
  async addMany<N extends JobName>(
    em: EntityManager,
    name: N,
    payloads: JobPayloads[N][],
    options: OutboxAddOptions = {},
  ): Promise<string[]> {
    if (payloads.length === 0) return [];
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.addMany must run inside a transaction (TransactionService.run)');
    }
    const queue = JOBS[name];
    if (!queue) throw new Error(`Unknown job ${String(name)}: add it to src/queue/jobs.ts`);
    const rows = await preparedQuery<{ id: string }>(
      em,
      'outbox_add_many',
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       SELECT $1, $2, p.payload, COALESCE($4::timestamptz, now())
       FROM unnest($3::jsonb[]) WITH ORDINALITY AS p(payload, n)
       ORDER BY p.n
       RETURNING id`,
      [queue, name, payloads.map((p) => JSON.stringify(p)), options.runAt?.toISOString() ?? null],
    );
    await this.wakeRelay(em);
    return rows.map((r) => r.id);
  }

  /** Events of any jobs, each with its own runAt, in one statement; returns their ids in order. */
  async addEvents(
    em: EntityManager,
    events: { [N in JobName]: { name: N; payload: JobPayloads[N]; runAt?: Date } }[JobName][],
  ): Promise<string[]> {
    if (events.length === 0) return [];
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.addEvents must run inside a transaction (TransactionService.run)');
    }
    for (const e of events) {
      if (!JOBS[e.name]) throw new Error(`Unknown job ${String(e.name)}: add it to src/queue/jobs.ts`);
      if (e.runAt !== undefined && Number.isNaN(e.runAt.getTime()))
        throw new Error('runAt is not a valid date');
    }
    const rows = await preparedQuery<{ id: string }>(
      em,
      'outbox_add_events',
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       SELECT e.queue, e.name, e.payload, COALESCE(e.run_at, now())
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) WITH ORDINALITY AS e(queue, name, payload, run_at, n)
       ORDER BY e.n
       RETURNING id`,
      [
        events.map((e) => JOBS[e.name]),
        events.map((e) => e.name),
        events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => e.runAt?.toISOString() ?? null),
      ],
    );
    await this.wakeRelay(em);
    return rows.map((r) => r.id);
  }
}
