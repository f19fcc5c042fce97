import type { EntityManager } from 'typeorm';
import type { CheckpointHead } from './entities/audit-checkpoint.entity.js';

/**
 * The call of `audit_entry_hash` (`sql/audit-entry-hash.sql.ts`), the one definition of an entry's
 * hash, on an `audit_log` row named `alias`: the verifier recomputes hashes with it, as
 * `audit_append` and the new-stream statement compute them.
 */
export const ENTRY_HASH_SQL = (alias: string): string =>
  `audit_entry_hash(${alias}.stream, ${alias}.seq, ${alias}.action, ${alias}.actor_id, ${alias}.entity_type,
     ${alias}.entity_id, ${alias}.data, ${alias}.created_at, ${alias}.prev_hash)`;

export type AuditProblem =
  | 'hash_mismatch'
  | 'broken_link'
  | 'seq_gap'
  | 'head_mismatch'
  | 'head_without_entries'
  | 'stream_missing'
  | 'tail_missing'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature';

export interface AuditVerifyResult {
  ok: boolean;
  /** How many entries were checked. */
  checked: number;
  /** The lowest id of an entry whose hash or link is wrong (or that differs from the checkpoint). */
  firstBadId?: string;
  /** What is wrong with it (or with a stream head that has no entry to point at). */
  problem?: AuditProblem;
  /** The stream of the problem. */
  stream?: string;
  /** The checkpoint the log was checked against (the last signed one), when there is one. */
  checkpointId?: string;
}

/** A signed checkpoint as stored and as served (`GET /audit/checkpoints/latest`). */
export interface SignedCheckpoint {
  id: string;
  at: string;
  heads: Record<string, CheckpointHead>;
  publicKeyId: string;
  signature: string;
}

/** What a checkpoint's signature covers (canonical JSON of it, src/approvals/domain/manifest.ts). */
export const checkpointStatement = (c: Omit<SignedCheckpoint, 'signature'>) => ({
  id: c.id,
  at: c.at,
  heads: c.heads,
  publicKeyId: c.publicKeyId,
});

export interface CheckpointProblem {
  problem: 'stream_missing' | 'tail_missing' | 'checkpoint_mismatch';
  stream: string;
  /** The entry at the checkpoint's seq, when it is there but differs. */
  id?: string;
}

/**
 * Does the log still hold what a checkpoint saw? For every stream of it, the entry at the
 * checkpoint's seq must be there with the checkpoint's hash (with the chain check, that covers
 * every entry before it). Names the first stream (in name order) that fails.
 */
export async function checkAgainstCheckpoint(
  db: Pick<EntityManager, 'query'>,
  heads: Record<string, CheckpointHead>,
): Promise<CheckpointProblem | undefined> {
  const [row] = await db.query<{ stream: string; id: string | null; stream_exists: boolean }[]>(
    `SELECT h.key AS stream, l.id::text AS id,
            EXISTS (SELECT 1 FROM audit_log x WHERE x.stream = h.key) AS stream_exists
       FROM jsonb_each($1::jsonb) AS h
       LEFT JOIN audit_log l ON l.stream = h.key AND l.seq = (h.value->>'seq')::int
      WHERE l.id IS NULL OR l.hash IS DISTINCT FROM h.value->>'hash'
      ORDER BY h.key COLLATE "C"
      LIMIT 1`,
    [JSON.stringify(heads)],
  );
  if (!row) return undefined;
  if (!row.stream_exists) return { problem: 'stream_missing', stream: row.stream };
  if (!row.id) return { problem: 'tail_missing', stream: row.stream };
  return { problem: 'checkpoint_mismatch', stream: row.stream, id: row.id };
}

export interface VerifyOptions {
  /** Checkpoints to check the log against (the last stored one, one kept outside...). */
  checkpoints?: SignedCheckpoint[];
  /** Whether a checkpoint's signature is good (the signing key's public half). */
  signatureIsValid?: (checkpoint: SignedCheckpoint) => boolean;
}

interface Row {
  id: string;
  stream: string;
  seq: number;
  prev_hash: string | null;
  hash: string;
  computed: string;
}

const BATCH = 1000;

/**
 * Walks every stream in seq order, in batches (never the whole log in memory), checking each
 * entry's hash (recomputed by the database's `audit_entry_hash`), each link, the seq numbering
 * (1, 2, 3... with no gap) and that each stream's head names its last entry; then checks the log
 * against the given checkpoints, so a deleted tail or stream is found even when its head was
 * rewound or deleted with it.
 */
