import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuditAppendInput, AuditService, newStreamEntry } from '../audit/audit.service.js';
import type { AuthUser, TokenSubject } from '../common/auth/auth-user.js';
import { preparedQuery } from '../database/prepared-query.js';
import { refusalCode, refusalOf } from '../database/refusal.js';
import { TransactionService } from '../database/transaction.service.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { isValidBallot, validateBallot } from './ballot-validation.js';
import type { BallotReceiptDto, MyVoteDto } from './dto/election.dto.js';
import { ElectionsAccess } from './elections-access.js';
import { newReceipt } from './receipt.js';
import {
  BALLOT_RULES_STATEMENT,
  type BallotRulesRow,
  ELECTION_LOCK_CLASS,
  VOTE_REFUSALS,
  VOTE_STATEMENT,
} from './sql/vote.sql.js';

/** How long, and for how many elections, a process keeps what ballots are checked against. */
const BALLOT_RULES_TTL_MS = 60_000;
const BALLOT_RULES_MAX = 1000;

interface BallotRules {
  maxChoices: number;
  candidates: ReadonlySet<string>;
  until: number;
}

/**
 * Voting: a secret ballot, and whether I have voted (never how).
 *
 * Secrecy (README, "Secrecy"): a vote writes the voter roll's `voted` flag (no time), the audit
 * entry (names the voter, no choice or receipt) and the ballot sealed to the election's key, which
 * the database never holds. Nothing is logged about a ballot's content. Idempotency-Key is
 * deliberately NOT honoured on voting: storing the first answer (the receipt) or a hash of the body
 * (the choices) beside the voter's id would link the voter to the ballot. A retried vote gets 409
 * ALREADY_VOTED.
 */
@Injectable()
export class VotingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ElectionsAccess,
    private readonly ballotKeys: BallotKeysService,
  ) {}

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
}
