import { Module } from '@nestjs/common';
import { FirstAdminService } from './first-admin.service.js';
import { OrgUnitsController } from './org-units.controller.js';
import { OrgUnitsService } from './org-units.service.js';
import { OrgService } from './org.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { UserRenames } from './user-renames.js';

/**
 * Users, org units and posts. Modules that read users or units import it for `OrgService` (its read API);
 * `UsersService` is exported for the auth module's credential checks, `PeopleService` (the directory
 * as colleagues see it) for the server's render of signed-in pages.
 */
@Module({
  imports: [AuditModule],
  controllers: [UsersController, PeopleController, OrgUnitsController],
  providers: [OrgService, UsersService, PeopleService, OrgUnitsService, FirstAdminService, UserRenames],
  exports: [OrgService, UsersService, PeopleService, UserRenames],
})
export class OrgModule {}
