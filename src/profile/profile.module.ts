import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module.js';
import { WorkingGroupsModule } from '../working-groups/working-groups.module.js';
import { MeController } from './me.controller.js';

/** GET/PATCH /me: composes the caller's profile (org) with their memberships (associations, working groups). */
@Module({
  imports: [AssociationsModule, WorkingGroupsModule],
  controllers: [MeController],
})
export class ProfileModule {}
