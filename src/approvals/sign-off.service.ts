import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { canonicalize } from '../signing/signatures.js';
import type { Manifest, ManifestSigner } from './domain/manifest.js';
import { nextRequestStatus } from './domain/request-state.js';
import { nextDocumentStatus } from './domain/state-machine.js';
import { newVerificationCode } from './domain/verification-code.js';
import type { ApprovalRequest } from './entities/approval-request.entity.js';
import { DocumentSignature } from './entities/document-signature.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import { FinalRenderers } from './final-renderers.js';
import { Document } from './entities/document.entity.js';
import { hydrate } from './rows.js';
import { SigningKeyService } from '../signing/signing-key.service.js';
import { postOf } from './approver-posts.js';
import { documentEntry } from './document-audit.js';

/**
 * The final step (in the worker, in the advance job's transaction): the document is approved, gets
 * its verification code, and its manifest — reference number, title, issuing unit, the approved
 * version's SHA-256, every signer with post, acting-for and time — is signed with Ed25519.
 */
@Injectable()
export class SignOffService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly finalRenderers: FinalRenderers,
  ) {}

  async signOff(em: EntityManager, request: ApprovalRequest): Promise<Document> {
    const [row] = await em.query<{ document: Record<string, unknown>; version: Record<string, unknown> }[]>(
      `SELECT to_jsonb(d) AS document,
              (SELECT to_jsonb(v) FROM document_versions v WHERE v.document_id = d.id AND v.no = $2) AS version
       FROM documents d WHERE d.id = $1 FOR UPDATE`,
      [request.documentId, request.versionNo],
    );
    if (!row?.version)
      throw new Error(`document ${request.documentId} or its version ${request.versionNo} is missing`);
    const doc = hydrate(em, Document, row.document);
    const version = hydrate(em, DocumentVersion, row.version);
    doc.status = nextDocumentStatus(doc.status, 'approve_final');
    const now = new Date();
    const unit = await this.org.getUnit(doc.orgUnitId, em);
    const signers = await this.signers(em, request);
    doc.approvedAt = now;
    doc.verificationCode = newVerificationCode();
    // A type rendered at sign-off (approved minutes): the manifest signs the rendered PDF.
    const renderer = this.finalRenderers.get(doc.documentType);
    const rendered = renderer
      ? await renderer(em, {
          documentId: doc.id,
          documentType: doc.documentType,
          metadata: doc.metadata,
          versionNo: version.no,
          verificationCode: doc.verificationCode,
          approvedAt: now,
        })
      : null;
    const manifest: Manifest = {
      referenceNumber: doc.referenceNumber!,
      title: doc.title,
      issuingUnit: { code: unit?.code ?? '', name: unit?.name ?? '', nameKm: unit?.nameKm ?? null },
      documentId: doc.id,
      documentType: doc.documentType,
      versionNo: version.no,
      sha256: rendered?.sha256 ?? version.sha256,
      ...(rendered ? { renderedFromSha256: version.sha256 } : {}),
      verificationCode: doc.verificationCode,
      signers,
      approvedAt: now.toISOString(),
      publicKeyId: this.keys.publicKeyId,
    };
    const canonical = canonicalize(manifest);
    const signature = this.keys.sign(manifest);
    try {
      await em.query(
        `UPDATE documents SET status = $2, approved_at = $3, verification_code = $4, updated_at = now() WHERE id = $1`,
        [doc.id, doc.status, doc.approvedAt, doc.verificationCode],
      );
    } catch (err) {
      // 80 random bits do not collide in practice; if they ever do, the job's retry draws again.
      if (isUniqueViolation(err, 'documents_verification_code_key'))
        throw new Error('verification code collision', { cause: err });
      throw err;
    }
    await em.insert(DocumentSignature, {
      documentId: doc.id,
      manifest,
      canonical,
      signature,
      publicKeyId: this.keys.publicKeyId,
      // A rendered document is its own signed copy: it carries the code and QR.
      ...(rendered
        ? { signedCopyFileId: rendered.fileId, signedCopySha256: rendered.sha256, signedCopyAt: now }
        : {}),
    });
    // The signed copy (approved version + sign-off sheet, a PDF) is rendered by the worker afterwards.
    if (!rendered)
      await this.outbox.add(em, { name: 'approvals.signed_copy', payload: { documentId: doc.id } });
    request.status = nextRequestStatus(request.status, 'approve');
    request.finishedAt = now;
    await em.query(
      `UPDATE approval_requests SET status = $2, finished_at = $3, updated_at = now() WHERE id = $1`,
      [request.id, request.status, request.finishedAt],
    );
    await this.audit.append(
      em,
      documentEntry(doc.id, 'document.approved', null, {
        referenceNumber: doc.referenceNumber,
        versionNo: version.no,
        sha256: manifest.sha256,
        publicKeyId: this.keys.publicKeyId,
        signers: signers.length,
      }),
    );
    return doc;
  }

  /** Every approval that counts (of each stage's current round), stage by stage, in the order given. */
  private async signers(em: EntityManager, request: ApprovalRequest): Promise<ManifestSigner[]> {
    const rows = await em.query<
      {
        stage_name: string;
        stage_name_km: string | null;
        assignee_id: string;
        acting_for_id: string | null;
        post_title: string | null;
        post_title_km: string | null;
        decided_at: Date | null;
      }[]
    >(
      `SELECT s.name AS stage_name, s.name_km AS stage_name_km, t.assignee_id, t.acting_for_id, t.post_title, t.post_title_km, t.decided_at
       FROM approval_stages s
       JOIN approval_tasks t ON t.stage_id = s.id AND t.round = s.round AND t.status = 'approved'
       WHERE s.request_id = $1
       ORDER BY s.index ASC, t.decided_at ASC`,
      [request.id],
    );
    const people = new Map(
      (
        await this.org.findUsersByIds(
          rows.flatMap((t) => [t.assignee_id, t.acting_for_id ?? '']).filter(Boolean),
          em,
        )
      ).map((u) => [u.id, u]),
    );
    const out: ManifestSigner[] = [];
    for (const t of rows) {
      const signer = people.get(t.assignee_id);
      const actingFor = t.acting_for_id ? people.get(t.acting_for_id) : undefined;
      // The delegate signs with their own post; the post that made the task is the absent approver's.
      const own = t.acting_for_id ? await postOf(em, t.assignee_id, null, null) : null;
      const post = t.acting_for_id ? own : { title: t.post_title, title_km: t.post_title_km };
      out.push({
        name: signer?.fullName ?? '',
        nameKm: signer?.fullNameKm ?? null,
        post: post?.title ?? null,
        postKm: post?.title_km ?? null,
        actingFor: actingFor
          ? {
              name: actingFor.fullName,
              nameKm: actingFor.fullNameKm,
              post: t.post_title,
              postKm: t.post_title_km,
            }
          : null,
        stage: t.stage_name,
        stageKm: t.stage_name_km,
        at: (t.decided_at ? new Date(t.decided_at) : new Date()).toISOString(),
      });
    }
    return out;
  }
}
