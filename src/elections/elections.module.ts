import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { CandidatesService } from './candidates.service.js';
import { CertificationService } from './certification.service.js';
import { ElectionPresenter } from './election-presenter.js';
import { ElectionQueriesService } from './election-queries.service.js';
import { ElectionResultsService } from './election-results.service.js';
import { ElectionSetupService } from './election-setup.service.js';
import { ElectionTallyService } from './election-tally.service.js';
import { ElectionsAccess } from './elections-access.js';
import { ElectionsController } from './elections.controller.js';
import { ElectionsService } from './elections.service.js';
import { ElectionJobs } from './jobs/election.jobs.js';
import { TieBreakService } from './tie-break.service.js';
import { VotingService } from './voting.service.js';

/** Board elections: lifecycle, candidates, secret ballots, tally, tie-break, certification. */
@Module({
  imports: [AssociationsModule],
  controllers: [ElectionsController],
  providers: [
    ElectionsService,
    ElectionSetupService,
    ElectionQueriesService,
    CandidatesService,
    VotingService,
    ElectionTallyService,
    ElectionResultsService,
    TieBreakService,
    CertificationService,
    ElectionPresenter,
    ElectionsAccess,
    ElectionJobs,
    BallotKeysService,
  ],
  exports: [ElectionsService],
})
export class ElectionsModule {}
