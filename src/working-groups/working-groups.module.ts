import { Module } from '@nestjs/common';
import { RequestsController } from './requests.controller.js';
import { WorkingGroupsController } from './working-groups.controller.js';
import { WorkingGroupsAccess } from './working-groups.access.js';
import { WorkingGroupsService } from './working-groups.service.js';
import { ProgressReportsService } from './progress-reports.service.js';
import { ReportRequestsService } from './report-requests.service.js';
import { OrgModule } from '../org/org.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

/** Working groups and sub-groups, members and roles, progress reports and requests. */
@Module({
  imports: [OrgModule, AuditModule, NotificationsModule],
  controllers: [WorkingGroupsController, RequestsController],
  providers: [WorkingGroupsService, ProgressReportsService, ReportRequestsService, WorkingGroupsAccess],
  exports: [WorkingGroupsService, ProgressReportsService, WorkingGroupsAccess],
})
export class WorkingGroupsModule {}
