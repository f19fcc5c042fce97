import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { CandidatesService } from './candidates.service.js';
import { CertificationService } from './certification.service.js';
import { ElectionNotices } from './election-notices.js';
import { ElectionPresenter } from './election-presenter.js';
import { ElectionQueriesService } from './election-queries.service.js';
import { ElectionResultsService } from './election-results.service.js';
import { ElectionSetupService } from './election-setup.service.js';
import { ElectionTallyService } from './election-tally.service.js';
import { ElectionsAccess } from './elections-access.js';
import { ElectionsController } from './elections.controller.js';
import { ElectionsService } from './elections.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SignedLinksModule } from '../common/auth/signed-links.js';
import { CloseVotingJob } from './jobs/close-voting.job.js';
import { OpenNominationsJob } from './jobs/open-nominations.job.js';
import { OpenVotingJob } from './jobs/open-voting.job.js';
import { TallyJob } from './jobs/tally.job.js';
import { TieBreakService } from './tie-break.service.js';
import { VotingService } from './voting.service.js';
import { OutboxModule } from '../outbox/outbox.module.js';

/** Board elections: lifecycle, candidates, secret ballots, tally, tie-break, certification. */
@Module({
  imports: [OutboxModule, AuditModule, NotificationsModule, SignedLinksModule, AssociationsModule],
  controllers: [ElectionsController],
  providers: [
    ElectionsService,
    ElectionsAccess,
    BallotKeysService,
    OpenNominationsJob,
    OpenVotingJob,
    CloseVotingJob,
    TallyJob,
    ElectionSetupService,
    ElectionQueriesService,
    CandidatesService,
    VotingService,
    ElectionTallyService,
    ElectionResultsService,
    TieBreakService,
    CertificationService,
    ElectionPresenter,
    ElectionNotices,
  ],
  // ElectionQueriesService: the server-rendered election and home pages read through it.
  exports: [ElectionsService, ElectionQueriesService],
})
export class ElectionsModule {}
