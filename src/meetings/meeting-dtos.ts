import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import type { ErratumDto, MeetingSummaryDto } from './dto/meeting-views.dto.js';
import type { Meeting } from './entities/meeting.entity.js';
import type { MinutesErratum } from './entities/minutes-erratum.entity.js';

/** The meetings module's entities as the API shows them, shared by its services. */
export const toSummary = (m: Meeting): MeetingSummaryDto => ({
  id: m.id,
  title: m.title,
  titleKm: m.titleKm,
  workingGroupId: m.workingGroupId,
  associationId: m.associationId,
  orgUnitId: m.orgUnitId,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  location: m.location,
  chairUserId: m.chairUserId,
  secretaryUserId: m.secretaryUserId,
  status: m.status,
  minutesStatus: m.minutesStatus,
});

/** A meeting's name in notifications: Khmer (else the title) and English. */
export const meetingName = (m: Meeting) => ({ km: m.titleKm ?? m.title, en: m.title });

export const toErratumDto = (e: MinutesErratum, pdfUrl: string | null = null): ErratumDto => ({
  id: e.id,
  meetingId: e.meetingId,
  text: e.text,
  status: e.status,
  documentId: e.documentId,
  verificationCode: e.verificationCode ? formatVerificationCode(e.verificationCode) : null,
  authorId: e.authorId,
  createdAt: e.createdAt,
  pdfUrl,
});
