import { sqlFunction } from '../../database/sql-function.js';

/**
 * `election_cast_sealed(election, voter, sealed, lock_class)`: the part of a vote that must see the
 * database as it is after the election's advisory lock (migrations SealedBallotCast and
 * FunctionsFromSourceFiles apply this text; change it by a new migration that applies the file
 * again: src/database/README.md, "Database functions").
 *
 * It takes the election's advisory lock shared (closing takes it exclusively, so it waits for the
 * ballots in flight and no ballot lands after the close: cheaper than share-locking the election
 * row, which every voter would rewrite), then, on a snapshot taken after the lock (a VOLATILE
 * PL/pgSQL function takes a new one for each statement in READ COMMITTED), marks the voter on the
 * roll with a conditional UPDATE and stores the sealed ballot. Only a voter on the roll who has not
 * voted yet, in an election open for voting, gets a ballot in, under any concurrency; otherwise it
 * refuses (`mwf_refuse`), which rolls back the caller's whole statement (the audit entry with it).
 * The sealed ballot is unreadable to the database; it holds no voter and no time.
 */
export const ELECTION_CAST_SEALED_SQL = `
CREATE OR REPLACE FUNCTION election_cast_sealed(p_election uuid, p_voter uuid, p_sealed bytea, p_lock_class int)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(p_lock_class, hashtext(p_election::text));
  UPDATE election_voter_roll SET voted = true
   WHERE election_id = p_election AND user_id = p_voter AND voted = false
     AND EXISTS (SELECT 1 FROM elections
                  WHERE id = p_election AND status = 'voting' AND voting_closes_at > now());
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM elections
                WHERE id = p_election AND status = 'voting' AND voting_closes_at > now()) THEN
      PERFORM mwf_refuse('ALREADY_VOTED');
    END IF;
    PERFORM mwf_refuse('ELECTION_NOT_OPEN');
  END IF;
  INSERT INTO election_sealed_ballots (election_id, sealed) VALUES (p_election, p_sealed);
  RETURN true;
END
$fn$`;

/** The file as a database function's source (src/database/sql-function.ts). */
export const ELECTION_CAST_SEALED = sqlFunction(
  'election_cast_sealed(uuid,uuid,bytea,integer)',
  ELECTION_CAST_SEALED_SQL,
);
