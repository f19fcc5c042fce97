import { Injectable, Logger } from '@nestjs/common';
import { PDFDocument } from 'pdf-lib';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { FilesService } from '../files/files.service.js';
import { qrSvg } from '../pdf/html.js';
import { PdfRenderer } from '../pdf/pdf-renderer.service.js';
import { renderSignOffSheetHtml } from './sign-off-sheet.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import { DocumentViewsService } from './document-views.service.js';
import { formatVerificationCode } from './domain/verification-code.js';
import { DocumentSignature } from './entities/document-signature.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import { documentEntry } from './document-audit.js';
import type { Manifest } from './domain/manifest.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The signed copy of an approved document, made by the worker after sign-off: the approved version
 * (a PDF's own pages; anything else gets a cover page) followed by the sign-off sheet with the
 * verification code, its QR code and the approved version's SHA-256. Stored through the files
 * module; its SHA-256 is recorded on the signature row and audited. Made once: a redelivered or
 * repeated job finds the copy recorded and does nothing.
 */
@Injectable()
export class SignedCopyService {
  private readonly logger = new Logger(SignedCopyService.name);

  constructor(
    private readonly pdf: PdfRenderer,
    private readonly files: FilesService,
    private readonly views: DocumentViewsService,
    private readonly audit: AuditService,
  ) {}

  async make(payload: JobPayloads['approvals.signed_copy'], { em }: JobContext): Promise<void> {
    const sig = await em.findOne(DocumentSignature, {
      where: { documentId: payload.documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!sig || sig.signedCopyFileId) return;
    const m = sig.manifest;
    const version = await em.findOneByOrFail(DocumentVersion, { documentId: m.documentId, no: m.versionNo });
    const approvedPdf = await this.approvedPdf(em, version);
    const code = formatVerificationCode(m.verificationCode);
    const verificationUrl = this.views.verificationUrl(m.verificationCode);
    const sheet = await this.pdf.render(
      renderSignOffSheetHtml({
        manifest: m,
        code,
        verificationUrl,
        qrSvg: await qrSvg(verificationUrl),
        cover: approvedPdf
          ? null
          : {
              fileName: version.fileName ?? `${m.referenceNumber}-v${m.versionNo}.txt`,
              mime: version.mime ?? 'text/plain',
              size: Number(version.size ?? 0),
            },
      }),
    );
    const bytes = approvedPdf ? await this.append(approvedPdf, sheet, m) : sheet;
    const base = m.referenceNumber.replace(/[\\/:*?"<>|]+/g, '-');
    const file = await this.files.saveBuffer(
      bytes,
      { originalName: `${base}-signed.pdf`, createdById: null, mime: 'application/pdf' },
      em,
    );
    const at = new Date();
    await em.update(
      DocumentSignature,
      { id: sig.id },
      { signedCopyFileId: file.id, signedCopySha256: file.sha256, signedCopyAt: at },
    );
    await this.audit.append(
      em,
      documentEntry(m.documentId, 'document.signed_copy_made', null, {
        fileId: file.id,
        sha256: file.sha256,
        size: file.size,
        approvedSha256: m.sha256,
        approvedPages: approvedPdf ? 'included' : 'cover',
      }),
    );
  }

  /** The approved version's bytes when it is a PDF that can be read, else null (a cover page is used). */
  private async approvedPdf(em: EntityManager, version: DocumentVersion): Promise<PDFDocument | null> {
    if (!version.fileId) return null;
    const row = await this.files.get(version.fileId, em);
    if (!row || row.mime !== 'application/pdf') return null;
    try {
      const bytes = await readAll((await this.files.open(row.id)).stream);
      return await PDFDocument.load(bytes);
    } catch (err) {
      this.logger.warn(
        `version ${version.id}: the PDF cannot be read (${String(err)}); a cover page is used`,
      );
      return null;
    }
  }

  /**
   * The approved PDF's pages followed by the sign-off sheet's, titled as the signed document (a
   * reader's window showed the uploaded file's own title, such as the name of what it was made from).
   */
  private async append(approved: PDFDocument, sheet: Buffer, m: Manifest): Promise<Buffer> {
    const sheetDoc = await PDFDocument.load(sheet);
    const pages = await approved.copyPages(sheetDoc, sheetDoc.getPageIndices());
    for (const page of pages) approved.addPage(page);
    approved.setTitle(`${m.referenceNumber} ${m.title}`, { showInWindowTitleBar: true });
    return Buffer.from(await approved.save());
  }
}
