import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { FinalRenderContext, FinalRendering } from '../approvals/final-renderers.js';
import { FinalRenderers } from '../approvals/final-renderers.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { TransactionService } from '../database/transaction.service.js';
import type { StoredFile } from '../files/entities/stored-file.entity.js';
import { FilesService } from '../files/files.service.js';
import { PdfRenderer } from '../pdf/pdf-renderer.service.js';
import { Meeting } from './entities/meeting.entity.js';
import { MeetingsAccess } from './meetings.access.js';
import { MinutesService } from './minutes.service.js';

export type MinutesPdf = { stored: { stream: Readable; file: StoredFile } } | { rendered: Buffer };

/**
 * Minutes as PDF. Approving minutes renders them once, in final form (no draft mark; the
 * verification code and its QR code), in the sign-off transaction: the signed manifest covers that
 * PDF's SHA-256, and every later export of the approved minutes serves the same file. Drafts (and
 * minutes in approval) are rendered on request with the DRAFT mark and no code.
 */
@Injectable()
export class MinutesPdfService implements OnModuleInit {
  constructor(
    private readonly minutes: MinutesService,
    private readonly pdf: PdfRenderer,
    private readonly files: FilesService,
    private readonly renderers: FinalRenderers,
    private readonly access: MeetingsAccess,
    private readonly tx: TransactionService,
  ) {}

  onModuleInit(): void {
    this.renderers.register('minutes', (em, ctx) => this.renderFinal(em, ctx));
  }

  /**
   * Called by the approvals engine when the chair's approval signs the minutes off. A `minutes`
   * document that no meeting points at (submitted through the gateway by another caller) is
   * signed off like any other document: null.
   */
  async renderFinal(em: EntityManager, ctx: FinalRenderContext): Promise<FinalRendering | null> {
    const meeting = await em.findOne(Meeting, {
      where: { minutesDocumentId: ctx.documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!meeting) return null;
    const revision = meeting.minutesSubmittedRevision ?? meeting.minutesRevision;
    const html = await this.minutes.printHtml(em, meeting, revision, {
      verificationCode: ctx.verificationCode,
      approvedAt: ctx.approvedAt,
    });
    const file = await this.files.saveBuffer(
      await this.pdf.render(html),
      { originalName: `minutes-${meeting.id}.pdf`, createdById: null, mime: 'application/pdf' },
      em,
    );
    await em.update(Meeting, { id: meeting.id }, { minutesPdfFileId: file.id });
    return { fileId: file.id, sha256: file.sha256 };
  }

  /** GET /meetings/:id/minutes.pdf: the stored final PDF once approved, else a draft rendered now. */
  async export(id: string, user: AuthUser): Promise<MinutesPdf> {
    const meeting = await this.tx.run((em) => this.access.viewable(em, id, user));
    if (meeting.minutesStatus === 'approved' && meeting.minutesPdfFileId) {
      return { stored: await this.files.open(meeting.minutesPdfFileId) };
    }
    return { rendered: await this.pdf.render(await this.minutes.printable(id, user)) };
  }
}
