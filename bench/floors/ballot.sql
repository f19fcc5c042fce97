-- The same-work floor of one ballot (issue 18): the rows a ballot writes, in its one transaction,
-- one statement per row written (as pgbench's own -N script is written), run with
-- `pgbench -M prepared -f ballot.sql` on the tables of schema.sql. Its tps is ballots/s.
--
-- What the real path writes, counted with log_statement = all on one ballot (3 December 2026) and
-- read in src/elections/voting.service.ts vote(), sql/vote.sql.ts (VOTE_STATEMENT) and
-- sql/election-cast-sealed.sql.ts: one statement, its own implicit transaction, after the token's
-- JWT check (no database read: the rules the ballot is checked against are cached per process).
-- In it: the account, membership and election read; the voter's new audit stream's head and its
-- first entry election.vote_cast (NEW_STREAM_ENTRY_CTES: the head inserted with its final hash);
-- the election's advisory lock taken shared; the roll's `voted` set; the sealed ballot inserted
-- (261 bytes for 20 candidates, 11 seats). Four rows; the floor writes the same four, without the
-- reads and the advisory lock.

BEGIN;
-- election_cast_sealed: the voter marked on the roll (the sequence gives each transaction a voter
-- of its own, as each ballot of the scenario is a member's one vote).
WITH v AS (SELECT nextval('floor_next_voter') AS n)
UPDATE election_voter_roll r SET voted = true
  FROM v
 WHERE r.election_id = md5('election')::uuid AND r.user_id = md5('voter:' || v.n)::uuid AND NOT r.voted
RETURNING v.n AS voter_no \gset
-- NEW_STREAM_ENTRY_CTES, `audit_head`: the voter's stream in this election, its head with the
-- entry's hash (audit_entry_hash: SHA-256 of the entry's canonical JSON).
INSERT INTO audit_heads (stream, seq, hash)
SELECT s, 1, encode(sha256(convert_to(jsonb_build_object(
         'action', 'election.vote_cast', 'actorId', md5('voter:' || :voter_no::bigint)::uuid, 'createdAt', now(),
         'data', '{}'::jsonb, 'entityId', md5('election')::uuid, 'entityType', 'election',
         'prevHash', NULL, 'seq', 1, 'stream', s)::text, 'UTF8')), 'hex')
  FROM (SELECT 'election:' || md5('election')::uuid || ':' || 'voter:' || md5('voter:' || :voter_no::bigint)::uuid AS s) x
ON CONFLICT (stream) DO NOTHING
RETURNING stream, hash \gset
-- NEW_STREAM_ENTRY_CTES, `audit_entry`: the entry election.vote_cast (no choice, no receipt).
INSERT INTO audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
VALUES (:stream, 1, 'election.vote_cast', md5('voter:' || :voter_no::bigint)::uuid, 'election', md5('election')::uuid::text,
        '{}'::jsonb, date_trunc('milliseconds', now()), NULL, :hash);
-- election_cast_sealed: the ballot sealed to the election's key (261 bytes the database cannot read).
INSERT INTO election_sealed_ballots (election_id, sealed)
VALUES (md5('election')::uuid,
        decode(rpad(md5(random()::text), 522, md5(random()::text) || md5(random()::text)), 'hex'));
COMMIT;
