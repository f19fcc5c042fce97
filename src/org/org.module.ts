import { Module } from '@nestjs/common';
import { FirstAdminService } from './first-admin.service.js';
import { OrgUnitsController } from './org-units.controller.js';
import { OrgUnitsService } from './org-units.service.js';
import { OrgService } from './org.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { UserRenames } from './user-renames.js';

/**
 * Users, org units and posts. Modules that read users or units import it for `OrgService` (its read API);
 * `UsersService` is exported for the auth module's credential checks.
 */
@Module({
  imports: [AuditModule],
  controllers: [UsersController, OrgUnitsController],
  providers: [OrgService, UsersService, OrgUnitsService, FirstAdminService, UserRenames],
  exports: [OrgService, UsersService, UserRenames],
})
export class OrgModule {}
