import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { TransactionService } from '../../database/transaction.service.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { NotificationsService } from '../notifications.service.js';
import { WaitingWork } from '../waiting-work.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** The approvers' daily digest of waiting tasks for the local day `day`; schedules the next. */
    'notifications.digest': { day: string };
  }
}

const SCHEDULE_LOCK = 0x6469_6765; // "dige"
const LIST_MAX = 10;

/** The local day (YYYY-MM-DD) at `offsetMinutes` east of UTC. */
export function localDay(now: Date, offsetMinutes: number): string {
  return new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** When the digest of local day `day` runs: `hour`:00 local time. */
export function digestTime(day: string, hour: number, offsetMinutes: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (hour * 60 - offsetMinutes) * 60_000);
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The approvers' daily digest: at DIGEST_HOUR local time, every user who chose it and has tasks
 * waiting (as the approvals module tells, `WaitingWork`) gets one notification (template `approval.digest`, linking to the inbox) through their
 * channels, instead of an e-mail / Telegram message per task (those are skipped for them, see
 * `deliveryOf`). Once per user per day: the notification's event key names the day. One job per
 * day, each scheduling the next; a worker starting makes sure one is pending.
 */
@Job({ name: 'notifications.digest', queue: QueueName.Notifications, retry: STANDARD_RETRY })
export class DigestJob implements JobHandler<'notifications.digest'>, OnApplicationBootstrap {
  private readonly logger = new Logger(DigestJob.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly waitingWork: WaitingWork,
  ) {}

  /** The digest of `day` for everyone who chose it. Returns how many users it was made for. */
  async runDigest(em: EntityManager, day: string): Promise<number> {
    const chosen = await em.query<{ user_id: string }[]>(
      `SELECT user_id FROM notification_preferences WHERE daily_digest`,
    );
    const items = await this.waitingWork.of(
      em,
      chosen.map((c) => c.user_id),
    );
    const byUser = new Map<string, string[]>();
    for (const item of items) {
      const list = byUser.get(item.userId) ?? [];
      list.push(item.referenceNumber ? `${item.referenceNumber} — ${item.title}` : item.title);
      byUser.set(item.userId, list);
    }
    await this.notifications.createNow(
      em,
      [...byUser].map(([userId, titles]) => ({
        userIds: [userId],
        template: 'approval.digest' as const,
        params: {
          count: titles.length,
          list:
            titles
              .slice(0, LIST_MAX)
              .map((x) => `• ${x}`)
              .join('\n') + (titles.length > LIST_MAX ? '\n…' : ''),
        },
        link: '/inbox',
        eventKey: `digest:${day}`,
      })),
    );
    return byUser.size;
  }

  async handle(payload: JobPayloads['notifications.digest'], ctx: JobContext): Promise<void> {
    const users = await this.runDigest(ctx.em, payload.day);
    this.logger.log(`daily digest ${payload.day}: ${users} users`);
    await this.schedule(ctx.em, nextDay(payload.day));
  }

  /** Schedules the digest of `day` unless one is pending for it or nobody chose the digest. */
  private async schedule(em: EntityManager, day: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SCHEDULE_LOCK]);
    const wanted = await em.query<unknown[]>(
      `SELECT 1 FROM notification_preferences WHERE daily_digest LIMIT 1`,
    );
    if (!wanted.length) return;
    if (await this.outbox.isPending(em, 'notifications.digest', { day })) return;
    const runAt = digestTime(day, this.config.DIGEST_HOUR, this.config.DIGEST_UTC_OFFSET_MINUTES);
    await this.outbox.add(em, { name: 'notifications.digest', payload: { day }, runAt });
  }

  /**
   * The next digest (today's if its hour is still ahead, else tomorrow's) is pending: when a worker
   * starts and when a user chooses the digest. Nothing while nobody has chosen it.
   */
  async ensureScheduled(now = new Date()): Promise<void> {
    const { DIGEST_HOUR: hour, DIGEST_UTC_OFFSET_MINUTES: offset } = this.config;
    const today = localDay(now, offset);
    const day = digestTime(today, hour, offset) > now ? today : nextDay(today);
    await this.tx.run(async (em) => {
      if (!(await this.outbox.isPending(em, 'notifications.digest'))) await this.schedule(em, day);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const role = this.config.APP_ROLE;
    if (role !== 'worker' && role !== 'all') return;
    await this.ensureScheduled().catch((err: Error) =>
      this.logger.error(`could not schedule the daily digest: ${err.message}`),
    );
  }
}
