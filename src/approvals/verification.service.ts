import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, notFound, tooMany } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { FilesService } from '../files/files.service.js';
import { RateLimiter } from '../redis/rate-limiter.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import { normalizeVerificationCode } from './domain/verification-code.js';
import type { VerificationDto, VerifyFileResultDto } from './dto/decision.dto.js';
import { DocumentSignature } from './entities/document-signature.entity.js';
import { canonicalize } from '../signing/signatures.js';
import { DocumentType } from './entities/document-type.entity.js';
import { Document } from './entities/document.entity.js';
import { SigningKeyService } from '../signing/signing-key.service.js';

/** Public verification requests per client IP per minute. */
export const VERIFY_RATE_PER_MINUTE = 60;

const codeNotFound = () =>
  notFound('VERIFICATION_CODE_NOT_FOUND', 'No approved document has this verification code');

/**
 * The public side of sign-off: anyone can check a code, check a file against it, and fetch the
 * public key. An unknown code and a code of a document that is not approved get the same 404.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly files: FilesService,
    private readonly views: DocumentViewsService,
    private readonly access: ApprovalsAccess,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A fixed window per IP (in Redis; in memory while it is down): 429 RATE_LIMITED past VERIFY_RATE_PER_MINUTE. */
  async rateLimit(ip: string): Promise<void> {
    const count = await this.limiter.hit(`${this.config.QUEUE_PREFIX}:ratelimit:verify:${ip}`, 60);
    if (count > VERIFY_RATE_PER_MINUTE) {
      throw tooMany('RATE_LIMITED', 'Too many verification requests; try again in a minute');
    }
  }

  private async signed(code: string): Promise<{ doc: Document; sig: DocumentSignature }> {
    const normalized = normalizeVerificationCode(code);
    if (!normalized) throw codeNotFound();
    const doc = await this.dataSource.manager.findOneBy(Document, { verificationCode: normalized });
    if (!doc || doc.status !== 'approved') throw codeNotFound();
    const sig = await this.dataSource.manager.findOneBy(DocumentSignature, { documentId: doc.id });
    if (!sig) throw codeNotFound();
    return { doc, sig };
  }

  async verify(code: string): Promise<VerificationDto> {
    const { doc, sig } = await this.signed(code);
    const m = sig.manifest;
    const type = await this.dataSource.manager.findOneBy(DocumentType, { code: doc.documentType });
    return {
      referenceNumber: m.referenceNumber,
      title: m.title,
      documentType: doc.documentType,
      documentTypeNameKm: type?.nameKm ?? null,
      documentTypeNameEn: type?.nameEn ?? null,
      issuingUnit: m.issuingUnit,
      approvedAt: m.approvedAt,
      signers: m.signers,
      sha256: m.sha256,
      signedCopySha256: sig.signedCopySha256,
      versionNo: m.versionNo,
      manifest: m as unknown as Record<string, unknown>,
      signature: sig.signature,
      publicKeyId: sig.publicKeyId,
      algorithm: 'Ed25519',
      status: doc.revokedAt ? 'revoked' : 'approved',
      revokedAt: doc.revokedAt ? new Date(doc.revokedAt).toISOString() : null,
      revocationReason: doc.revocationReason,
    };
  }

  /**
   * Hashes the uploaded file (nothing is stored) and compares it with the approved version's
   * SHA-256 (signed in the manifest), with the signed copy's (recorded when it was made), and with
   * the version a document signed as its rendering was made from (minutes: the printable HTML).
   */
  async verifyFile(code: string, request: FastifyRequest): Promise<VerifyFileResultDto> {
    const { sig } = await this.signed(code);
    const { file } = await this.files.hashMultipart(request, { required: true });
    const sha256 = file!.sha256;
    const matched =
      sha256 === sig.manifest.sha256
        ? 'approved_version'
        : sig.signedCopySha256 && sha256 === sig.signedCopySha256
          ? 'signed_copy'
          : sha256 === sig.manifest.renderedFromSha256
            ? 'rendered_from'
            : null;
    return { match: matched !== null, matched, sha256 };
  }

  /** The signed copy of a document whoever may see it (404 SIGNED_COPY_NOT_FOUND until it is made). */
  async signedCopy(user: AuthUser, documentId: string) {
    const doc = await this.access.visibleDocument(this.dataSource.manager, user, documentId);
    const sig = await this.dataSource.manager.findOneBy(DocumentSignature, { documentId: doc.id });
    if (doc.status !== 'approved' || !sig?.signedCopyFileId) {
      throw notFound('SIGNED_COPY_NOT_FOUND', 'This document has no signed copy (yet)');
    }
    return this.files.open(sig.signedCopyFileId);
  }

  publicKey(): string {
    return this.keys.publicKeyPem;
  }

  /**
   * What was signed, for a check without this website: the manifest's exact bytes (canonical JSON,
   * UTF-8) and the raw Ed25519 signature over them (`openssl pkeyutl -verify -rawin` takes both).
   */
  async signedFiles(code: string): Promise<{ manifest: Buffer; signature: Buffer }> {
    const { sig } = await this.signed(code);
    return {
      manifest: Buffer.from(canonicalize(sig.manifest), 'utf8'),
      signature: Buffer.from(sig.signature, 'base64'),
    };
  }

  /** The QR code (SVG) of an approved document's verification URL, for whoever may see the document. */
  async qrSvg(user: AuthUser, documentId: string): Promise<string> {
    const doc = await this.access.visibleDocument(this.dataSource.manager, user, documentId);
    if (doc.status !== 'approved' || !doc.verificationCode) {
      throw conflict('DOCUMENT_NOT_APPROVED', 'Only an approved document has a verification code');
    }
    return QRCode.toString(this.views.verificationUrl(doc.verificationCode), {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
  }
}
