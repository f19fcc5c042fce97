import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a calendar shows of the event a notification's link names. */
export interface CalendarEntry {
  /** Stable for the event, so calendars update or remove the same one (the e-mail adds `@host`). */
  uid: string;
  /** How many changes calendars must see so far (each update must raise it). */
  sequence: number;
  title: string;
  titleKm: string | null;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
}

/** The event behind `link` (a notification's link, e.g. `/meetings/<id>`), or null when it names none. */
export type CalendarSource = (em: EntityManager, link: string) => Promise<CalendarEntry | null>;

/**
 * A meeting's invitation e-mail carries the meeting as an iCalendar event. The module that owns
 * the events (meetings) registers at start-up how to read the one a link names, so that
 * notifications reads no other module's tables. With nothing registered, no e-mail has an event.
 */
@Injectable()
export class CalendarEntries {
  private readonly sources: CalendarSource[] = [];

  register(source: CalendarSource): void {
    this.sources.push(source);
  }

  async of(em: EntityManager, link: string): Promise<CalendarEntry | null> {
    for (const source of this.sources) {
      const entry = await source(em, link);
      if (entry) return entry;
    }
    return null;
  }
}
