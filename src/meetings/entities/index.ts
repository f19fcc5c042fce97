import { ActionItem } from './action-item.entity.js';
import { AgendaItem } from './agenda-item.entity.js';
import { MeetingAttachment } from './meeting-attachment.entity.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { Meeting } from './meeting.entity.js';
import { MinutesErratum } from './minutes-erratum.entity.js';
import { MinutesRevision } from './minutes-revision.entity.js';

/** The meetings module's entities (globs do not load under ESM tests): add new ones here. */
export const meetingEntities = [
  Meeting,
  AgendaItem,
  MeetingParticipant,
  MinutesRevision,
  ActionItem,
  MinutesErratum,
  MeetingAttachment,
];