export async function verifyAuditChain(
  db: Pick<EntityManager, 'query'>,
  options: VerifyOptions = {},
): Promise<AuditVerifyResult> {
  let checked = 0;
  let bad: { id: bigint; problem: AuditProblem; stream: string } | undefined;
  const flag = (id: string, problem: AuditProblem, stream: string) => {
    if (!bad || BigInt(id) < bad.id) bad = { id: BigInt(id), problem, stream };
  };

  let current: { stream: string; seq: number; hash: string; id: string } | undefined;
  let heads = new Map<string, { seq: number; hash: string }>();
  const finishStream = () => {
    if (!current) return;
    const head = heads.get(current.stream);
    if (!head || head.seq !== current.seq || head.hash !== current.hash) {
      flag(current.id, 'head_mismatch', current.stream);
    }
  };

  let after: [string, number] | undefined;
  for (;;) {
    const rows = await db.query<Row[]>(
      `SELECT l.id::text AS id, l.stream, l.seq, l.prev_hash, l.hash, ${ENTRY_HASH_SQL('l')} AS computed
       FROM audit_log l
       WHERE $1::text IS NULL OR (l.stream, l.seq) > ($1::text, $2::int)
       ORDER BY l.stream, l.seq
       LIMIT ${BATCH}`,
      [after?.[0] ?? null, after?.[1] ?? null],
    );
    // The heads of this batch's streams (and of the stream carried over from the last batch).
    const streams = [...new Set(rows.map((r) => r.stream).concat(current ? [current.stream] : []))];
    const headRows = await db.query<{ stream: string; seq: number; hash: string }[]>(
      `SELECT stream, seq, hash FROM audit_heads WHERE stream = ANY($1::text[])`,
      [streams],
    );
    heads = new Map(headRows.map((h) => [h.stream, h]));
    for (const r of rows) {
      checked++;
      if (current?.stream !== r.stream) {
        finishStream();
        current = undefined;
      }
      const expectedSeq = (current?.seq ?? 0) + 1;
      const expectedPrev = current?.hash ?? null;
      if (r.computed !== r.hash) flag(r.id, 'hash_mismatch', r.stream);
      else if (r.seq !== expectedSeq) flag(r.id, 'seq_gap', r.stream);
      else if (r.prev_hash !== expectedPrev) flag(r.id, 'broken_link', r.stream);
      current = { stream: r.stream, seq: r.seq, hash: r.hash, id: r.id };
    }
    if (rows.length < BATCH) break;
    after = [rows[rows.length - 1].stream, rows[rows.length - 1].seq];
  }
  finishStream();

  const checkpoints = options.checkpoints ?? [];
  const checkpointId = checkpoints.length ? { checkpointId: checkpoints[0].id } : {};
  if (bad) {
    return {
      ok: false,
      checked,
      firstBadId: bad.id.toString(),
      problem: bad.problem,
      stream: bad.stream,
      ...checkpointId,
    };
  }
  const orphans = await db.query<{ stream: string }[]>(
    `SELECT h.stream FROM audit_heads h
     WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = h.stream)
     LIMIT 1`,
  );
  if (orphans.length) {
    return {
      ok: false,
      checked,
      problem: 'head_without_entries',
      stream: orphans[0].stream,
      ...checkpointId,
    };
  }
  for (const checkpoint of checkpoints) {
    if (options.signatureIsValid && !options.signatureIsValid(checkpoint)) {
      return { ok: false, checked, problem: 'checkpoint_signature', checkpointId: checkpoint.id };
    }
    const problem = await checkAgainstCheckpoint(db, checkpoint.heads);
    if (problem) {
      return {
        ok: false,
        checked,
        problem: problem.problem,
        stream: problem.stream,
        ...(problem.id ? { firstBadId: problem.id } : {}),
        checkpointId: checkpoint.id,
      };
    }
  }
  return { ok: true, checked, ...checkpointId };
}

/** The last stored checkpoint, or null. */
export async function latestCheckpoint(db: Pick<EntityManager, 'query'>): Promise<SignedCheckpoint | null> {
  const [row] = await db.query<
    { id: string; at: Date; heads: SignedCheckpoint['heads']; public_key_id: string; signature: string }[]
  >(
    `SELECT id::text AS id, at, heads, public_key_id, signature
       FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
  );
  return row
    ? {
        id: row.id,
        at: new Date(row.at).toISOString(),
        heads: row.heads,
        publicKeyId: row.public_key_id,
        signature: row.signature,
      }
    : null;
}
