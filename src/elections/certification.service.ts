import { Injectable } from '@nestjs/common';
import { BoardService } from '../associations/board.service.js';
import type { BoardDto } from '../associations/dto/association.dto.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
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
    private readonly access: ElectionsAccess,
  ) {}

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
      });
      return this.board.boardOf(e.associationId, e.termId, em);
    });
  }
}
