import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import type { StoredFile } from '../files/entities/stored-file.entity.js';
import { FilesService } from '../files/files.service.js';
import { nextMeetingStatus } from './domain/meeting-state.js';
import type { AttachmentDto } from './dto/meeting-views.dto.js';
import { MeetingAttachment } from './entities/meeting-attachment.entity.js';
import type { Meeting } from './entities/meeting.entity.js';
import { MeetingsAccess } from './meetings.access.js';

const toDto = (a: MeetingAttachment, f: StoredFile | null, downloadUrl: string): AttachmentDto => ({
  id: a.id,
  meetingId: a.meetingId,
  fileId: a.fileId,
  caption: a.caption,
  fileName: f?.originalName ?? null,
  mime: f?.mime ?? null,
  size: f?.size ?? null,
  sha256: f?.sha256 ?? null,
  uploadedById: a.uploadedById,
  createdAt: a.createdAt,
  downloadUrl,
});

/** Photos and files of a meeting: the secretary or chair attaches them, whoever sees the meeting reads them. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: MeetingsAccess,
    private readonly files: FilesService,
    private readonly audit: AuditService,
    private readonly links: SignedLinks,
  ) {}

  /** The attachment's file as a plain link for `user`. */
  private downloadUrl(a: MeetingAttachment, user: AuthUser): string {
    return this.links.sign(`/api/v1/meetings/${a.meetingId}/attachments/${a.id}/file`, user);
  }

  private check(meeting: Meeting, user: AuthUser): void {
    this.access.assertEditor(meeting, user);
    nextMeetingStatus(meeting.status, 'record');
  }

  /** Checks the right first (nothing is stored for someone who may not attach), then streams the upload. */
  async add(meetingId: string, request: FastifyRequest, user: AuthUser): Promise<AttachmentDto> {
    if (!this.files.isMultipart(request)) {
      throw badRequest('MULTIPART_REQUIRED', 'Send the file as multipart/form-data (fields: file, caption?)');
    }
    await this.tx.run(async (em) => this.check(await this.access.viewable(em, meetingId, user), user));
    const { file, fields } = await this.files.readMultipart(request, {
      required: true,
      createdById: user.id,
    });
    const caption = fields.caption?.trim() || null;
    if (caption && caption.length > 2000)
      throw badRequest('CAPTION_TOO_LONG', 'The caption is longer than 2000 characters');
    return this.tx.run(async (em) => {
      const meeting = await this.access.viewable(em, meetingId, user, true);
      this.check(meeting, user);
      const saved = await em.save(
        em.create(MeetingAttachment, { meetingId, fileId: file!.id, caption, uploadedById: user.id }),
      );
      await this.audit.append(em, {
        stream: `meeting:${meetingId}`,
        action: 'meeting.attachment_added',
        actorId: user.id,
        entityType: 'meeting_attachment',
        entityId: saved.id,
        data: { fileId: file!.id, sha256: file!.sha256, name: file!.originalName },
      });
      return toDto(saved, file!, this.downloadUrl(saved, user));
    });
  }

  list(meetingId: string, user: AuthUser): Promise<AttachmentDto[]> {
    return this.tx.run(async (em) => {
      await this.access.viewable(em, meetingId, user);
      const rows = await em.find(MeetingAttachment, { where: { meetingId }, order: { createdAt: 'ASC' } });
      const files: (StoredFile | null)[] = [];
      for (const r of rows) files.push(await this.files.get(r.fileId, em)); // one transaction: in turn
      return rows.map((r, i) => toDto(r, files[i], this.downloadUrl(r, user)));
    });
  }

  async open(
    meetingId: string,
    attachmentId: string,
    user: AuthUser,
  ): Promise<{ stream: Readable; file: StoredFile }> {
    const attachment = await this.tx.run(async (em) => {
      await this.access.viewable(em, meetingId, user);
      return em.findOneBy(MeetingAttachment, { id: attachmentId, meetingId });
    });
    if (!attachment) throw notFound('ATTACHMENT_NOT_FOUND', 'No such attachment');
    return this.files.open(attachment.fileId);
  }
}
