import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUuid } from '../common/uuid.js';
import { type CalendarEntry, CalendarEntries } from '../notifications/calendar-entries.js';
import { Meeting } from './entities/meeting.entity.js';

/**
 * A meeting's invitation, move and cancellation e-mails carry it as a calendar event (UID from the
 * meeting; SEQUENCE the number of its moves and cancellations in its audit stream, so each update
 * supersedes the last). Registered with notifications, which sends the e-mails.
 */
@Injectable()
export class MeetingCalendar implements OnModuleInit {
  constructor(
    private readonly entries: CalendarEntries,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.entries.register((em, link) => this.entryOf(em, link));
  }

  private async entryOf(em: EntityManager, link: string): Promise<CalendarEntry | null> {
    const id = /^\/meetings\/([^/?#]+)$/.exec(link)?.[1];
    const meeting = isUuid(id) ? await em.findOneBy(Meeting, { id }) : null;
    if (!meeting) return null;
    return {
      uid: `meeting-${meeting.id}`,
      sequence: await this.audit.count(em, `meeting:${meeting.id}`, [
        'meeting.rescheduled',
        'meeting.cancelled',
      ]),
      title: meeting.title,
      titleKm: meeting.titleKm,
      startsAt: new Date(meeting.startsAt),
      endsAt: meeting.endsAt ? new Date(meeting.endsAt) : null,
      location: meeting.location,
    };
  }
}
