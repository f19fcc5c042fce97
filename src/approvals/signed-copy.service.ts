import { Injectable, Logger } from '@nestjs/common';
import { PDFDocument, type PDFEmbeddedPage, type PDFPage, degrees } from 'pdf-lib';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { FilesService } from '../files/files.service.js';
import { qrSvg } from '../pdf/html.js';
import { PdfRenderer } from '../pdf/pdf-renderer.service.js';
import { renderSignOffSheetHtml, STAMP_PAGES } from './sign-off-sheet.js';
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
        stamp: approvedPdf !== null,
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
   * The approved PDF's pages, each with the strip at its foot, followed by the sign-off sheet's,
   * titled as the signed document (a reader's window showed the uploaded file's own title, such as
   * the name of what it was made from). `rendered`: the strip's page, then the sheet's.
   */
  private async append(approved: PDFDocument, rendered: Buffer, m: Manifest): Promise<Buffer> {
    const renderedDoc = await PDFDocument.load(rendered);
    const [strip] = await approved.embedPdf(renderedDoc, [0]);
    for (const page of approved.getPages()) stampFoot(page, strip);
    const pages = await approved.copyPages(renderedDoc, renderedDoc.getPageIndices().slice(STAMP_PAGES));
    for (const page of pages) approved.addPage(page);
    approved.setTitle(`${m.referenceNumber} ${m.title}`, { showInWindowTitleBar: true });
    return Buffer.from(await approved.save());
  }
}

/**
 * Where the strip goes on a page as it is shown: along its visible foot, across its visible width,
 * reading left to right. A page's `/Rotate` turns it clockwise when shown, so its visible foot is
 * another edge of the page's own box: the right edge at 90°, the top at 180°, the left at 270°.
 */
export function footPlacement(
  box: { x: number; y: number; width: number; height: number },
  rotation: number,
): { x: number; y: number; rotate: number; width: number } {
  const turn = ((rotation % 360) + 360) % 360;
  switch (turn) {
    case 90:
      return { x: box.x + box.width, y: box.y, rotate: 90, width: box.height };
    case 180:
      return { x: box.x + box.width, y: box.y + box.height, rotate: 180, width: box.width };
    case 270:
      return { x: box.x, y: box.y + box.height, rotate: 270, width: box.height };
    default:
      return { x: box.x, y: box.y, rotate: 0, width: box.width };
  }
}

/**
 * How a page's own content is made room for a band of `band` points along its visible foot: shrunk
 * evenly (`scale`) and moved (`dx`, `dy`, in the page's own space) so that it fills the rest of the
 * page, centred across it. A content point p goes to scale·p + (dx, dy).
 */
export function contentRoom(
  box: { x: number; y: number; width: number; height: number },
  rotation: number,
  band: number,
): { scale: number; dx: number; dy: number } {
  const turn = ((rotation % 360) + 360) % 360;
  const across = turn === 90 || turn === 270 ? box.width : box.height;
  // A page hardly taller than the strip (a label, a ticket) is left as it is, the strip over it.
  if (across < band * 4) return { scale: 1, dx: 0, dy: 0 };
  const scale = (across - band) / across;
  // Centred along the foot, and clear of the band across it.
  const centreX = box.x + (box.width * (1 - scale)) / 2 - scale * box.x;
  const centreY = box.y + (box.height * (1 - scale)) / 2 - scale * box.y;
  switch (turn) {
    case 90: // the band along the right edge
      return { scale, dx: box.x - scale * box.x, dy: centreY };
    case 180: // along the top
      return { scale, dx: centreX, dy: box.y - scale * box.y };
    case 270: // along the left edge
      return { scale, dx: box.x + band - scale * box.x, dy: centreY };
    default: // along the bottom
      return { scale, dx: centreX, dy: box.y + band - scale * box.y };
  }
}

/**
 * Lays the strip along the page's visible foot, scaled to its visible width, after making room for
 * it: the page's own content is shrunk a little and moved clear of it (laid over the content, the
 * strip hid a letter's own footer and page numbers).
 */
function stampFoot(page: PDFPage, strip: PDFEmbeddedPage): void {
  const box = page.getCropBox();
  const at = footPlacement(box, page.getRotation().angle);
  const height = strip.height * (at.width / strip.width);
  const room = contentRoom(box, page.getRotation().angle, height);
  // Wrapped around what the page draws: the scale applies first, then the move.
  page.scaleContent(room.scale, room.scale);
  page.translateContent(room.dx, room.dy);
  // What is drawn on the page after this is moved the same way (pdf-lib draws into a stream inside
  // the wrap): the strip is given where it must land, taken back through that move.
  const back = (v: number, d: number) => (v - d) / room.scale;
  page.drawPage(strip, {
    x: back(at.x, room.dx),
    y: back(at.y, room.dy),
    width: at.width / room.scale,
    height: height / room.scale,
    rotate: degrees(at.rotate),
  });
}
