import type { EntityManager } from 'typeorm';

/**
 * The queues. A job names its queue in its `@Job` declaration; the relay adds it there and one
 * BullMQ worker per queue runs it.
 */
export enum QueueName {
  Workflow = 'workflow',
  Elections = 'elections',
  Meetings = 'meetings',
  Notifications = 'notifications',
  /** Bot API calls only, so the queue's limiter keeps them under Telegram's rate limit. */
  Telegram = 'telegram',
  System = 'system',
  /**
   * Jobs that render a PDF in Chromium (the signed copy). Its workers run PDF_MAX_PAGES jobs at
   * once, as many as the renderer prints: a job waiting for a page would hold its transaction and
   * a pool connection while the other queues' jobs need them.
   */
  Pdf = 'pdf',
}

/**
 * The payload of each job, by job name (JSON: strings, numbers, booleans, arrays and plain objects
 * only). Empty here: each `jobs/<name>.job.ts` adds its own entry beside its handler, so the
 * platform names no feature while `JobName` and `OutboxEvent` still cover every job:
 *
 *     declare module '../../outbox/jobs.js' {
 *       interface JobPayloads {
 *         'elections.tally': { electionId: string };
 *       }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobName = keyof JobPayloads;

/** One follow-up to write to the outbox: a job, its payload and, for a deadline, when it runs. */
export type OutboxEvent = {
  [N in JobName]: { name: N; payload: JobPayloads[N]; runAt?: Date };
}[JobName];

/** How BullMQ retries a failed job: `attempts` in all, waiting exponentially from `backoffMs`. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** The retry policy of every job today: 8 attempts over about four minutes. */
export const STANDARD_RETRY: RetryPolicy = { attempts: 8, backoffMs: 2000 };

/** What a handler gets besides its payload. */
export interface JobContext {
  /** The handler's transaction: the outbox event is marked processed in it, so the effect happens once. */
  em: EntityManager;
  /** The outbox event id (also the BullMQ job id). */
  eventId: string;
  /**
   * Work to do once the transaction has committed, for effects outside PostgreSQL that must
   * happen at most once (an e-mail). Its failure is logged; the job is not retried for it.
   */
  afterCommit(fn: () => Promise<void>): void;
}

/**
 * A job's handler: a provider class with `@Job(...)` and this method. It runs inside the job's
 * transaction (`ctx.em`), in which the outbox event is marked processed, so a redelivered job does
 * nothing; it must be idempotent in its own right too (re-read state; do nothing when done).
 */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayloads[N], ctx: JobContext): Promise<unknown>;
}
