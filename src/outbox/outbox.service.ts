import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JOBS, type JobName, type JobPayloads } from '../queue/jobs.js';

/** The channel the relay LISTENs on; NOTIFY is transactional, so it fires on commit. */
export const OUTBOX_CHANNEL = 'outbox';

export interface OutboxAddOptions {
  /** When the job should run (a deadline). Default: now. */
  runAt?: Date;
}

/**
 * The only way to ask for follow-up work: a row in `outbox_events`, written in the caller's
 * transaction. The relay moves it to BullMQ once committed (job id = row id).
 */
@Injectable()
export class OutboxService {
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
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       VALUES ($1, $2, $3::jsonb, COALESCE($4::timestamptz, now()))
       RETURNING id`,
      [queue, name, JSON.stringify(payload), runAt?.toISOString() ?? null],
    );
    await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
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
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO outbox_events (queue, name, payload, run_at)
       SELECT $1, $2, p.payload, COALESCE($4::timestamptz, now())
       FROM unnest($3::jsonb[]) WITH ORDINALITY AS p(payload, n)
       ORDER BY p.n
       RETURNING id`,
      [queue, name, payloads.map((p) => JSON.stringify(p)), options.runAt?.toISOString() ?? null],
    );
    await em.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows.map((r) => r.id);
  }
}
