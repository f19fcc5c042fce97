import { Body, Controller, Get, Header, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { BoardDto } from '../associations/dto/association.dto.js';
import { BoardDto as BoardDtoClass } from '../associations/dto/association.dto.js';
import type { AuthUser, TokenSubject } from '../common/auth/auth-user.js';
import {
  Authenticated,
  AuthenticatedByToken,
  AuthenticatedOrSignedLink,
  CurrentTokenSubject,
  CurrentUser,
} from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import type { Page } from '../common/http/pagination.js';
import { UuidParam } from '../common/http/uuid-param.js';
import {
  PublishedBallotsDto,
  CandidateDto,
  CastBallotDto,
  CertifyElectionDto,
  CreateElectionDto,
  ElectionDto,
  ElectionListDto,
  MyVoteDto,
  NominateDto,
  BallotReceiptDto,
  PublishedReceiptsDto,
  ElectionResultsDto,
  TieBreakDto,
  TieBreakResultDto,
  UpdateElectionDto,
} from './dto/election.dto.js';
import { type MyElectionDto, MyElectionPageDto, MyElectionsQueryDto } from './dto/my-elections.dto.js';
import { CandidatesService } from './candidates.service.js';
import { CertificationService } from './certification.service.js';
import { ElectionQueriesService } from './election-queries.service.js';
import { ElectionResultsService } from './election-results.service.js';
import { ElectionSetupService } from './election-setup.service.js';
import { ElectionsService } from './elections.service.js';
import { TieBreakService } from './tie-break.service.js';
import { VotingService } from './voting.service.js';

const NOT_FOUND = 'ELECTION_NOT_FOUND (also for non-members of the association)';
const NOT_AVAILABLE = 'RESULTS_NOT_AVAILABLE: published only after voting closes';

@ApiTags('elections')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller()
export class ElectionsController {
  constructor(
    private readonly setup: ElectionSetupService,
    private readonly queries: ElectionQueriesService,
    private readonly candidates: CandidatesService,
    private readonly lifecycle: ElectionsService,
    private readonly voting: VotingService,
    private readonly published: ElectionResultsService,
    private readonly tieBreaks: TieBreakService,
    private readonly certification: CertificationService,
  ) {}

  @Post('associations/:id/elections')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: "Create a board election (draft) for a term (the association's committee or admins)",
  })
  @ApiCreatedResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ASSOCIATION_NOT_FOUND, TERM_NOT_FOUND' })
  create(
    @UuidParam('id') associationId: string,
    @Body() dto: CreateElectionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ElectionDto> {
    return this.setup.create(user, associationId, dto);
  }

  @Get('associations/:id/elections')
  @Authenticated()
  @ApiOperation({ summary: "The association's elections (members)" })
  @ApiOkResponse({ type: ElectionListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ASSOCIATION_NOT_FOUND' })
  list(@UuidParam('id') associationId: string, @CurrentUser() user: AuthUser): Promise<ElectionListDto> {
    return this.queries.listForAssociation(user, associationId);
  }

  @Get('elections')
  @Authenticated()
  @ApiOperation({
    summary:
      'My elections: those of every association I belong to (all for an admin), open voting first, ' +
      'each with whether I may vote and whether I have voted (never how)',
  })
  @ApiOkResponse({ type: MyElectionPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  mine(@Query() query: MyElectionsQueryDto, @CurrentUser() user: AuthUser): Promise<Page<MyElectionDto>> {
    return this.queries.mine(user, query);
  }

  @Get('elections/:id')
  @Authenticated()
  @ApiOperation({
    summary:
      'An election (members): status, seats, candidates in ballot order, turnout so far (a count only)',
  })
  @ApiOkResponse({ type: ElectionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionDto> {
    return this.queries.get(user, id);
  }

  @Patch('elections/:id')
  @Authenticated()
  @ApiOperation({
    summary: 'Change the title or the scheduled times (committee); jobs queued for old times do nothing',
  })
  @ApiOkResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'ELECTION_NOT_DRAFT, ELECTION_NOT_OPENABLE, ELECTION_NOT_OPEN',
  })
  update(
    @UuidParam('id') id: string,
    @Body() dto: UpdateElectionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ElectionDto> {
    return this.setup.update(user, id, dto);
  }

  @Post('elections/:id/candidates')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Nominate a candidate: the committee (draft or nominations), or a member themself while nominations are open',
  })
  @ApiCreatedResponse({ type: CandidateDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'CANDIDATE_NOT_ELIGIBLE, VALIDATION_FAILED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'NOMINATIONS_CLOSED, ALREADY_CANDIDATE, CANDIDATES_LOCKED',
  })
  nominate(
    @UuidParam('id') id: string,
    @Body() dto: NominateDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CandidateDto> {
    return this.candidates.nominate(user, id, dto);
  }

  @Post('elections/:id/candidates/:candidateId/withdraw')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw a candidacy (the candidate or the committee), before voting opens' })
  @ApiOkResponse({ type: CandidateDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CANDIDATES_LOCKED, ALREADY_WITHDRAWN' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CANDIDATE_NOT_FOUND' })
  withdraw(
    @UuidParam('id') id: string,
    @UuidParam('candidateId') candidateId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CandidateDto> {
    return this.candidates.withdraw(user, id, candidateId);
  }

  @Post('elections/:id/open-nominations')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open nominations now (committee); the queue does it at nominationsOpenAt' })
  @ApiOkResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ELECTION_NOT_DRAFT' })
  openNominations(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionDto> {
    return this.lifecycle.openNominations(user, id);
  }

  @Post('elections/:id/open-voting')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Open voting now (committee): freezes the voter roll, draws the ballot order, notifies the voters',
  })
  @ApiOkResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'ELECTION_NOT_OPENABLE, NO_CANDIDATES, VOTING_CLOSE_TIME_PASSED',
  })
  openVoting(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionDto> {
    return this.lifecycle.openVoting(user, id);
  }

  @Post('elections/:id/close-voting')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close voting now (committee) and queue the tally; the queue does it at votingClosesAt',
  })
  @ApiOkResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ELECTION_NOT_OPEN' })
  closeVoting(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionDto> {
    return this.lifecycle.closeVoting(user, id);
  }

  @Post('elections/:id/cancel')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the election (committee), only before voting closes' })
  @ApiOkResponse({ type: ElectionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'ELECTION_FINISHED: voting has closed (closed, certified) or it is cancelled already',
  })
  cancel(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionDto> {
    return this.lifecycle.cancel(user, id);
  }

  @Post('elections/:id/ballots')
  @AuthenticatedByToken()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Cast my secret ballot (a voter on the roll, while voting is open)',
    description:
      'Returns a receipt code to find in the published receipts after closing. Idempotency-Key is not honoured ' +
      'here on purpose (keeping the first answer beside the voter would link voter and ballot): a retry gets 409 ALREADY_VOTED.',
  })
  @ApiCreatedResponse({ type: BallotReceiptDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'TOO_MANY_CHOICES, DUPLICATE_CANDIDATE, UNKNOWN_CANDIDATE',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELIGIBLE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ALREADY_VOTED, ELECTION_NOT_OPEN' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  vote(
    @UuidParam('id') id: string,
    @Body() dto: CastBallotDto,
    @CurrentTokenSubject() voter: TokenSubject,
  ): Promise<BallotReceiptDto> {
    return this.voting.vote(voter, id, dto.candidateIds);
  }

  @Get('elections/:id/my-vote')
  @Authenticated()
  @ApiOperation({ summary: 'Whether I have voted (never how)' })
  @ApiOkResponse({ type: MyVoteDto })
  myVote(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<MyVoteDto> {
    return this.voting.myVote(user, id);
  }

  @Get('elections/:id/results')
  @Authenticated()
  @ApiOperation({
    summary:
      'Results (members, after closing): votes and rank per candidate, elected, substitutes, tie, turnout, quorum',
  })
  @ApiOkResponse({ type: ElectionResultsDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: NOT_AVAILABLE })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'RESULTS_PENDING: the tally job has not finished',
  })
  results(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<ElectionResultsDto> {
    return this.published.results(user, id);
  }

  @Get('elections/:id/results.svg')
  @AuthenticatedOrSignedLink()
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({
    summary: 'Results as an SVG bar chart, elected candidates marked (members, after closing)',
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG', schema: { type: 'string' } })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: NOT_AVAILABLE })
  resultsSvg(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<string> {
    return this.published.resultsSvg(user, id);
  }

  @Get('elections/:id/recount')
  @Authenticated()
  @ApiOperation({
    summary: 'A fresh count from the stored ballots, to check the published results (members, after closing)',
  })
  @ApiOkResponse({ type: ElectionResultsDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: NOT_AVAILABLE })
  recount(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<unknown> {
    return this.published.recount(user, id);
  }

  @Get('elections/:id/receipts')
  @AuthenticatedOrSignedLink()
  @ApiOperation({ summary: 'Every receipt code, sorted (members, after closing)' })
  @ApiOkResponse({ type: PublishedReceiptsDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: NOT_AVAILABLE })
  receipts(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<PublishedReceiptsDto> {
    return this.published.receipts(user, id);
  }

  @Get('elections/:id/ballots')
  @AuthenticatedOrSignedLink()
  @ApiOperation({
    summary: 'Every ballot, anonymised and in random order, for a recount (members, after closing)',
  })
  @ApiOkResponse({ type: PublishedBallotsDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: NOT_AVAILABLE })
  ballots(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<PublishedBallotsDto> {
    return this.published.ballots(user, id);
  }

  @Post('elections/:id/tie-break')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Break a tie across the last seat by the election's method (committee)",
    description:
      '`{ method: "lot" }`: draws with the seed committed when voting opened (its SHA-256 is the election\'s ' +
      '`lotCommitment`) and reveals it as `lotSeed` in the results, with the procedure and every hash; a `seed` in ' +
      'the body is 400 LOT_SEED_NOT_ACCEPTED. ' +
      '`{ method: "runoff", votingOpensAt, votingClosesAt }`: a runoff among the tied candidates for the seats left.',
  })
  @ApiOkResponse({ type: TieBreakResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, LOT_SEED_NOT_ACCEPTED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ELECTION_COMMITTEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'ELECTION_NOT_CLOSED, NO_TIE, TIE_ALREADY_BROKEN, TIE_BREAK_METHOD_MISMATCH, RUNOFF_PENDING, RESULTS_PENDING',
  })
  tieBreak(
    @UuidParam('id') id: string,
    @Body() dto: TieBreakDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TieBreakResultDto> {
    return this.tieBreaks.tieBreak(user, id, dto);
  }

  @Post('elections/:id/certify')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Certify: install the elected as the term's board, substitutes ranked (association admins)",
  })
  @ApiBody({ type: CertifyElectionDto, required: false })
  @ApiOkResponse({ type: BoardDtoClass })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'ELECTION_NOT_CLOSED, RESULTS_PENDING, TIE_UNRESOLVED, QUORUM_NOT_MET, BOARD_SIZE_CHANGE_UNCONFIRMED ' +
      "(the seats differ from the term's board seats: send confirmBoardSizeChange: true), BOARD_ALREADY_INSTALLED, " +
      'RUNOFF_NOT_CERTIFIABLE',
  })
  certify(
    @UuidParam('id') id: string,
    @Body() dto: CertifyElectionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<BoardDto> {
    return this.certification.certify(user, id, dto);
  }
}
