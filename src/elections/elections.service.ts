import { Injectable, Logger } from '@nestjs/common';
import { SignedLinks } from '../common/auth/signed-links.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AssociationsAccess } from '../associations/associations-access.js';
import { AssociationsService } from '../associations/associations.service.js';
import type { BoardDto } from '../associations/dto/association.dto.js';
import {
  type AuditAppendInput,
  AuditService,
  NEW_STREAM_ENTRY_CTES,
  newStreamEntry,
} from '../audit/audit.service.js';
import { isAdmin, type AuthUser, type TokenSubject } from '../common/auth/auth-user.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import type { MemberRole, MemberStatus } from '../associations/entities/association-member.entity.js';
import { ACCOUNT_STILL_VALID_SQL, accountNoLongerValid } from '../auth/token.service.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { secureShuffle } from '../common/random/secure-shuffle.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { preparedQuery } from '../database/prepared-query.js';
import { refusalCode, refusalOf } from '../database/refusal.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { openBallot } from './ballot-seal.js';
import { isValidBallot, validateBallot } from './ballot-validation.js';
import type {
  PublishedBallotsDto,
  CandidateDto,
  CreateElectionDto,
  ElectionDto,
  MyVoteDto,
  NominateDto,
  BallotReceiptDto,
  PublishedReceiptsDto,
  ElectionResultsDto,
  TieBreakDto,
  TieBreakResultDto,
  UpdateElectionDto,
} from './dto/election.dto.js';
import type { MyElectionDto, MyElectionsQueryDto } from './dto/my-elections.dto.js';
import { applyTransition, type ElectionStatus } from './election-state.js';
import { ElectionsAccess } from './elections-access.js';
import { Candidate } from './entities/candidate.entity.js';
import { Election } from './entities/election.entity.js';
import { ElectionLotSeed } from './entities/lot-seed.entity.js';
import { drawLot, lotCommitmentOf, LOT_PROCEDURE, newLotSeed } from './lot.js';
import { newReceipt } from './receipt.js';
import { renderResultsSvg } from './results-svg.js';
import { tallyFromDatabase } from './tally-query.js';
import {
  type ElectionResults,
  type LotRecord,
  orderTiedSubstitutes,
  resolveTie,
  type RunoffRecord,
  tiedSubstituteGroups,
} from './tally.js';

/** First key of the election's advisory lock (the second is a hash of its id). */
const ELECTION_LOCK_CLASS = 7_404_004;

/** How long, and for how many elections, a process keeps what ballots are checked against. */
const BALLOT_RULES_TTL_MS = 60_000;
const BALLOT_RULES_MAX = 1000;

/** Whether the voter ($2) is a member of election `e`'s association (false for no election). */
const VOTER_IS_MEMBER_SQL = `e.id IS NOT NULL AND EXISTS(SELECT 1 FROM association_members m
        WHERE m.association_id = e.association_id AND m.user_id = $2::uuid)`;

interface BallotRules {
  maxChoices: number;
  candidates: ReadonlySet<string>;
  until: number;
}

/**
 * What a ballot is checked against, read when this process does not hold it yet ($1 election, $2
 * voter, $3 the token's iat, $4 its session): the account, the membership, whether voting is open, maxChoices and
 * the active candidates. Reads only; one row even for an unknown election.
 */
const BALLOT_RULES_STATEMENT = `
  SELECT ${ACCOUNT_STILL_VALID_SQL('$2', '$3', '$4')} AS account_ok,
         ${VOTER_IS_MEMBER_SQL} AS member,
         e.status, e.voting_closes_at > now() AS open, e.max_choices,
         ARRAY(SELECT c.id::text FROM election_candidates c
                WHERE c.election_id = e.id AND c.status = 'active') AS candidates
    FROM (SELECT 1) one LEFT JOIN elections e ON e.id = $1::uuid`;

interface BallotRulesRow {
  account_ok: boolean;
  member: boolean;
  status: string | null;
  open: boolean | null;
  max_choices: number | null;
  candidates: string[];
}

/**
 * The vote, one statement ($1 election, $2 voter, $3 the token's iat, $4 lock class, $5-$11 the
 * audit entry `election.vote_cast`, $12 whether the voter's audit stream may exist already, $13
 * the token's session, $14 the sealed ballot, base64). It holds the voter and the ballot sealed to the election's key,
 * which the database cannot read (README, "Secrecy"): never the choices or the receipt. It writes
 * the audit entry and refuses (`mwf_refuse`, which rolls the whole statement back) an account the
 * token no longer speaks for, a non-member, a closed election, a voter not on the roll and one who
 * has voted; then `election_cast_sealed` (`sql/election-cast-sealed.sql.ts`) takes the election's
 * lock shared and, on a snapshot taken after it, marks the roll and stores the sealed ballot, or
 * refuses. The entry starts the voter's stream; when that stream exists already (it should not:
 * one vote each), it refuses AUDIT_STREAM_EXISTS unless told the caller appends to it.
 */
const VOTE_STATEMENT = `
  WITH ${NEW_STREAM_ENTRY_CTES(5)},
  facts AS (
    SELECT ${ACCOUNT_STILL_VALID_SQL('$2', '$3', '$13')} AS account_ok,
           ${VOTER_IS_MEMBER_SQL} AS member,
           e.status = 'voting' AND e.voting_closes_at > now() AS open,
           r.voted
      FROM (SELECT 1) one
      LEFT JOIN elections e ON e.id = $1::uuid
      LEFT JOIN election_voter_roll r ON r.election_id = e.id AND r.user_id = $2::uuid)
  SELECT CASE WHEN NOT f.account_ok THEN mwf_refuse('UNAUTHENTICATED')
              WHEN NOT f.member THEN mwf_refuse('ELECTION_NOT_FOUND')
              WHEN NOT f.open THEN mwf_refuse('ELECTION_NOT_OPEN')
              WHEN f.voted IS NULL THEN mwf_refuse('NOT_ELIGIBLE')
              WHEN f.voted THEN mwf_refuse('ALREADY_VOTED')
              WHEN NOT $12::boolean AND NOT EXISTS (SELECT 1 FROM audit_entry) THEN mwf_refuse('AUDIT_STREAM_EXISTS')
              ELSE election_cast_sealed($1::uuid, $2::uuid, decode($14, 'base64'), $4::int) END AS accepted
    FROM facts f`;

