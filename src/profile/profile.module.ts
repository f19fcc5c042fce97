import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module.js';
import { WorkingGroupsModule } from '../working-groups/working-groups.module.js';
import { MeController } from './me.controller.js';
import { OrgModule } from '../org/org.module.js';
import { ProfileService } from './profile.service.js';

/** GET/PATCH /me: composes the caller's profile (org) with their memberships (associations, working groups). */
@Module({
  imports: [OrgModule, AssociationsModule, WorkingGroupsModule],
  controllers: [MeController],
  providers: [ProfileService],
  // The server-rendered pages (src/ops) read the signed-in user through it.
  exports: [ProfileService],
})
export class ProfileModule {}
