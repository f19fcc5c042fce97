import { NEW_STREAM_ENTRY_CTES } from '../../audit/audit.service.js';
import { ACCOUNT_STILL_VALID_SQL, accountNoLongerValid } from '../../auth/token.service.js';
import { conflict, forbidden, notFound } from '../../common/errors/domain-error.js';

/** First key of the election's advisory lock (the second is a hash of its id). */
export const ELECTION_LOCK_CLASS = 7_404_004;

/** Whether the voter ($2) is a member of election `e`'s association (false for no election). */
const VOTER_IS_MEMBER_SQL = `e.id IS NOT NULL AND EXISTS(SELECT 1 FROM association_memberships m
        WHERE m.association_id = e.association_id AND m.user_id = $2::uuid)`;

/**
 * What a ballot is checked against, read when this process does not hold it yet ($1 election, $2
 * voter, $3 the token's iat, $4 its session): the account, the membership, whether voting is open, maxChoices and
 * the active candidates. Reads only; one row even for an unknown election.
 */
export const BALLOT_RULES_STATEMENT = `
  SELECT ${ACCOUNT_STILL_VALID_SQL('$2', '$3', '$4')} AS account_ok,
         ${VOTER_IS_MEMBER_SQL} AS member,
         e.status, e.voting_closes_at > now() AS open, e.max_choices,
         ARRAY(SELECT c.id::text FROM election_candidates c
                WHERE c.election_id = e.id AND c.status = 'active') AS candidates
    FROM (SELECT 1) one LEFT JOIN elections e ON e.id = $1::uuid`;

export interface BallotRulesRow {
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
export const VOTE_STATEMENT = `
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
export const VOTE_REFUSALS = {
  UNAUTHENTICATED: accountNoLongerValid,
  ELECTION_NOT_FOUND: () => notFound('ELECTION_NOT_FOUND', 'No such election'),
  ELECTION_NOT_OPEN: () => conflict('ELECTION_NOT_OPEN', 'The election is not open for voting'),
  NOT_ELIGIBLE: () => forbidden('NOT_ELIGIBLE', 'You are not on the voter roll of this election'),
  ALREADY_VOTED: () => conflict('ALREADY_VOTED', 'You have already voted in this election'),
};
