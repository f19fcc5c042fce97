import { Module } from '@nestjs/common';
import { RequestsController } from './requests.controller.js';
import { WorkingGroupsController } from './working-groups.controller.js';
import { WorkingGroupsAccess } from './working-groups.access.js';
import { WorkingGroupsService } from './working-groups.service.js';

/** Working groups and sub-groups, members and roles, progress reports and requests. */
@Module({
  controllers: [WorkingGroupsController, RequestsController],
  providers: [WorkingGroupsService, WorkingGroupsAccess],
  exports: [WorkingGroupsService, WorkingGroupsAccess],
})
export class WorkingGroupsModule {}
