import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import type { Locale } from '../../common/i18n/locale.js';
import { updatedRows } from '../../database/updated-rows.js';
import { isUuid } from '../../common/uuid.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { renderEmail } from '../email-render.js';
import { CalendarEntries } from '../calendar-entries.js';
import { buildIcs } from '../ics.js';
import { MailerService } from '../mailer.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Send the e-mail of one notification (at most once). */
    'notifications.email': { notificationId: string };
  }
}

/**
 * Sends a notification's e-mail at most once: claims it (pending → sending) in the job's transaction
 * and sends it once that has committed, so a crash or retry never sends it twice; a failure is recorded.
 */
@Job({ name: 'notifications.email', queue: QueueName.Notifications, retry: STANDARD_RETRY })
export class EmailJob implements JobHandler<'notifications.email'> {
  private readonly logger = new Logger(EmailJob.name);

  constructor(
    private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly calendar: CalendarEntries,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async handle(payload: JobPayloads['notifications.email'], ctx: JobContext): Promise<void> {
    if (!isUuid(payload.notificationId)) return;
    const [n] = updatedRows<{
      id: string;
      kind: string;
      title: string;
      body: string;
      link: string | null;
      email: string | null;
      locale: Locale;
    }>(
      await ctx.em.query(
        `UPDATE notifications n SET email_status = CASE WHEN u.email IS NULL THEN 'skipped' ELSE 'sending' END
         FROM org_people u
         WHERE n.id = $1 AND n.email_status = 'pending' AND u.id = n.user_id
         RETURNING n.id, n.kind, n.title, n.body, n.link, u.email, u.locale`,
        [payload.notificationId],
      ),
    );
    if (!n?.email) return;
    const email = n.email;
    const rendered = renderEmail({
      locale: n.locale,
      title: n.title,
      body: n.body,
      url: this.absolute(n.link),
    });
    const icalEvent = await this.meetingCalendar(ctx.em, n.kind, n.link, n.body);
    ctx.afterCommit(async () => {
      try {
        await this.mailer.send({ to: email, ...rendered, ...(icalEvent ? { icalEvent } : {}) });
        await this.dataSource.query(
          `UPDATE notifications SET email_status = 'sent', emailed_at = now() WHERE id = $1`,
          [n.id],
        );
      } catch (err) {
        this.logger.warn(`e-mail of notification ${n.id} failed: ${(err as Error).message}`);
        await this.dataSource.query(`UPDATE notifications SET email_status = 'failed' WHERE id = $1`, [n.id]);
      }
    });
  }

  /** The web page of a notification's link, as an absolute URL under PUBLIC_BASE_URL. */
  private absolute(link: string | null): string | null {
    if (!link) return null;
    return /^https?:\/\//.test(link) ? link : new URL(link, this.config.PUBLIC_BASE_URL).toString();
  }

  /**
   * A meeting invitation carries the meeting as an iCalendar REQUEST, a cancellation as a CANCEL, with
   * the same UID. SEQUENCE counts the meeting's changes that calendars must see (its owner says how
   * many: `CalendarEntries`), so each update supersedes the last.
   */
  private async meetingCalendar(
    em: EntityManager,
    kind: string,
    link: string | null,
    description: string,
  ): Promise<{ method: 'REQUEST' | 'CANCEL'; filename: string; content: string } | null> {
    // A moved meeting is sent as a REQUEST again: same UID, higher SEQUENCE, so calendars update it.
    const method =
      kind === 'meeting.invitation' || kind === 'meeting.rescheduled'
        ? 'REQUEST'
        : kind === 'meeting.cancelled'
          ? 'CANCEL'
          : null;
    if (!method || !link) return null;
    const event = await this.calendar.of(em, link);
    if (!event) return null;
    const host = new URL(this.config.PUBLIC_BASE_URL).hostname;
    const from = /<([^>]+)>/.exec(this.config.MAIL_FROM)?.[1] ?? this.config.MAIL_FROM;
    const content = buildIcs({
      method,
      uid: `${event.uid}@${host}`,
      sequence: event.sequence,
      start: event.startsAt,
      end: event.endsAt,
      summary: event.titleKm ? `${event.titleKm} / ${event.title}` : event.title,
      location: event.location,
      description,
      url: this.absolute(link),
      organizer: { name: 'DWF', email: from },
    });
    return { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content };
  }
}
