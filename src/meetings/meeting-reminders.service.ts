import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { MeetingParticipant } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { meetingName } from './meeting-dtos.js';

/** Reminders before a meeting: a day before and an hour before. */
export const REMINDERS = [
  { kind: '24h', beforeMs: 24 * 3600_000 },
  { kind: '1h', beforeMs: 3600_000 },
] as const;

/** Reminders before a meeting: scheduled as outbox events, sent by the `meetings.reminder` job. */
@Injectable()
export class MeetingRemindersService {
  private readonly logger = new Logger(MeetingRemindersService.name);

  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * The reminders still ahead of a meeting starting at `startsAt` (on creation and on every move);
   * a reminder of an earlier time finds the meeting moved and does nothing (`onReminder`).
   */
  async schedule(em: EntityManager, meetingId: string, startsAt: Date): Promise<void> {
    for (const r of REMINDERS) {
      const runAt = new Date(startsAt.getTime() - r.beforeMs);
      if (runAt.getTime() <= Date.now()) continue;
      await this.outbox.add(em, {
        name: 'meetings.reminder',
        payload: { meetingId, kind: r.kind, startsAt: startsAt.toISOString() },
        runAt,
      });
    }
  }

  /** A reminder before the meeting; skipped when it was cancelled or moved since it was scheduled. */
  async onReminder(payload: JobPayloads['meetings.reminder'], { em }: JobContext): Promise<void> {
    const meeting = await em.findOneBy(Meeting, { id: payload.meetingId });
    if (!meeting || meeting.status !== 'scheduled' || meeting.startsAt.toISOString() !== payload.startsAt) {
      this.logger.debug(`reminder ${payload.kind} of ${payload.meetingId} skipped`);
      return;
    }
    const people = await em.find(MeetingParticipant, { where: { meetingId: meeting.id } });
    await this.notifications.notify(em, {
      userIds: people.flatMap((p) => (p.userId ? [p.userId] : [])),
      template: 'meeting.reminder',
      params: {
        meeting: meetingName(meeting),
        startsAt: payload.startsAt,
        location: meeting.location ?? '',
      },
      link: `/meetings/${meeting.id}`,
      eventKey: `meeting:${meeting.id}:reminder:${payload.kind}:${payload.startsAt}`,
    });
  }
}
