import { Module } from '@nestjs/common';
import { PdfModule } from '../pdf/pdf.module.js';
import { SigningModule } from '../signing/signing.module.js';
import { ActedBeforeNames } from './acted-before-names.js';
import { ApprovalTasksController } from './approval-tasks.controller.js';
import { DocumentTypesController } from './document-types.controller.js';
import { DocumentsController } from './documents.controller.js';
import { RoutePreviewController } from './route-preview.controller.js';
import { VerifyController } from './verify.controller.js';
import { WorkflowsController } from './workflows.controller.js';
import { ApprovalsAccess } from './approvals-access.js';
import { ApprovalsGateway } from './approvals-gateway.service.js';
import { AdvanceStageJob } from './jobs/advance-stage.job.js';
import { EscalateTaskJob } from './jobs/escalate-task.job.js';
import { SignedCopyJob } from './jobs/signed-copy.job.js';
import { TaskReminderJob } from './jobs/task-reminder.job.js';
import { AdminRoutingService } from './admin-routing.service.js';
import { DecisionLocks } from './decision-locks.service.js';
import { DecisionNotices } from './decision-notices.service.js';
import { DecisionsService } from './decisions.service.js';
import { RecallService } from './recall.service.js';
import { SubmissionsService } from './submissions.service.js';
import { WithdrawalService } from './withdrawal.service.js';
import { DelegatedTasksService } from './delegated-tasks.service.js';
import { DelegationsService } from './delegations.service.js';
import { DocumentViewsService } from './document-views.service.js';
import { DocumentsService } from './documents.service.js';
import { DocumentSubjects } from './document-subjects.js';
import { FinalRenderers } from './final-renderers.js';
import { InboxService } from './inbox.service.js';
import { RequestOutcomes } from './request-outcomes.js';
import { RevocationService } from './revocation.service.js';
import { RoutePreviewService } from './route-preview.service.js';
import { SignOffService } from './sign-off.service.js';
import { SignedCopyService } from './signed-copy.service.js';
import { StagePlanService } from './stage-plan.service.js';
import { StageRoutingService } from './stage-routing.service.js';
import { TaskCreationService } from './task-creation.service.js';
import { TaskNotices } from './task-notices.js';
import { VerificationService } from './verification.service.js';
import { WorkflowsService } from './workflows.service.js';
import { OrgModule } from '../org/org.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FilesModule } from '../files/files.module.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RedisModule } from '../redis/redis.module.js';

/**
 * Document approvals (DWF): documents and versions, versioned workflow templates, requests, stages
 * and tasks, delegations, reference numbers, signed sign-off and public verification.
 * `ApprovalsGateway` is exported for modules that route their own documents through the
 * workflow (meeting minutes); they hear of the outcome through `RequestOutcomes`.
 */
@Module({
  imports: [
    OutboxModule,
    RedisModule,
    OrgModule,
    AuditModule,
    NotificationsModule,
    FilesModule,
    SignedLinksModule,
    PdfModule,
    SigningModule,
  ],
  controllers: [
    WorkflowsController,
    DocumentTypesController,
    DocumentsController,
    RoutePreviewController,
    ApprovalTasksController,
    VerifyController,
  ],
  providers: [
    ActedBeforeNames,
    ApprovalsAccess,
    ApprovalsGateway,
    AdvanceStageJob,
    TaskReminderJob,
    EscalateTaskJob,
    SignedCopyJob,
    AdminRoutingService,
    DecisionLocks,
    DecisionNotices,
    DecisionsService,
    RecallService,
    SubmissionsService,
    WithdrawalService,
    DelegationsService,
    DelegatedTasksService,
    DocumentViewsService,
    DocumentsService,
    FinalRenderers,
    DocumentSubjects,
    InboxService,
    RequestOutcomes,
    RevocationService,
    RoutePreviewService,
    SignOffService,
    SignedCopyService,
    StagePlanService,
    StageRoutingService,
    TaskCreationService,
    TaskNotices,
    VerificationService,
    WorkflowsService,
  ],
  // DocumentsService and InboxService: the server-rendered pages read through them (src/ops/signed-in-page-data.ts).
  exports: [
    ApprovalsGateway,
    FinalRenderers,
    DocumentSubjects,
    RequestOutcomes,
    DocumentsService,
    InboxService,
  ],
})
export class ApprovalsModule {}
