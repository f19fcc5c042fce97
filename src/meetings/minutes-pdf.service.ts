import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { FinalRenderContext, FinalRendering } from '../approvals/final-renderers.js';
import { FinalRenderers } from '../approvals/final-renderers.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import type { StoredFile } from '../files/entities/stored-file.entity.js';
import { FilesService } from '../files/files.service.js';
import { PdfRenderer } from '../pdf/pdf-renderer.service.js';
import { formatVerificationCode } from '../approvals/domain/verification-code.js';
import { qrSvg } from '../pdf/html.js';
import { Meeting } from './entities/meeting.entity.js';
import { MinutesErratum } from './entities/minutes-erratum.entity.js';
import { minutesFileName } from './minutes-file-name.js';
import { renderErratumHtml } from './minutes-print.js';
import { MeetingsAccess } from './meetings.access.js';
import { MinutesPrintService } from './minutes-print.service.js';

/** The minutes as PDF and the name it is saved under (minutes-file-name.ts). */
export type MinutesPdf = ({ stored: { stream: Readable; file: StoredFile } } | { rendered: Buffer }) & {
  fileName: string;
};

/**
 * Minutes as PDF. Approving minutes renders them once, in final form (no draft mark; the
 * verification code and its QR code), in the sign-off transaction: the signed manifest covers that
 * PDF's SHA-256, and every later export of the approved minutes serves the same file. Drafts (and
 * minutes in approval) are rendered on request with the DRAFT mark and no code.
 */
@Injectable()
export class MinutesPdfService implements OnModuleInit {
  constructor(
    private readonly minutes: MinutesPrintService,
    private readonly pdf: PdfRenderer,
    private readonly files: FilesService,
    private readonly renderers: FinalRenderers,
    private readonly access: MeetingsAccess,
    private readonly tx: TransactionService,
  ) {}

  onModuleInit(): void {
    this.renderers.register('minutes', (em, ctx) => this.renderFinal(em, ctx));
    this.renderers.register('minutes_erratum', (em, ctx) => this.renderErratum(em, ctx));
  }

  /**
   * An approved erratum gets its own signed PDF: the correction, the minutes it corrects (their
   * verification code) and its own code and QR. Null when no erratum points at the document.
   */
  async renderErratum(em: EntityManager, ctx: FinalRenderContext): Promise<FinalRendering | null> {
    const erratum = await em.findOneBy(MinutesErratum, { documentId: ctx.documentId });
    if (!erratum) return null;
    const meeting = await em.findOneByOrFail(Meeting, { id: erratum.meetingId });
    const verificationUrl = this.minutes.verificationUrl(ctx.verificationCode);
    const original = meeting.minutesVerificationCode;
    const html = renderErratumHtml({
      meetingTitle: meeting.titleKm ? `${meeting.titleKm} / ${meeting.title}` : meeting.title,
      bodyName: await this.minutes.bodyName(em, meeting),
      startsAt: meeting.startsAt,
      text: erratum.text,
      originalCode: original ? formatVerificationCode(original) : null,
      originalUrl: original ? this.minutes.verificationUrl(original) : null,
      verificationCode: formatVerificationCode(ctx.verificationCode),
      verificationUrl,
      qrSvg: await qrSvg(verificationUrl),
      approvedAt: ctx.approvedAt,
    });
    const file = await this.files.saveBuffer(
      await this.pdf.render(html),
      {
        originalName: minutesFileName(meeting, 'Erratum', 'pdf'),
        createdById: null,
        mime: 'application/pdf',
      },
      em,
    );
    await em.update(MinutesErratum, { id: erratum.id }, { pdfFileId: file.id });
    return { fileId: file.id, sha256: file.sha256 };
  }

  /** GET /meetings/:id/errata/:erratumId/pdf: an approved erratum's own signed PDF. */
  async erratumPdf(
    id: string,
    erratumId: string,
    user: AuthUser,
  ): Promise<{ stored: { stream: Readable; file: StoredFile }; fileName: string }> {
    const { meeting, erratum } = await this.tx.run(async (em) => ({
      meeting: await this.access.viewable(em, id, user),
      erratum: await em.findOneBy(MinutesErratum, { id: erratumId, meetingId: id }),
    }));
    if (!erratum?.pdfFileId || erratum.status !== 'approved') {
      throw notFound('ERRATUM_NOT_FOUND', 'No approved erratum with a PDF here');
    }
    return {
      stored: await this.files.open(erratum.pdfFileId),
      fileName: minutesFileName(meeting, 'Erratum', 'pdf'),
    };
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
      {
        originalName: minutesFileName(meeting, 'Minutes', 'pdf'),
        createdById: null,
        mime: 'application/pdf',
      },
      em,
    );
    await em.update(Meeting, { id: meeting.id }, { minutesPdfFileId: file.id });
    return { fileId: file.id, sha256: file.sha256 };
  }

  /** GET /meetings/:id/minutes.pdf: the stored final PDF once approved, else a draft rendered now. */
  async export(id: string, user: AuthUser): Promise<MinutesPdf> {
    const meeting = await this.tx.run((em) => this.access.viewable(em, id, user));
    if (meeting.minutesStatus === 'approved' && meeting.minutesPdfFileId) {
      const stored = await this.files.open(meeting.minutesPdfFileId);
      return { stored, fileName: minutesFileName(meeting, 'Minutes', 'pdf') };
    }
    const rendered = await this.pdf.render(await this.minutes.printable(id, user));
    return { rendered, fileName: minutesFileName(meeting, 'Minutes', 'pdf', true) };
  }
}
