import { Module } from '@nestjs/common';
import { PdfModule } from '../pdf/pdf.module.js';
import { ApprovalTasksController } from './approval-tasks.controller.js';
import { DocumentTypesController } from './document-types.controller.js';
import { DocumentsController } from './documents.controller.js';
import { RoutePreviewController } from './route-preview.controller.js';
import { VerifyController } from './verify.controller.js';
import { WorkflowsController } from './workflows.controller.js';
import { ApprovalsAccess } from './approvals-access.js';
import { ApprovalsGateway } from './approvals-gateway.service.js';
import { ApprovalJobs } from './approvals.jobs.js';
import { DecisionsService } from './decisions.service.js';
import { DelegationsService } from './delegations.service.js';
import { DocumentViewsService } from './document-views.service.js';
import { DocumentsService } from './documents.service.js';
import { FinalRenderers } from './final-renderers.js';
import { InboxService } from './inbox.service.js';
import { RevocationService } from './revocation.service.js';
import { RoutePreviewService } from './route-preview.service.js';
import { SignOffService } from './sign-off.service.js';
import { SignedCopyService } from './signed-copy.service.js';
import { SigningKeyService } from './signing-key.service.js';
import { StageRoutingService } from './stage-routing.service.js';
import { VerificationService } from './verification.service.js';
import { WorkflowsService } from './workflows.service.js';

/**
 * Document approvals (DWF): documents and versions, versioned workflow templates, requests, stages
 * and tasks, delegations, reference numbers, signed sign-off and public verification.
 * `ApprovalsGateway` is exported for modules that route their own documents through the
 * workflow (meeting minutes); their outcome comes back as the `meetings.minutes_decided` job.
 */
@Module({
  imports: [PdfModule],
  controllers: [
    WorkflowsController,
    DocumentTypesController,
    DocumentsController,
    RoutePreviewController,
    ApprovalTasksController,
    VerifyController,
  ],
  providers: [
    ApprovalsAccess,
    ApprovalsGateway,
    ApprovalJobs,
    DecisionsService,
    DelegationsService,
    DocumentViewsService,
    DocumentsService,
    FinalRenderers,
    InboxService,
    RevocationService,
    RoutePreviewService,
    SignOffService,
    SignedCopyService,
    SigningKeyService,
    StageRoutingService,
    VerificationService,
    WorkflowsService,
  ],
  exports: [ApprovalsGateway, SigningKeyService, FinalRenderers],
})
export class ApprovalsModule {}
