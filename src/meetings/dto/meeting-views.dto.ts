import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ATTENDANCE,
  type Attendance,
  PARTICIPANT_ROLES,
  type ParticipantRole,
} from '../entities/meeting-participant.entity.js';
import {
  MEETING_STATUSES,
  MINUTES_STATUSES,
  type MeetingStatus,
  type MinutesStatus,
} from '../entities/meeting.entity.js';
import { SUBMIT_BLOCKS, type SubmitBlock } from '../domain/submission.js';
import { ActionItemDto } from './action-item.dto.js';

export class AgendaItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty() position: number;
  @ApiProperty({ example: '1.2', description: 'Its number in the agenda' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) presenterUserId: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMinutes: number | null;
  @ApiProperty({ type: () => [AgendaItemDto] }) children: AgendaItemDto[];
}

export class ParticipantDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ description: "The user's name, or the guest's" }) name: string;
  @ApiProperty({ nullable: true, type: String }) nameKm: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role: ParticipantRole;
  @ApiProperty({ enum: ATTENDANCE }) attendance: Attendance;
}

export class QuorumDto {
  @ApiProperty({ description: 'Voting participants (guests and observers do not count)' }) eligible: number;
  @ApiProperty() present: number;
  @ApiProperty() required: number;
  @ApiProperty() met: boolean;
}

export class MeetingSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleKm: string | null;
  @ApiProperty({ nullable: true, type: String }) workingGroupId: string | null;
  @ApiProperty({ nullable: true, type: String }) associationId: string | null;
  @ApiProperty({ nullable: true, type: String }) orgUnitId: string | null;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ nullable: true, type: Date }) endsAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty() chairUserId: string;
  @ApiProperty() secretaryUserId: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty({ enum: MINUTES_STATUSES }) minutesStatus: MinutesStatus;
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingSummaryDto] }) items: MeetingSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class MeetingDto extends MeetingSummaryDto {
  @ApiProperty({ nullable: true, type: Number }) quorumCount: number | null;
  @ApiProperty({ nullable: true, type: Number }) quorumPercent: number | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ description: 'The latest minutes revision (0: none yet)' }) minutesRevision: number;
  @ApiProperty({ nullable: true, type: String }) minutesDocumentId: string | null;
  @ApiProperty({ nullable: true, type: String }) minutesVerificationCode: string | null;
  @ApiProperty({ nullable: true, type: Date }) minutesApprovedAt: Date | null;
  @ApiProperty({
    description:
      'The printable minutes (HTML) as a plain link, signed for the caller (valid about 10 minutes)',
  })
  minutesPrintUrl: string;
  @ApiProperty({ description: 'The minutes made for printing to PDF, as a plain signed link' })
  minutesPdfUrl: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Approved minutes: the QR code of their verification link (SVG), as a plain signed link',
  })
  minutesQrUrl: string | null;
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty({ type: [ParticipantDto] }) participants: ParticipantDto[];
  @ApiProperty({ type: QuorumDto }) quorum: QuorumDto;
  @ApiProperty() quorumMet: boolean;
  @ApiProperty({
    type: [ActionItemDto],
    description: 'Open action items of the same body from earlier meetings, for follow-up',
  })
  openActionItems: ActionItemDto[];
  @ApiProperty({ description: 'Whether the caller may edit attendance and minutes' }) canEdit: boolean;
}

export class AttendanceResultDto {
  @ApiProperty({ type: [ParticipantDto] }) participants: ParticipantDto[];
  @ApiProperty({ type: QuorumDto }) quorum: QuorumDto;
  @ApiProperty() quorumMet: boolean;
}

export class DecisionDto {
  @ApiProperty() text: string;
  @ApiPropertyOptional({ nullable: true, type: String }) agendaItemId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) votesFor?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) votesAgainst?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) abstentions?: number | null;
}

export class MinutesItemDto {
  @ApiProperty() agendaItemId: string;
  @ApiProperty() notes: string;
}

export class MinutesActionItemDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty() ownerUserId: string;
  @ApiProperty() dueOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) agendaItemId?: string | null;
}

export class RevisionInfoDto {
  @ApiProperty() revision: number;
  @ApiProperty() authorId: string;
  @ApiProperty({ nullable: true, type: String }) authorName: string | null;
  @ApiProperty() createdAt: Date;
}

export class MinutesDto {
  @ApiProperty() meetingId: string;
  @ApiProperty({ enum: MINUTES_STATUSES }) status: MinutesStatus;
  @ApiProperty({ description: 'The revision shown (0: nothing saved yet)' }) revision: number;
  @ApiProperty() latestRevision: number;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty({ nullable: true, type: Date }) savedAt: Date | null;
  @ApiProperty({ type: [MinutesItemDto] }) items: MinutesItemDto[];
  @ApiProperty({ type: [DecisionDto] }) decisions: DecisionDto[];
  @ApiProperty({ type: [MinutesActionItemDto] }) actionItems: MinutesActionItemDto[];
  @ApiProperty({ type: [RevisionInfoDto] }) revisions: RevisionInfoDto[];
  @ApiProperty({ nullable: true, type: String }) verificationCode: string | null;
  @ApiProperty({ type: () => [ErratumDto] }) errata: ErratumDto[];
  @ApiProperty({
    enum: SUBMIT_BLOCKS,
    nullable: true,
    type: String,
    description:
      'Why the latest revision cannot be submitted for approval now (null: the secretary may submit it). ' +
      'not_started / no_one_present: 409 MEETING_NOT_HELD; decisions_without_quorum: 409 QUORUM_NOT_MET; ' +
      'votes_exceed_present: 409 VOTES_EXCEED_PRESENT',
  })
  submitBlock: SubmitBlock | null;
}

class FieldDiffDto {
  @ApiProperty({ description: '[{ key, value }]' }) added: unknown[];
  @ApiProperty({ description: '[{ key, value }]' }) removed: unknown[];
  @ApiProperty({ description: '[{ key, from, to }]' }) changed: unknown[];
}

export class MinutesDiffDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: FieldDiffDto, description: 'Agenda notes, keyed by agenda item id' })
  items: FieldDiffDto;
  @ApiProperty({ type: FieldDiffDto, description: 'Decisions, keyed by their number' })
  decisions: FieldDiffDto;
  @ApiProperty({ type: FieldDiffDto, description: 'Action items, keyed by id' }) actionItems: FieldDiffDto;
}

export class ErratumDto {
  @ApiProperty() id: string;
  @ApiProperty() meetingId: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['in_approval', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) documentId: string | null;
  @ApiProperty({ nullable: true, type: String }) verificationCode: string | null;
  @ApiProperty() authorId: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Its own signed PDF once approved, as a plain link signed for the caller',
  })
  pdfUrl: string | null;
}

export class AttachmentDto {
  @ApiProperty() id: string;
  @ApiProperty() meetingId: string;
  @ApiProperty() fileId: string;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ nullable: true, type: String }) mime: string | null;
  @ApiProperty({ nullable: true, type: Number }) size: number | null;
  @ApiProperty({ nullable: true, type: String }) sha256: string | null;
  @ApiProperty() uploadedById: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({
    description:
      'The file as a plain link, signed for the caller (valid about 10 minutes; images open inline)',
  })
  downloadUrl: string;
}
