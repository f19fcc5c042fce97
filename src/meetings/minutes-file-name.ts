import { ministryDay } from '../common/ministry-time.js';
import type { Meeting } from './entities/meeting.entity.js';

/** Characters no file name may hold on Windows, macOS or Linux. */
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|]+/g;

/**
 * The name a record of the minutes carries when saved or downloaded: what it is, the meeting's day
 * (in the ministry's time) and its title, e.g. `Minutes 2026-12-03 Progress meeting.pdf`, so that a
 * folder of them sorts by kind and date and reads without opening them. A draft says so.
 */
export function minutesFileName(
  meeting: Pick<Meeting, 'title' | 'startsAt'>,
  kind: 'Minutes' | 'Erratum',
  extension: 'pdf' | 'html',
  draft = false,
): string {
  const title = Array.from(meeting.title.replace(NOT_IN_FILE_NAMES, ' ').replace(/\s+/g, ' ').trim())
    .slice(0, 120)
    .join('')
    .trim();
  return `${kind} ${ministryDay(meeting.startsAt)} ${title}${draft ? ' (draft)' : ''}.${extension}`;
}
