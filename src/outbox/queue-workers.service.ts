import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { TransactionService } from '../database/transaction.service.js';
import { claimEvent, recordEventFailure } from './outbox-events.js';
import { JobRegistry } from './job-registry.js';
import { type JobContext, QueueName } from './jobs.js';
import { createRedis } from '../redis/redis.module.js';
import { settleWithin } from '../common/timeouts.js';
import { closeRedis } from '../redis/close-redis.js';

/** Lock and stall timings of the workers (BullMQ's defaults; tests shorten them). */
export interface WorkerTuning {
  lockDuration: number;
  stalledInterval: number;
  /** How long a graceful close waits for jobs in flight before it stops waiting. */
  closeTimeoutMs: number;
}
export const WORKER_TUNING = Symbol('WORKER_TUNING');
export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  lockDuration: 30_000,
  stalledInterval: 30_000,
  closeTimeoutMs: 25_000,
};

/**
 * One BullMQ worker per queue that has jobs. Each job runs in ONE transaction that first marks
 * its outbox event processed (`claimEvent`) and then calls the handler: a job delivered twice
 * (worker killed after commit but before the ack, relay re-adding after a crash) has its effect once.
 */
@Injectable()
export class QueueWorkers {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: { worker: Worker; connection: Redis; running: Set<Promise<void>> }[] = [];
  private readonly tuning: WorkerTuning;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly tx: TransactionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WORKER_TUNING) tuning: Partial<WorkerTuning>,
  ) {
    this.tuning = { ...DEFAULT_WORKER_TUNING, ...tuning };
  }

  start(): void {
    if (this.workers.length) return;
    for (const name of this.registry.activeQueues()) {
      const connection = createRedis(this.config.REDIS_URL, `mwf-worker-${name}`);
      connection.on('error', () => undefined);
      const running = new Set<Promise<void>>();
      const worker = new Worker(name, (job: Job) => track(running, this.process(job)), {
        connection,
        prefix: this.config.QUEUE_PREFIX,
        concurrency: name === QueueName.Pdf ? this.config.PDF_MAX_PAGES : this.config.WORKER_CONCURRENCY,
        lockDuration: this.tuning.lockDuration,
        stalledInterval: this.tuning.stalledInterval,
        // The Bot API allows about 30 messages a second per bot: BullMQ's limiter holds every
        // worker of this queue, in every process, under TELEGRAM_RATE_PER_SECOND.
        ...(name === QueueName.Telegram
          ? { limiter: { max: this.config.TELEGRAM_RATE_PER_SECOND, duration: 1000 } }
          : {}),
      });
      worker.on('error', (err: Error) => this.logger.warn(`worker ${name}: ${err.message}`));
      worker.on('failed', (job: Job | undefined, err: Error) =>
        this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
      );
      this.workers.push({ worker, connection, running });
    }
  }

  /** Runs one delivery of a job. Public so tests can deliver a job twice. */
  async process(job: Pick<Job, 'id' | 'name'>): Promise<void> {
    const eventId = job.id;
    if (!eventId) throw new UnrecoverableError('job without id');
    const afterCommit: (() => Promise<void>)[] = [];
    try {
      await this.tx.run(async (em) => {
        afterCommit.length = 0; // a retried transaction starts over
        const event = await claimEvent(em, eventId);
        if (!event) return; // already processed: a duplicate delivery
        const handler = this.registry.handler(event.name);
        if (!handler) throw new UnrecoverableError(`no handler for job ${event.name}`);
        const ctx: JobContext = { em, eventId, afterCommit: (fn) => void afterCommit.push(fn) };
        await handler(event.payload, ctx);
      });
    } catch (err) {
      await recordEventFailure(this.dataSource, eventId, err).catch((e: Error) =>
        this.logger.warn(`could not record the failure of ${eventId}: ${e.message}`),
      );
      throw err;
    }
    for (const fn of afterCommit) {
      // The effect is committed: a failure here must not retry the job.
      await fn().catch((err: Error) => this.logger.error(`after-commit step of ${eventId}: ${err.message}`));
    }
  }

  /**
   * Graceful: takes no new job, waits (up to closeTimeoutMs) for the jobs in flight, then closes.
   * The waiting is ours, and BullMQ's close is its forced one: its graceful close first waits for
   * the end of the worker's blocking connection, which never comes once Redis has been away and
   * back (the close then hung for its whole timeout, and the worker's lock timer ran on for good).
   */
  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(
      all.map(async ({ worker, connection, running }) => {
        await worker.pause(true);
        await settleWithin(finished(running), this.tuning.closeTimeoutMs);
        await settleWithin(worker.close(true), 2000);
        await closeRedis(connection);
      }),
    );
  }

  /** Stops taking jobs at once without waiting for those in flight (tests simulate a crash with it). */
  async abort(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(
      all.map(async ({ worker, connection }) => {
        await settleWithin(worker.close(true), 2000);
        connection.disconnect();
      }),
    );
  }
}

/** Keeps `job` in `running` until it settles. */
function track(running: Set<Promise<void>>, job: Promise<void>): Promise<void> {
  running.add(job);
  return job.finally(() => running.delete(job));
}

/** Settles once no job is left in `running` (a job that starts meanwhile is waited for too). */
async function finished(running: Set<Promise<void>>): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}
