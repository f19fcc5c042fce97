import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { TransactionService } from '../../database/transaction.service.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { ActionItemsService } from '../action-items.service.js';
import { addDays, reminderTimeOn, utcDay } from '../dates.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** The daily sweep of overdue action items not reminded today (UTC day `day`); schedules the next. */
    'meetings.action_item_sweep': { day: string };
  }
}

const SCHEDULE_LOCK = 0x6169_7377; // "aisw"
const BATCH = 500;

/**
 * The daily sweep of overdue action items, a safety net beside each item's own chain of reminder
 * jobs (`meetings.action_item_overdue`): every unresolved item past its due day that has not been
 * reminded today is reminded now, through `ActionItemsService.remindOverdue`, so still once per item
 * per day (checked under the item's row lock; the notification's event key names the day) with a
 * link to the meeting page. Catches items whose chain was lost (an item from before the chain, an
 * outbox row removed by hand). Runs each day at the reminders' hour while any item is unresolved.
 */
@Job({ name: 'meetings.action_item_sweep', queue: QueueName.Meetings, retry: STANDARD_RETRY })
export class ActionItemSweepJob implements JobHandler<'meetings.action_item_sweep'>, OnApplicationBootstrap {
  private readonly logger = new Logger(ActionItemSweepJob.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly items: ActionItemsService,
  ) {}

  /** Reminds the overdue items not yet reminded on `now`'s day; returns how many were sent. */
  async sweep(em: EntityManager, now: Date): Promise<number> {
    const today = utcDay(now);
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM action_items
       WHERE status IN ('open', 'in_progress') AND due_on < $1::date
         AND (last_reminded_on IS NULL OR last_reminded_on < $1::date)
       ORDER BY due_on, id LIMIT ${BATCH}`,
      [today],
    );
    let sent = 0;
    for (const { id } of rows) {
      if ((await this.items.remindOverdue(em, id, now)) === 'sent') sent += 1;
    }
    return sent;
  }

  async handle(payload: JobPayloads['meetings.action_item_sweep'], ctx: JobContext): Promise<void> {
    const now = new Date();
    const sent = await this.sweep(ctx.em, now);
    if (sent) this.logger.log(`action item sweep ${payload.day}: ${sent} reminders`);
    await this.schedule(ctx.em, addDays(utcDay(now), 1));
  }

  /** Schedules the sweep of `day` unless one is pending or no item is unresolved. */
  private async schedule(em: EntityManager, day: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SCHEDULE_LOCK]);
    if (await this.outbox.isPending(em, 'meetings.action_item_sweep')) return;
    const [{ open }] = await em.query<{ open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM action_items WHERE status IN ('open', 'in_progress')) AS open`,
    );
    if (!open) return;
    await this.outbox.add(em, {
      name: 'meetings.action_item_sweep',
      payload: { day },
      runAt: reminderTimeOn(day),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const role = this.config.APP_ROLE;
    if (role !== 'worker' && role !== 'all') return;
    await this.tx
      .run((em) => this.schedule(em, utcDay(new Date())))
      .catch((err: Error) => this.logger.error(`could not schedule the action item sweep: ${err.message}`));
  }
}
