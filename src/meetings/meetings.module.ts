import { ActionItemOverdueJob } from './jobs/action-item-overdue.job.js';
import { ActionItemSweepJob } from './jobs/action-item-sweep.job.js';
import { MeetingReminderJob } from './jobs/meeting-reminder.job.js';
import { MinutesDecidedJob } from './jobs/minutes-decided.job.js';
import { Module } from '@nestjs/common';
import { PdfModule } from '../pdf/pdf.module.js';
import { MinutesPdfService } from './minutes-pdf.service.js';
import { ApprovalsModule } from '../approvals/approvals.module.js';
import { AssociationsModule } from '../associations/associations.module.js';
import { WorkingGroupsModule } from '../working-groups/working-groups.module.js';
import { ActionItemsController } from './action-items.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { ActionItemsService } from './action-items.service.js';
import { MeetingsAccess } from './meetings.access.js';
import { MeetingsController } from './meetings.controller.js';
import { MinutesController } from './minutes.controller.js';
import { AttendanceService } from './attendance.service.js';
import { MeetingRemindersService } from './meeting-reminders.service.js';
import { MeetingSchedulingService } from './meeting-scheduling.service.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesDecisionsService } from './minutes-decisions.service.js';
import { MinutesPrintService } from './minutes-print.service.js';
import { MinutesSubmissionService } from './minutes-submission.service.js';
import { MinutesApproval } from './minutes-approval.js';
import { MeetingCalendar } from './meeting-calendar.js';
import { MinutesService } from './minutes.service.js';
import { WorkingGroupPageController } from './working-group-page.controller.js';
import { OrgModule } from '../org/org.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FilesModule } from '../files/files.module.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';
import { OutboxModule } from '../outbox/outbox.module.js';

/** Meetings of any body: agenda, participants and attendance, minutes with revisions, action items. */
@Module({
  imports: [
    OutboxModule,
    OrgModule,
    AuditModule,
    NotificationsModule,
    FilesModule,
    SignedLinksModule,
    WorkingGroupsModule,
    AssociationsModule,
    ApprovalsModule,
    PdfModule,
  ],
  controllers: [MeetingsController, MinutesController, ActionItemsController, WorkingGroupPageController],
  providers: [
    MeetingsService,
    MeetingSchedulingService,
    MeetingRemindersService,
    AttendanceService,
    MinutesService,
    MinutesSubmissionService,
    MinutesDecisionsService,
    MinutesPrintService,
    ActionItemsService,
    MeetingsAccess,
    MinutesApproval,
    MeetingCalendar,
    MinutesPdfService,
    AttachmentsService,
    ActionItemSweepJob,
    ActionItemOverdueJob,
    MeetingReminderJob,
    MinutesDecidedJob,
  ],
  exports: [MeetingsService, MinutesService, ActionItemsService],
})
export class MeetingsModule {}
