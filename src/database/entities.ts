import { approvalEntities } from '../approvals/entities/index.js';
import { Association } from '../associations/entities/association.entity.js';
import { AssociationMember } from '../associations/entities/association-member.entity.js';
import { BoardMember } from '../associations/entities/board-member.entity.js';
import { Term } from '../associations/entities/term.entity.js';
import { Ballot } from '../elections/entities/ballot.entity.js';
import { SealedBallot } from '../elections/entities/sealed-ballot.entity.js';
import { Candidate } from '../elections/entities/candidate.entity.js';
import { Election } from '../elections/entities/election.entity.js';
import { ElectionLotSeed } from '../elections/entities/lot-seed.entity.js';
import { VoterRollEntry } from '../elections/entities/voter-roll-entry.entity.js';
import { AuditCheckpoint } from '../audit/entities/audit-checkpoint.entity.js';
import { AuditEntry } from '../audit/entities/audit-entry.entity.js';
import { AuditHead } from '../audit/entities/audit-head.entity.js';
import { AuthSession } from '../auth/entities/auth-session.entity.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { IdempotencyRecord } from '../common/entities/idempotency-record.entity.js';
import { StoredFile } from '../files/entities/stored-file.entity.js';
import { Notification } from '../notifications/entities/notification.entity.js';
import { NotificationPreference } from '../notifications/entities/notification-preference.entity.js';
import { TelegramLinkCode } from '../notifications/entities/telegram-link-code.entity.js';
import { TelegramLink } from '../notifications/entities/telegram-link.entity.js';
import { OrgPost } from '../org/entities/org-post.entity.js';
import { OrgUnit } from '../org/entities/org-unit.entity.js';
import { User } from '../org/entities/user.entity.js';
import { OutboxEvent } from '../outbox/entities/outbox-event.entity.js';
import { ActionItem } from '../meetings/entities/action-item.entity.js';
import { AgendaItem } from '../meetings/entities/agenda-item.entity.js';
import { MeetingParticipant } from '../meetings/entities/meeting-participant.entity.js';
import { Meeting } from '../meetings/entities/meeting.entity.js';
import { MeetingAttachment } from '../meetings/entities/meeting-attachment.entity.js';
import { MinutesErratum } from '../meetings/entities/minutes-erratum.entity.js';
import { MinutesRevision } from '../meetings/entities/minutes-revision.entity.js';
import { ProgressReport } from '../working-groups/entities/progress-report.entity.js';
import { ReportRequest } from '../working-groups/entities/report-request.entity.js';
import { WorkingGroupMember } from '../working-groups/entities/working-group-member.entity.js';
import { WorkingGroup } from '../working-groups/entities/working-group.entity.js';

/** Every entity, listed explicitly (globs do not load under ESM tests). Add new ones here. */
export const entities = [
  ...approvalEntities,
  Association,
  AssociationMember,
  Term,
  BoardMember,
  Election,
  ElectionLotSeed,
  Candidate,
  VoterRollEntry,
  Ballot,
  SealedBallot,
  User,
  OrgUnit,
  OrgPost,
  RefreshToken,
  AuthSession,
  AuditEntry,
  AuditHead,
  AuditCheckpoint,
  OutboxEvent,
  Notification,
  NotificationPreference,
  TelegramLink,
  TelegramLinkCode,
  StoredFile,
  IdempotencyRecord,
  WorkingGroup,
  WorkingGroupMember,
  ProgressReport,
  ReportRequest,
  Meeting,
  AgendaItem,
  MeetingParticipant,
  MinutesRevision,
  ActionItem,
  MinutesErratum,
  MeetingAttachment,
];
