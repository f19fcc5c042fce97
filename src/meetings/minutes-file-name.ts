import { ministryDay } from '../common/ministry-time.js';
import type { Meeting } from './entities/meeting.entity.js';

/** Characters no file name may hold on Windows, macOS or Linux. */
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|]+/g;

/** Khmer script, by which a title is taken as Khmer. */
const KHMER = /[\u1780-\u17ff]/;

/** The words of a name, in the language of the meeting's title. */
const WORDS = {
  en: { Minutes: 'Minutes', Erratum: 'Erratum', draft: 'draft' },
  km: { Minutes: 'កំណត់ហេតុ', Erratum: 'កំណែតម្រូវ', draft: 'សេចក្តីព្រាង' },
} as const;

/**
 * The name a record of the minutes carries when saved or downloaded: what it is, the meeting's day
 * (in the ministry's time) and its title, e.g. `Minutes 2026-12-03 Progress meeting.pdf`, so that a
 * folder of them sorts by kind and date and reads without opening them. A draft says so. The words
 * are in the title's language (a Khmer title: `កំណត់ហេតុ 2026-12-03 កិច្ចប្រជុំ.pdf`); the day keeps
 * its ASCII digits, by which a folder sorts. A record has one name for every reader, so a meeting
 * titled in both languages gives its Khmer title, the language of the ministry's records (its
 * English title named Khmer readers' files in English).
 */
export function minutesFileName(
  meeting: Pick<Meeting, 'title' | 'startsAt'> & { titleKm?: string | null },
  kind: 'Minutes' | 'Erratum',
  extension: 'pdf' | 'html',
  draft = false,
): string {
  const given = meeting.titleKm?.trim() || meeting.title;
  const title = Array.from(given.replace(NOT_IN_FILE_NAMES, ' ').replace(/\s+/g, ' ').trim())
    .slice(0, 120)
    .join('')
    .trim();
  const words = WORDS[KHMER.test(title) ? 'km' : 'en'];
  return `${words[kind]} ${ministryDay(meeting.startsAt)} ${title}${draft ? ` (${words.draft})` : ''}.${extension}`;
}