/** The answers to the vote statements' refusals. */
const VOTE_REFUSALS = {
  UNAUTHENTICATED: accountNoLongerValid,
  ELECTION_NOT_FOUND: () => notFound('ELECTION_NOT_FOUND', 'No such election'),
  ELECTION_NOT_OPEN: () => conflict('ELECTION_NOT_OPEN', 'The election is not open for voting'),
  NOT_ELIGIBLE: () => forbidden('NOT_ELIGIBLE', 'You are not on the voter roll of this election'),
  ALREADY_VOTED: () => conflict('ALREADY_VOTED', 'You have already voted in this election'),
};

const fieldError = (field: string, problem: string) =>
  badRequest('VALIDATION_FAILED', 'Request validation failed', [{ field, problems: [problem] }]);

/**
 * Board elections: lifecycle, candidates, secret ballots, tally, tie-break, certification.
 *
 * Secrecy (README, "Secrecy"): a vote writes the voter roll's `voted` flag (no time), the audit
 * entry (names the voter, no choice or receipt) and the ballot sealed to the election's key, which
 * the database never holds; the tally's mix opens the sealed ballots and puts them into the box
 * (no voter, no time) in one random order, after closing. Nothing is logged about a ballot's
 * content. Idempotency-Key is deliberately NOT honoured
 * on voting: storing the first answer (the receipt) or a hash of the body (the choices) beside the
 * voter's id would link the voter to the ballot. A retried vote gets 409 ALREADY_VOTED.
 */
@Injectable()
export class ElectionsService {
  private readonly logger = new Logger(ElectionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly associations: AssociationsService,
    private readonly access: ElectionsAccess,
    private readonly associationsAccess: AssociationsAccess,
    private readonly links: SignedLinks,
    private readonly ballotKeys: BallotKeysService,
  ) {}

  // ---------------------------------------------------------------- setting up

