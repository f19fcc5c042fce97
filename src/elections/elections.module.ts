import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { ElectionsAccess } from './elections-access.js';
import { ElectionsController } from './elections.controller.js';
import { ElectionsService } from './elections.service.js';
import { ElectionJobs } from './jobs/election.jobs.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';

/** Board elections: lifecycle, candidates, secret ballots, tally, tie-break, certification. */
@Module({
  imports: [AuditModule, NotificationsModule, SignedLinksModule, AssociationsModule],
  controllers: [ElectionsController],
  providers: [ElectionsService, ElectionsAccess, ElectionJobs, BallotKeysService],
  exports: [ElectionsService],
})
export class ElectionsModule {}
