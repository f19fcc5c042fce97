import { Injectable } from '@nestjs/common';
import { BoardService } from '../associations/board.service.js';
import { TermsService } from '../associations/terms.service.js';
import type { BoardDto } from '../associations/dto/association.dto.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { localizedNumber } from '../notifications/templates.js';
import { boardSizeChange } from './board-size.js';
import type { CertifyElectionDto } from './dto/election.dto.js';
import { electionName } from './election-name.js';
import { recordElection } from './election-record.js';
import { applyTransition } from './election-state.js';
import { ElectionsAccess } from './elections-access.js';

/** Certification: the elected installed as the term's board, the substitutes ranked (association admins). */
@Injectable()
export class CertificationService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly board: BoardService,
    private readonly terms: TermsService,
    private readonly access: ElectionsAccess,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Installs the result as the term's whole board. An election whose seats differ from the term's
   * board seats is certified only when the caller confirms it (`confirmBoardSizeChange`): the
   * trial met an election of 7 seats for a term of 11 that silently left the term a board of 7.
   * The refusal is here, at the step that cannot be undone; creating such an election is allowed
   * (it can be cancelled) and its `boardSizeChange` says what certifying will do.
   */
  async certify(user: AuthUser, id: string, dto: CertifyElectionDto = {}): Promise<BoardDto> {
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
      const term = (await this.terms.findTerm(e.associationId, e.termId, em))!;
      const sizeChange = boardSizeChange(e, term);
      if (sizeChange && dto.confirmBoardSizeChange !== true) {
        throw conflict(
          'BOARD_SIZE_CHANGE_UNCONFIRMED',
          `Term ${term.number} has ${term.boardSeats} board seats but this election fills ${e.seats}: ` +
            `certifying makes the ${e.seats} elected its whole board; send confirmBoardSizeChange: true to go ahead`,
          { termNumber: term.number, ...sizeChange },
        );
      }
      const byId = new Map(results.candidates.map((c) => [c.candidateId, c]));
      await this.board.installBoard(em, {
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
      await recordElection(this.audit, em, e, 'election.certified', user.id, {
        termId: e.termId,
        elected: results.elected.map((cid) => byId.get(cid)!.userId),
        substitutes: results.substitutes.map((s) => ({ userId: s.userId, rank: s.rank })),
        ...(sizeChange ? { boardSizeChange: sizeChange } : {}),
      });
      // Everyone who could vote learns the outcome, as they learnt that voting opened; the elected
      // and the substitutes each learn their own place in it instead.
      const placed = new Set([
        ...results.elected.map((cid) => byId.get(cid)!.userId),
        ...results.substitutes.map((s) => s.userId),
      ]);
      const roll = await em.query<{ user_id: string }[]>(
        `SELECT user_id FROM election_voter_roll WHERE election_id = $1`,
        [e.id],
      );
      const board = `/associations/${e.associationId}/terms/${e.termId}/board`;
      await this.notifications.notifyMany(em, [
        {
          userIds: roll.map((r) => r.user_id).filter((id) => !placed.has(id)),
          template: 'election.certified',
          params: { election: electionName(e) },
          link: `/elections/${e.id}`,
          eventKey: `election:${e.id}:certified`,
        },
        ...results.elected.map((cid) => ({
          userIds: [byId.get(cid)!.userId],
          template: 'election.elected' as const,
          params: { election: electionName(e), votes: localizedNumber(byId.get(cid)!.votes) },
          link: board,
          eventKey: `election:${e.id}:elected`,
        })),
        ...results.substitutes.map((s) => ({
          userIds: [s.userId],
          template: 'election.substitute' as const,
          params: {
            election: electionName(e),
            rank: localizedNumber(s.rank),
            votes: localizedNumber(byId.get(s.candidateId)!.votes),
          },
          link: board,
          eventKey: `election:${e.id}:substitute`,
        })),
      ]);
      return this.board.boardOf(e.associationId, e.termId, em);
    });
  }
}