  async create(user: AuthUser, associationId: string, dto: CreateElectionDto): Promise<ElectionDto> {
    const opensAt = new Date(dto.votingOpensAt);
    const closesAt = new Date(dto.votingClosesAt);
    const nominationsAt = dto.nominationsOpenAt ? new Date(dto.nominationsOpenAt) : null;
    if (closesAt <= opensAt) throw fieldError('votingClosesAt', 'votingClosesAt must be after votingOpensAt');
    if (closesAt.getTime() <= Date.now())
      throw fieldError('votingClosesAt', 'votingClosesAt must be in the future');
    if (nominationsAt && nominationsAt > opensAt) {
      throw fieldError('nominationsOpenAt', 'nominationsOpenAt must not be after votingOpensAt');
    }
    const maxChoices = dto.maxChoices ?? dto.seats;
    if (maxChoices > dto.seats) throw fieldError('maxChoices', 'maxChoices must not exceed seats');
    return this.tx.run(async (em) => {
      await this.associationsAccess.committee(user, associationId, em);
      const term = await this.associations.findTerm(associationId, dto.termId, em);
      if (!term) throw notFound('TERM_NOT_FOUND', 'No such term in this association');
      const election = await em.save(
        em.create(Election, {
          associationId,
          termId: term.id,
          parentElectionId: null,
          title: dto.title.trim(),
          seats: dto.seats,
          maxChoices,
          eligibleStatuses: dto.eligibleStatuses ?? ['active'],
          nominationsOpenAt: nominationsAt,
          votingOpensAt: opensAt,
          votingClosesAt: closesAt,
          quorumPercent: dto.quorumPercent ?? null,
          tieBreak: dto.tieBreak,
          status: 'draft',
          createdBy: user.id,
        }),
      );
      await this.schedule(em, election, { nominations: true, opens: true, closes: true });
      await this.record(em, election, 'election.created', user.id, {
        title: election.title,
        termId: term.id,
        seats: election.seats,
        maxChoices,
        eligibleStatuses: election.eligibleStatuses,
        nominationsOpenAt: nominationsAt,
        votingOpensAt: opensAt,
        votingClosesAt: closesAt,
        quorumPercent: election.quorumPercent,
        tieBreak: election.tieBreak,
      });
      return this.present(election, em);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateElectionDto): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      const changed = { nominations: false, opens: false, closes: false };
      if (dto.title !== undefined) e.title = dto.title.trim();
      if (dto.nominationsOpenAt !== undefined) {
        if (e.status !== 'draft') throw conflict('ELECTION_NOT_DRAFT', 'Nominations have already opened');
        e.nominationsOpenAt = new Date(dto.nominationsOpenAt);
        changed.nominations = true;
      }
      if (dto.votingOpensAt !== undefined) {
        if (!['draft', 'nominations'].includes(e.status))
          throw conflict('ELECTION_NOT_OPENABLE', 'Voting has already opened');
        e.votingOpensAt = new Date(dto.votingOpensAt);
        changed.opens = true;
      }
      if (dto.votingClosesAt !== undefined) {
        if (!['draft', 'nominations', 'voting'].includes(e.status))
          throw conflict('ELECTION_NOT_OPEN', 'Voting has closed');
        e.votingClosesAt = new Date(dto.votingClosesAt);
        if (e.votingClosesAt.getTime() <= Date.now())
          throw fieldError('votingClosesAt', 'votingClosesAt must be in the future');
        changed.closes = true;
      }
      if (e.votingClosesAt <= e.votingOpensAt)
        throw fieldError('votingClosesAt', 'votingClosesAt must be after votingOpensAt');
      if (e.nominationsOpenAt && e.nominationsOpenAt > e.votingOpensAt) {
        throw fieldError('nominationsOpenAt', 'nominationsOpenAt must not be after votingOpensAt');
      }
      await em.save(e);
      // The jobs already queued for the old times find a mismatch and do nothing.
      await this.schedule(em, e, changed);
      await this.record(em, e, 'election.updated', user.id, { ...dto });
      return this.present(e, em);
    });
  }

  /** Queues the opening and closing at their times; each job re-checks the time it was queued for. */
  private async schedule(
    em: EntityManager,
    e: Election,
    which: { nominations: boolean; opens: boolean; closes: boolean },
  ): Promise<void> {
    if (which.nominations && e.nominationsOpenAt) {
      await this.outbox.add(em, {
        name: 'elections.open_nominations',
        payload: { electionId: e.id, at: e.nominationsOpenAt.toISOString() },
        runAt: e.nominationsOpenAt,
      });
    }
    if (which.opens) {
      await this.outbox.add(em, {
        name: 'elections.open_voting',
        payload: { electionId: e.id, at: e.votingOpensAt.toISOString() },
        runAt: e.votingOpensAt,
      });
    }
    if (which.closes) {
      await this.outbox.add(em, {
        name: 'elections.close_voting',
        payload: { electionId: e.id, at: e.votingClosesAt.toISOString() },
        runAt: e.votingClosesAt,
      });
    }
  }

  async listForAssociation(user: AuthUser, associationId: string): Promise<{ items: ElectionDto[] }> {
    await this.associationsAccess.member(user, associationId);
    const elections = await this.dataSource.manager.find(Election, {
      where: { associationId },
      order: { createdAt: 'DESC' },
    });
    return { items: await Promise.all(elections.map((e) => this.present(e))) };
  }

  /**
   * The elections of every association the caller belongs to (every association for an admin),
   * those where voting is open first, then nominations, drafts, and the finished ones; each with
   * whether the caller may vote and has voted (the roll's flag, never how).
   */
  async mine(user: AuthUser, query: MyElectionsQueryDto): Promise<Page<MyElectionDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[number, string, string]>(query.cursor, 3);
    const rows = await this.dataSource.query<
      {
        id: string;
        title: string;
        status: ElectionStatus;
        association_id: string;
        name: string;
        name_km: string | null;
        term_id: string;
        seats: number;
        eligible_statuses: MemberStatus[];
        nominations_open_at: Date | null;
        voting_opens_at: Date;
        voting_closes_at: Date;
        my_status: MemberStatus | null;
        my_role: MemberRole | null;
        on_roll: boolean;
        voted: boolean;
        rank: number;
        closes: string;
      }[]
    >(
      `SELECT * FROM (
         SELECT e.id, e.title, e.status, e.association_id, a.name, a.name_km, e.term_id, e.seats,
                e.eligible_statuses, e.nominations_open_at, e.voting_opens_at, e.voting_closes_at,
                m.status AS my_status, m.role AS my_role,
                r.user_id IS NOT NULL AS on_roll, coalesce(r.voted, false) AS voted,
                array_position(ARRAY['voting','nominations','draft','closed','certified','cancelled'], e.status) AS rank,
                to_char(e.voting_closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS closes
           FROM elections e
           JOIN associations a ON a.id = e.association_id
           LEFT JOIN association_members m ON m.association_id = e.association_id AND m.user_id = $1
           LEFT JOIN election_voter_roll r ON r.election_id = e.id AND r.user_id = $1
          WHERE (m.id IS NOT NULL OR $2) AND ($3::text IS NULL OR e.status = $3)) x
        WHERE ($4::int IS NULL OR (x.rank, x.closes, x.id) > ($4, $5, $6::uuid))
        ORDER BY x.rank, x.closes, x.id
        LIMIT $7`,
      [
        user.id,
        isAdmin(user),
        query.status ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    const frozen = (s: ElectionStatus) => !['draft', 'nominations'].includes(s);
    const items = rows.map((r) => {
      const eligible = frozen(r.status)
        ? r.on_roll
        : r.my_status !== null && r.eligible_statuses.includes(r.my_status);
      return {
        row: r,
        dto: {
          id: r.id,
          title: r.title,
          status: r.status,
          associationId: r.association_id,
          associationName: r.name,
          associationNameKm: r.name_km,
          termId: r.term_id,
          seats: r.seats,
          eligibleStatuses: r.eligible_statuses,
          nominationsOpenAt: r.nominations_open_at,
          votingOpensAt: r.voting_opens_at,
          votingClosesAt: r.voting_closes_at,
          myStatus: r.my_status,
          myRole: r.my_role,
          eligible,
          voted: r.voted,
          mayVoteNow: r.status === 'voting' && r.on_roll && !r.voted,
          mayRun: isAdmin(user) || r.my_role === 'committee' || r.my_role === 'admin',
        } satisfies MyElectionDto,
      };
    });
    const page = toPage(items, limit, (i) => [i.row.rank, i.row.closes, i.row.id]);
    return { items: page.items.map((i) => i.dto), nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, id: string): Promise<ElectionDto> {
    const { election } = await this.access.member(user, id);
    return this.present(election);
  }

  // ---------------------------------------------------------------- candidates

  async nominate(user: AuthUser, id: string, dto: NominateDto): Promise<CandidateDto> {
    return this.tx.run(async (em) => {
      const access = await this.access.member(user, id, em);
      const e = access.election;
      const isCommittee =
        access.membership === null || ['committee', 'admin'].includes(access.membership.role);
      if (e.parentElectionId) throw conflict('CANDIDATES_LOCKED', 'A runoff stands the tied candidates only');
      if (dto.userId !== user.id && !isCommittee) {
        throw forbidden('NOT_ELECTION_COMMITTEE', 'Members may nominate only themselves');
      }
      if (isCommittee) {
        if (!['draft', 'nominations'].includes(e.status))
          throw conflict('NOMINATIONS_CLOSED', 'Nominations are closed');
      } else if (e.status !== 'nominations') {
        throw conflict(
          'NOMINATIONS_CLOSED',
          'Members may nominate themselves only while nominations are open',
        );
      }
      const membership = await this.associations.membership(e.associationId, dto.userId, em);
      if (!membership || !e.eligibleStatuses.includes(membership.status)) {
        throw badRequest('CANDIDATE_NOT_ELIGIBLE', 'Only members eligible in this election may stand');
      }
      let candidate: Candidate;
      try {
        candidate = await em.save(
          em.create(Candidate, {
            electionId: e.id,
            userId: dto.userId,
            statement: dto.statement?.trim() || null,
            status: 'active',
            nominatedBy: user.id,
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('ALREADY_CANDIDATE', 'This member is already a candidate');
        throw err;
      }
      await this.record(em, e, 'election.candidate_nominated', user.id, {
        candidateId: candidate.id,
        userId: dto.userId,
        self: dto.userId === user.id,
      });
      return (await this.candidates(em, e.id)).find((c) => c.id === candidate.id)!;
    });
  }

  async withdraw(user: AuthUser, id: string, candidateId: string): Promise<CandidateDto> {
    return this.tx.run(async (em) => {
      const access = await this.access.member(user, id, em, true);
      const e = access.election;
      const candidate = await em.findOneBy(Candidate, { id: candidateId, electionId: e.id });
      if (!candidate) throw notFound('CANDIDATE_NOT_FOUND', 'No such candidate');
      const isCommittee =
        access.membership === null || ['committee', 'admin'].includes(access.membership.role);
      if (candidate.userId !== user.id && !isCommittee) {
        throw forbidden(
          'NOT_ELECTION_COMMITTEE',
          'Only the candidate or the committee may withdraw a candidacy',
        );
      }
      if (!['draft', 'nominations'].includes(e.status)) {
        throw conflict('CANDIDATES_LOCKED', 'Candidates are fixed once voting has opened');
      }
      if (candidate.status === 'withdrawn')
        throw conflict('ALREADY_WITHDRAWN', 'The candidacy is already withdrawn');
      candidate.status = 'withdrawn';
      await em.save(candidate);
      await this.record(em, e, 'election.candidate_withdrawn', user.id, {
        candidateId,
        userId: candidate.userId,
      });
      return (await this.candidates(em, e.id)).find((c) => c.id === candidate.id)!;
    });
  }

  // ---------------------------------------------------------------- lifecycle

  async openNominations(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doOpenNominations(em, election, user.id);
      return this.present(election, em);
    });
  }

  async openVoting(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doOpenVoting(em, election, user.id);
      return this.present(election, em);
    });
  }

  async closeVoting(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doCloseVoting(em, election, user.id);
      return this.present(election, em);
    });
  }

  async cancel(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      e.status = applyTransition(e.status, 'cancel');
      e.cancelledBy = user.id;
      await em.save(e);
      await this.record(em, e, 'election.cancelled', user.id, {});
      // No runoff to take along: a runoff exists only for a closed election, which cannot be
      // cancelled. A runoff itself is cancelled like any election (before it closes); its parent
      // then waits for a new tie-break.
      return this.present(e, em);
    });
  }

  /** Used by the manual route and the scheduled job; `e` is locked by the caller. */
  async doOpenNominations(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    e.status = applyTransition(e.status, 'open_nominations');
    await em.save(e);
    await this.record(em, e, 'election.nominations_opened', actorId, { by: actorId ? 'hand' : 'schedule' });
  }

  /**
   * Opens voting: freezes the voter roll (members in the eligible statuses, now), draws the ballot
   * order and the lot's seed once (publishing the seed's SHA-256 as `lotCommitment`), and tells the
   * voters. `e` is locked by the caller.
   */
  async doOpenVoting(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    const next = applyTransition(e.status, 'open_voting');
    if (e.votingClosesAt.getTime() <= Date.now()) {
      throw conflict('VOTING_CLOSE_TIME_PASSED', 'votingClosesAt has passed; change it before opening');
    }
    const active = await em.query<{ id: string }[]>(
      `SELECT id FROM election_candidates WHERE election_id = $1 AND status = 'active' ORDER BY id`,
      [e.id],
    );
    if (active.length === 0) throw conflict('NO_CANDIDATES', 'An election needs at least one candidate');
    // The association's membership table is read (not written) here: one INSERT ... SELECT keeps
    // the freeze atomic and fast for tens of thousands of members.
    const roll = await em.query<{ user_id: string }[]>(
      `INSERT INTO election_voter_roll (election_id, user_id)
       SELECT $1, m.user_id FROM association_members m
        WHERE m.association_id = $2 AND m.status = ANY($3::text[])
       ON CONFLICT DO NOTHING
       RETURNING user_id`,
      [e.id, e.associationId, e.eligibleStatuses],
    );
    // Nobody can predict or bias the ballot order.
    const order = secureShuffle(active.map((c) => c.id));
    await em.query(
      `UPDATE election_candidates c SET ballot_order = v.ord
         FROM unnest($1::uuid[], $2::int[]) AS v(id, ord) WHERE c.id = v.id`,
      [order, order.map((_, i) => i + 1)],
    );
    // The lot's seed is drawn now, before any ballot, and only its SHA-256 is published: a tie-break
    // reveals it, so nobody can choose it once the tie is known (commit-reveal).
    const seed = newLotSeed();
    await em.insert(ElectionLotSeed, { electionId: e.id, seed });
    e.lotCommitment = lotCommitmentOf(seed);
    e.status = next;
    e.votingOpenedAt = new Date();
    e.eligibleCount = roll.length;
    await em.save(e);
    await this.record(em, e, 'election.voting_opened', actorId, {
      by: actorId ? 'hand' : 'schedule',
      eligible: roll.length,
      ballotOrder: order,
      lotCommitment: e.lotCommitment,
    });
    await this.notifications.notify(em, {
      userIds: roll.map((r) => r.user_id),
      template: 'election.opened',
      params: { election: e.title, closesAt: e.votingClosesAt.toISOString() },
      link: `/elections/${e.id}`,
      eventKey: `election:${e.id}:voting_opened`,
    });
  }

  /** Closes voting and queues the tally (which mixes the sealed ballots first). `e` is locked by the caller. */
  async doCloseVoting(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    const next = applyTransition(e.status, 'close_voting');
    // Waits for the ballots in flight (they hold the lock shared); later ones then see `closed`.
    await em.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [ELECTION_LOCK_CLASS, e.id]);
    e.status = next;
    e.votingClosedAt = new Date();
    await em.save(e);
    const [{ n }] = await em.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM election_sealed_ballots WHERE election_id = $1)::int
            + (SELECT count(*) FROM election_ballots WHERE election_id = $1)::int AS n`,
      [e.id],
    );
    await this.record(em, e, 'election.voting_closed', actorId, {
      by: actorId ? 'hand' : 'schedule',
      ballots: n,
    });
    await this.outbox.add(em, { name: 'elections.tally', payload: { electionId: e.id } });
  }

  // ---------------------------------------------------------------- voting

  /**
   * Casts a ballot in one round trip: one statement (`VOTE_STATEMENT`), its own implicit
   * transaction (all of it commits, or a refusal rolls all of it back), prepared once per
   * connection. The choices are checked first against the rules this process holds for the
   * election (read once a minute, or again when a ballot fails them, so that a non-member or a
   * voter of a closed election never gets a ballot error instead of the right answer), then sealed
   * with the receipt to the election's key: what reaches the database (or a log of its
   * statements) is a ballot it cannot read. The route is @AuthenticatedByToken(): the statement
   * checks the account, as the guard's lookup would, in the same round trip.
   */
  async vote(voter: TokenSubject, id: string, candidateIds: string[]): Promise<BallotReceiptDto> {
    const known = this.ballotRules(id);
    const rules =
      known && isValidBallot(candidateIds, known.candidates, known.maxChoices)
        ? known
        : await this.readBallotRules(voter, id);
    const choices = validateBallot(candidateIds, rules.candidates, rules.maxChoices);
    const receipt = newReceipt();
    // Sealed here, to the election's key: the database gets a ballot it cannot read.
    const sealed = this.ballotKeys.sealer(id).seal({ receipt, choices }, rules.maxChoices).toString('base64');
    // Names the voter (who voted is public, as on a paper roll), never the choice or the receipt.
    // A stream per voter, so concurrent ballots do not queue on one chain head.
    const cast: AuditAppendInput = {
      stream: `election:${id}:voter:${voter.id}`,
      action: 'election.vote_cast',
      actorId: voter.id,
      entityType: 'election',
      entityId: id,
    };
    const values = (streamMayExist: boolean) => [
      id,
      voter.id,
      voter.issuedAt,
      ELECTION_LOCK_CLASS,
      ...newStreamEntry(cast).values,
      streamMayExist,
      voter.sessionId,
      sealed,
    ];
    try {
      try {
        await preparedQuery(this.dataSource.manager, 'elections.vote', VOTE_STATEMENT, values(false));
      } catch (err) {
        if (refusalCode(err) !== 'AUDIT_STREAM_EXISTS') throw err;
        // The voter's stream exists already: the same statement inside a transaction that then
        // appends the entry to the stream (rare: a second round trip).
        await this.tx.run(async (em) => {
          await preparedQuery(em, 'elections.vote', VOTE_STATEMENT, values(true));
          await this.audit.append(em, cast);
        });
      }
    } catch (err) {
      throw refusalOf(err, VOTE_REFUSALS) ?? err;
    }
    return { receipt };
  }

  /** Reads the rules a ballot is checked against, refusing as the vote would (before any ballot check). */
  private async readBallotRules(voter: TokenSubject, id: string): Promise<BallotRules> {
    const [row] = await preparedQuery<BallotRulesRow>(
      this.dataSource.manager,
      'elections.vote.rules',
      BALLOT_RULES_STATEMENT,
      [id, voter.id, voter.issuedAt, voter.sessionId],
    );
    if (!row.account_ok) throw VOTE_REFUSALS.UNAUTHENTICATED();
    if (!row.member) throw VOTE_REFUSALS.ELECTION_NOT_FOUND();
    if (row.status !== 'voting' || !row.open) throw VOTE_REFUSALS.ELECTION_NOT_OPEN();
    return this.keepBallotRules(id, row.max_choices!, row.candidates);
  }

  /**
   * What a ballot is checked against (the active candidates, maxChoices), kept in this process for
   * elections that are open for voting. Safe because both are fixed from the opening of voting
   * on (nominations and withdrawals need draft or nominations, maxChoices never changes) and an
   * election never returns to voting; every ballot still checks the status in the database.
   * Entries expire after a minute and the map is bounded; another process keeps its own.
   */
  private readonly ballotRulesCache = new Map<string, BallotRules>();

  private ballotRules(electionId: string): BallotRules | undefined {
    const rules = this.ballotRulesCache.get(electionId);
    if (rules && rules.until > Date.now()) return rules;
    if (rules) this.ballotRulesCache.delete(electionId);
    return undefined;
  }

  private keepBallotRules(electionId: string, maxChoices: number, candidates: string[]): BallotRules {
    const rules = { maxChoices, candidates: new Set(candidates), until: Date.now() + BALLOT_RULES_TTL_MS };
    if (this.ballotRulesCache.size >= BALLOT_RULES_MAX) this.ballotRulesCache.clear();
    this.ballotRulesCache.set(electionId, rules);
    return rules;
  }

  async myVote(user: AuthUser, id: string): Promise<MyVoteDto> {
    await this.access.member(user, id);
    const rows = await this.dataSource.query<{ voted: boolean }[]>(
      `SELECT voted FROM election_voter_roll WHERE election_id = $1 AND user_id = $2`,
      [id, user.id],
    );
    return { voted: rows[0]?.voted ?? false, eligible: rows.length > 0 };
  }

  // ---------------------------------------------------------------- after closing

  /** Counts the ballots (SQL aggregates, O(ballots)) and ranks the candidates. Reads only. */
  computeTally(em: EntityManager, e: Election): Promise<ElectionResults> {
    // Sequential on one connection inside a transaction; parallel outside one.
    return tallyFromDatabase(<T>(sql: string, params: unknown[]) => em.query<T[]>(sql, params), e);
  }

  /**
   * The tally job: mixes the sealed ballots into the box, then counts the box and stores the
   * results, all in one transaction, once (a redelivery finds the results and does nothing; a
   * failure leaves every sealed ballot where it was, for the next attempt).
   */
  async tally(em: EntityManager, electionId: string): Promise<void> {
    const e = await em.findOne(Election, { where: { id: electionId }, lock: { mode: 'pessimistic_write' } });
    if (!e || e.status !== 'closed' || e.results) return;
    await this.mix(em, e);
    let results = await this.computeTally(em, e);
    // Substitutes tied on votes are ordered by the lot at once, unless a lot across the last seat
    // is pending: then its tie-break draws both with the same seed (revealing it once).
    if (tiedSubstituteGroups(results).length > 0 && !(results.tie && e.tieBreak === 'lot')) {
      const seed = await this.lotSeedOf(em, e);
      if (seed) results = orderTiedSubstitutes(results, seed, new Date().toISOString());
    }
    e.results = results;
    e.talliedAt = new Date();
    await em.save(e);
    await this.record(em, e, 'election.tallied', null, {
      ballotsCast: results.ballotsCast,
      blankBallots: results.blankBallots,
      eligible: results.eligible,
      quorumMet: results.quorumMet,
      elected: results.elected,
      tie: results.tie,
      lotSeed: results.lotSeed,
    });
    if (e.parentElectionId && results.final) await this.settleParentFromRunoff(em, e);
  }

  /**
   * The mix (README, "Secrecy"): opens every sealed ballot of the closed election `e` (locked by
   * the caller) with the election's key and puts them all into the box in one random order, each
   * with a new random id, and deletes the sealed ones, in the caller's transaction. So every ballot
   * in the box has the same xmin, and neither its place nor its id follows the order of casting.
   * Nothing is left sealed afterwards (votes stopped at the close); a redelivery finds nothing to
   * do. A sealed ballot that does not open (BALLOT_SECRET changed) fails the whole mix, and the
   * tally with it, rather than dropping a ballot.
   */
  private async mix(em: EntityManager, e: Election): Promise<void> {
    const rows = await em.query<{ id: string; sealed: Buffer }[]>(
      `SELECT id, sealed FROM election_sealed_ballots WHERE election_id = $1 FOR UPDATE`,
      [e.id],
    );
    if (rows.length === 0) return;
    const keys = this.ballotKeys.of(e.id);
    const agreed = new Map<string, Buffer>();
    const ballots = secureShuffle(rows.map((r) => openBallot(keys, r.sealed, agreed)));
    await em.query(
      `INSERT INTO election_ballots (election_id, receipt, choices)
       SELECT $1, b.receipt, b.choices::uuid[]
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS b(receipt, choices, place)
        ORDER BY b.place`,
      [e.id, ballots.map((b) => b.receipt), ballots.map((b) => `{${[...b.choices].sort().join(',')}}`)],
    );
    await em.query(`DELETE FROM election_sealed_ballots WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
  }

  /** A fresh count from the ballots, for anyone who wants to check the stored one (members, after the tally). */
  async recount(user: AuthUser, id: string): Promise<ElectionResults> {
    const { election } = await this.access.member(user, id);
    this.assertMixed(election);
    return this.computeTally(this.dataSource.manager, election);
  }

  async results(user: AuthUser, id: string): Promise<ElectionResultsDto> {
    const { election } = await this.access.member(user, id);
    return {
      ...this.resultsOf(election),
      chartUrl: this.links.sign(`/api/v1/elections/${election.id}/results.svg`, user),
    };
  }

  async resultsSvg(user: AuthUser, id: string): Promise<string> {
    const { election } = await this.access.member(user, id);
    this.resultsOf(election);
    return renderResultsSvg(election.title, election.results!);
  }

  private assertClosed(e: Election): void {
    if (e.status !== 'closed' && e.status !== 'certified') {
      throw forbidden(
        'RESULTS_NOT_AVAILABLE',
        'Results, receipts and ballots are published after voting closes',
      );
    }
  }

  /** Closed, and the ballots mixed into the box (the tally, which mixes first, has stored its results). */
  private assertMixed(e: Election): void {
    this.assertClosed(e);
    if (!e.results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
  }

  private resultsOf(e: Election): ElectionResultsDto {
    this.assertClosed(e);
    if (!e.results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
    return {
      electionId: e.id,
      status: e.status,
      lotCommitment: e.lotCommitment,
      ...e.results,
      // Results stored before the lot was committed have neither field.
      lotSeed: e.results.lotSeed ?? null,
      substituteLot: e.results.substituteLot ?? null,
    };
  }

  async receipts(user: AuthUser, id: string): Promise<PublishedReceiptsDto> {
    const { election } = await this.access.member(user, id);
    this.assertMixed(election);
    const rows = await this.dataSource.query<{ receipt: string }[]>(
      `SELECT receipt FROM election_ballots WHERE election_id = $1 ORDER BY receipt`,
      [id],
    );
    return { receipts: rows.map((r) => r.receipt), count: rows.length };
  }

  /** The ballots without receipts, ordered by their random id: an order unrelated to casting. */
  async ballots(user: AuthUser, id: string): Promise<PublishedBallotsDto> {
    const { election } = await this.access.member(user, id);
    this.assertMixed(election);
    const rows = await this.dataSource.query<{ choices: string[] }[]>(
      `SELECT choices FROM election_ballots WHERE election_id = $1 ORDER BY id`,
      [id],
    );
    return { ballots: rows.map((r) => ({ choices: r.choices })), count: rows.length };
  }

  // ---------------------------------------------------------------- tie-break and certification

  async tieBreak(user: AuthUser, id: string, dto: TieBreakDto): Promise<TieBreakResultDto> {
    // The lot's seed was committed when voting opened; nobody brings their own (#14.4).
    if (dto.seed !== undefined) {
      throw badRequest(
        'LOT_SEED_NOT_ACCEPTED',
        'The lot uses the seed committed when voting opened (lotCommitment); a seed cannot be given',
      );
    }
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      if (e.status !== 'closed') throw conflict('ELECTION_NOT_CLOSED', 'A tie is broken after voting closes');
      if (!e.results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
      const done = e.results.tieBreak;
      if (done && (done.method === 'lot' || done.winners)) {
        throw conflict('TIE_ALREADY_BROKEN', 'The tie has been broken already', { method: done.method });
      }
      const tie = e.results.tie;
      if (!tie) throw conflict('NO_TIE', 'There is no tie to break');
      if (dto.method !== e.tieBreak) {
        throw conflict(
          'TIE_BREAK_METHOD_MISMATCH',
          `This election breaks ties by ${e.tieBreak}, as announced`,
        );
      }
      const pending = e.results.tieBreak;
      if (pending?.method === 'runoff') {
        const runoff = await em.findOneBy(Election, { id: pending.runoffElectionId });
        if (runoff && runoff.status !== 'cancelled') {
          throw conflict('RUNOFF_PENDING', 'A runoff is already under way', { runoffElectionId: runoff.id });
        }
      }
      if (dto.method === 'lot') {
        if (dto.votingOpensAt || dto.votingClosesAt)
          throw fieldError('method', 'a lot takes no voting times');
        // An election opened before seeds were committed has none: the server draws one now, once
        // (the body cannot give one, and a second tie-break is refused), and publishes it uncommitted.
        const seed = (await this.lotSeedOf(em, e)) ?? newLotSeed();
        const draw = drawLot(seed, tie.candidateIds);
        const record: LotRecord = {
          method: 'lot',
          seed,
          lotCommitment: e.lotCommitment,
          procedure: LOT_PROCEDURE,
          tiedCandidateIds: tie.candidateIds,
          seatsLeft: tie.seatsLeft,
          draw,
          winners: draw.slice(0, tie.seatsLeft).map((d) => d.candidateId),
          drawnAt: new Date().toISOString(),
          drawnBy: user.id,
        };
        const settled = resolveTie(
          e.results,
          draw.map((d) => d.candidateId),
          record,
        );
        // The same seed orders any substitutes tied on votes; either way the seed is now public.
        e.results = { ...orderTiedSubstitutes(settled, seed, record.drawnAt), lotSeed: seed };
        await em.save(e);
        await this.record(em, e, 'election.tie_broken', user.id, {
          method: 'lot',
          seed,
          lotCommitment: e.lotCommitment,
          tiedCandidateIds: tie.candidateIds,
          winners: record.winners,
        });
        if (e.parentElectionId) await this.settleParentFromRunoff(em, e);
        return { results: this.resultsOf(e) };
      }
      if (!dto.votingOpensAt || !dto.votingClosesAt) {
        throw fieldError('votingOpensAt', 'a runoff needs votingOpensAt and votingClosesAt');
      }
      const opensAt = new Date(dto.votingOpensAt);
      const closesAt = new Date(dto.votingClosesAt);
      if (closesAt <= opensAt || closesAt.getTime() <= Date.now()) {
        throw fieldError('votingClosesAt', 'votingClosesAt must be in the future and after votingOpensAt');
      }
      const runoff = await em.save(
        em.create(Election, {
          associationId: e.associationId,
          termId: e.termId,
          parentElectionId: e.id,
          title: `${e.title} — runoff`,
          seats: tie.seatsLeft,
          maxChoices: tie.seatsLeft,
          eligibleStatuses: e.eligibleStatuses,
          nominationsOpenAt: null,
          votingOpensAt: opensAt,
          votingClosesAt: closesAt,
          // A runoff has no quorum (its purpose is to settle the tie) and breaks its own ties by lot.
          quorumPercent: null,
          tieBreak: 'lot',
          status: 'draft',
          createdBy: user.id,
        }),
      );
      const tied = await em.find(Candidate, { where: tie.candidateIds.map((cid) => ({ id: cid })) });
      await em.insert(
        Candidate,
        tied.map((c) => ({
          electionId: runoff.id,
          userId: c.userId,
          statement: c.statement,
          status: 'active' as const,
          nominatedBy: user.id,
        })),
      );
      await this.schedule(em, runoff, { nominations: false, opens: true, closes: true });
      const record: RunoffRecord = {
        method: 'runoff',
        runoffElectionId: runoff.id,
        tiedCandidateIds: tie.candidateIds,
        seatsLeft: tie.seatsLeft,
        winners: null,
      };
      e.results = { ...e.results, tieBreak: record };
      await em.save(e);
      await this.record(em, e, 'election.runoff_called', user.id, {
        runoffElectionId: runoff.id,
        tiedCandidateIds: tie.candidateIds,
        seatsLeft: tie.seatsLeft,
        votingOpensAt: opensAt,
        votingClosesAt: closesAt,
      });
      await this.record(em, runoff, 'election.created', user.id, {
        parentElectionId: e.id,
        seats: tie.seatsLeft,
      });
      return { runoffElection: await this.present(runoff, em) };
    });
  }

  /** A runoff's final result settles its parent's tie: the runoff's order decides the tied seats. */
  private async settleParentFromRunoff(em: EntityManager, runoff: Election): Promise<void> {
    const parent = await em.findOne(Election, {
      where: { id: runoff.parentElectionId! },
      lock: { mode: 'pessimistic_write' },
    });
    const results = parent?.results;
    if (!parent || !results?.tie || results.tieBreak?.method !== 'runoff') return;
    if (results.tieBreak.runoffElectionId !== runoff.id || !runoff.results?.final) return;
    const runoffCandidates = await em.find(Candidate, { where: { electionId: runoff.id } });
    const userOfRunoffCandidate = new Map(runoffCandidates.map((c) => [c.id, c.userId]));
    const parentCandidateOfUser = new Map(
      results.candidates
        .filter((c) => results.tie!.candidateIds.includes(c.candidateId))
        .map((c) => [c.userId, c.candidateId]),
    );
    const runoffOrder = [...runoff.results.elected, ...runoff.results.substitutes.map((s) => s.candidateId)];
    const order = runoffOrder.map((rc) => parentCandidateOfUser.get(userOfRunoffCandidate.get(rc)!)!);
    const record: RunoffRecord = { ...results.tieBreak, winners: order.slice(0, results.tie.seatsLeft) };
    parent.results = resolveTie(results, order, record);
    await em.save(parent);
    await this.record(em, parent, 'election.tie_broken', null, {
      method: 'runoff',
      runoffElectionId: runoff.id,
      winners: record.winners,
    });
  }

  async certify(user: AuthUser, id: string): Promise<BoardDto> {
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.admin(user, id, em, true);
      if (e.parentElectionId) {
        throw conflict('RUNOFF_NOT_CERTIFIABLE', 'Certify the election the runoff settles, not the runoff');
      }
      const next = applyTransition(e.status, 'certify');
      const results = e.results;
      if (!results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
      if (!results.final)
        throw conflict('TIE_UNRESOLVED', 'A tie across the last seat waits for its tie-break');
      if (!results.quorumMet)
        throw conflict('QUORUM_NOT_MET', 'Turnout was below the quorum: nobody is elected');
      const byId = new Map(results.candidates.map((c) => [c.candidateId, c]));
      await this.associations.installBoard(em, {
        termId: e.termId,
        electionId: e.id,
        seated: results.elected.map((cid) => ({
          userId: byId.get(cid)!.userId,
          votes: byId.get(cid)!.votes,
        })),
        substitutes: results.substitutes.map((s) => ({
          userId: s.userId,
          rank: s.rank,
          votes: byId.get(s.candidateId)!.votes,
        })),
      });
      e.status = next;
      e.certifiedBy = user.id;
      e.certifiedAt = new Date();
      try {
        await em.save(e);
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict('BOARD_ALREADY_INSTALLED', 'This term already has a certified election');
        throw err;
      }
      await this.record(em, e, 'election.certified', user.id, {
        termId: e.termId,
        elected: results.elected.map((cid) => byId.get(cid)!.userId),
        substitutes: results.substitutes.map((s) => ({ userId: s.userId, rank: s.rank })),
      });
      return this.associations.boardOf(e.associationId, e.termId, em);
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The election's committed lot seed, checked against its published commitment; null for an
   * election opened before seeds were committed. Read only by a draw (never by a GET route).
   */
  private async lotSeedOf(em: EntityManager, e: Election): Promise<string | null> {
    const row = await em.findOneBy(ElectionLotSeed, { electionId: e.id });
    if (!row && !e.lotCommitment) return null;
    if (!row || lotCommitmentOf(row.seed) !== e.lotCommitment) {
      // Never draw with a seed that is not the one published: that would break the promise.
      throw new Error(`election ${e.id}: the stored lot seed does not match its lotCommitment`);
    }
    return row.seed;
  }

  private async record(
    em: EntityManager,
    e: Election,
    action: string,
    actorId: string | null,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(em, {
      stream: `election:${e.id}`,
      action,
      actorId,
      entityType: 'election',
      entityId: e.id,
      data,
    });
  }

  private async candidates(em: EntityManager, electionId: string): Promise<CandidateDto[]> {
    return await em.query<CandidateDto[]>(
      `SELECT c.id, c.user_id AS "userId", u.full_name AS "fullName", u.full_name_km AS "fullNameKm",
              c.statement, c.ballot_order AS "ballotOrder", c.status
         FROM election_candidates c JOIN users u ON u.id = c.user_id
        WHERE c.election_id = $1
        ORDER BY c.ballot_order NULLS LAST, c.created_at, c.id`,
      [electionId],
    );
  }

  async present(e: Election, em: EntityManager = this.dataSource.manager): Promise<ElectionDto> {
    const [candidates, turnout] = await Promise.all([
      this.candidates(em, e.id),
      em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM election_voter_roll WHERE election_id = $1 AND voted`,
        [e.id],
      ),
    ]);
    const tb = e.results?.tieBreak;
    return {
      id: e.id,
      associationId: e.associationId,
      termId: e.termId,
      parentElectionId: e.parentElectionId,
      title: e.title,
      seats: e.seats,
      maxChoices: e.maxChoices,
      eligibleStatuses: e.eligibleStatuses,
      nominationsOpenAt: e.nominationsOpenAt,
      votingOpensAt: e.votingOpensAt,
      votingClosesAt: e.votingClosesAt,
      quorumPercent: e.quorumPercent,
      tieBreak: e.tieBreak,
      lotCommitment: e.lotCommitment,
      status: e.status,
      votingOpenedAt: e.votingOpenedAt,
      votingClosedAt: e.votingClosedAt,
      candidates:
        e.status === 'draft' || e.status === 'nominations'
          ? candidates
          : candidates.filter((c) => c.status === 'active'),
      turnout: { voted: turnout[0].n, eligible: e.eligibleCount },
      resultsAvailable: (e.status === 'closed' || e.status === 'certified') && !!e.results,
      runoffElectionId: tb?.method === 'runoff' ? tb.runoffElectionId : null,
      certifiedBy: e.certifiedBy,
      certifiedAt: e.certifiedAt,
    };
  }
}
