import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { OrgService } from '../org/org.service.js';
import { canonicalize, type Manifest, type ManifestSigner } from './domain/manifest.js';
import { nextDocumentStatus } from './domain/state-machine.js';
import { newVerificationCode } from './domain/verification-code.js';
import type { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { DocumentSignature } from './entities/document-signature.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import { Document } from './entities/document.entity.js';
import { SigningKeyService } from './signing-key.service.js';
import { StageRoutingService } from './stage-routing.service.js';

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
    private readonly routing: StageRoutingService,
    private readonly audit: AuditService,
  ) {}

  async signOff(em: EntityManager, request: ApprovalRequest): Promise<Document> {
    const doc = await em.findOneOrFail(Document, {
      where: { id: request.documentId },
      lock: { mode: 'pessimistic_write' },
    });
    doc.status = nextDocumentStatus(doc.status, 'approve_final');
    const now = new Date();
    const version = await em.findOneByOrFail(DocumentVersion, { documentId: doc.id, no: request.versionNo });
    const unit = await this.org.getUnit(doc.orgUnitId, em);
    const signers = await this.signers(em, request);
    doc.approvedAt = now;
    doc.verificationCode = newVerificationCode();
    const manifest: Manifest = {
      referenceNumber: doc.referenceNumber!,
      title: doc.title,
      issuingUnit: { code: unit?.code ?? '', name: unit?.name ?? '', nameKm: unit?.nameKm ?? null },
      documentId: doc.id,
      documentType: doc.documentType,
      versionNo: version.no,
      sha256: version.sha256,
      verificationCode: doc.verificationCode,
      signers,
      approvedAt: now.toISOString(),
      publicKeyId: this.keys.publicKeyId,
    };
    const canonical = canonicalize(manifest);
    const signature = this.keys.sign(manifest);
    try {
      await em.save(doc);
    } catch (err) {
      // 80 random bits do not collide in practice; if they ever do, the job's retry draws again.
      if (isUniqueViolation(err, 'documents_verification_code_key'))
        throw new Error('verification code collision', { cause: err });
      throw err;
    }
    await em.save(
      em.create(DocumentSignature, {
        documentId: doc.id,
        manifest,
        canonical,
        signature,
        publicKeyId: this.keys.publicKeyId,
      }),
    );
    request.status = 'approved';
    request.finishedAt = now;
    await em.save(request);
    await this.audit.append(em, {
      stream: `document:${doc.id}`,
      action: 'document.approved',
      actorId: null,
      entityType: 'document',
      entityId: doc.id,
      data: {
        referenceNumber: doc.referenceNumber,
        versionNo: version.no,
        sha256: version.sha256,
        publicKeyId: this.keys.publicKeyId,
        signers: signers.length,
      },
    });
    return doc;
  }

  /** Every approval that counts, stage by stage, in the order given. */
  private async signers(em: EntityManager, request: ApprovalRequest): Promise<ManifestSigner[]> {
    const stages = await em.find(ApprovalStage, {
      where: { requestId: request.id },
      order: { index: 'ASC' },
    });
    const out: ManifestSigner[] = [];
    for (const stage of stages) {
      const tasks = await em.find(ApprovalTask, {
        where: { stageId: stage.id, round: stage.round, status: 'approved' },
        order: { decidedAt: 'ASC' },
      });
      const people = new Map(
        (
          await this.org.findUsersByIds(
            tasks.flatMap((t) => [t.assigneeId, t.actingForId ?? '']).filter(Boolean),
            em,
          )
        ).map((u) => [u.id, u]),
      );
      for (const t of tasks) {
        const signer = people.get(t.assigneeId);
        const actingFor = t.actingForId ? people.get(t.actingForId) : undefined;
        // The delegate signs with their own post; the post that made the task is the absent approver's.
        const own = t.actingForId ? await this.routing.postOf(em, t.assigneeId, null, null) : null;
        const post = t.actingForId ? own : { title: t.postTitle, title_km: t.postTitleKm };
        out.push({
          name: signer?.fullName ?? '',
          nameKm: signer?.fullNameKm ?? null,
          post: post?.title ?? null,
          postKm: post?.title_km ?? null,
          actingFor: actingFor
            ? {
                name: actingFor.fullName,
                nameKm: actingFor.fullNameKm,
                post: t.postTitle,
                postKm: t.postTitleKm,
              }
            : null,
          stage: stage.name,
          at: (t.decidedAt ?? new Date()).toISOString(),
        });
      }
    }
    return out;
  }
}
