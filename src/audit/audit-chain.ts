import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** The fields of an entry that its hash covers. */
export interface HashedEntry {
  stream: string;
  seq: number;
  action: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  data: unknown;
  createdAt: Date;
  prevHash: string | null;
}

/** JSON with object keys in sorted order at every depth, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** SHA-256 (hex) over the canonical serialisation of the entry, its predecessor's hash included. */
export function entryHash(e: HashedEntry): string {
  const text = canonicalJson({
    stream: e.stream,
    seq: e.seq,
    action: e.action,
    actorId: e.actorId,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data ?? {},
    createdAt: e.createdAt.toISOString(),
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The canonical text of an entry split around its chain link: text = prefix + JSON(prevHash) +
 * `,"seq":` + seq + suffix. The keys of `canonicalJson` sort as action, actorId, createdAt, data,
 * entityId, entityType, prevHash, seq, stream, so everything but the link is known before the
 * stream's head is read: the database completes the text and hashes it (`audit_append`, migration
 * DecisionPathFunctions) in the statement that advances the head. `entryHash` stays the reference
 * (the verifier uses it); a unit test checks that both give the same hash.
 */
export function entryHashParts(e: Omit<HashedEntry, 'seq' | 'prevHash'>): { prefix: string; suffix: string } {
  const j = (v: unknown) => canonicalJson(v);
  return {
    prefix:
      `{"action":${j(e.action)},"actorId":${j(e.actorId)},"createdAt":${j(e.createdAt.toISOString())},` +
      `"data":${j(e.data ?? {})},"entityId":${j(e.entityId)},"entityType":${j(e.entityType)},"prevHash":`,
    suffix: `,"stream":${j(e.stream)}}`,
  };
}

/** The text `entryHashParts` stands for, completed as the database completes it. */
export function joinHashParts(
  parts: { prefix: string; suffix: string },
  seq: number,
  prevHash: string | null,
): string {
  return `${parts.prefix}${prevHash === null ? 'null' : `"${prevHash}"`},"seq":${seq}${parts.suffix}`;
}

export type AuditProblem =
  'hash_mismatch' | 'broken_link' | 'seq_gap' | 'head_mismatch' | 'head_without_entries';

export interface AuditVerifyResult {
  ok: boolean;
  /** How many entries were checked. */
  checked: number;
  /** The lowest id of an entry whose hash or link is wrong. */
  firstBadId?: string;
  /** What is wrong with it (or with a stream head that has no entry to point at). */
  problem?: AuditProblem;
  /** The stream of the problem. */
  stream?: string;
}

interface Row {
  id: string;
  stream: string;
  seq: number;
  action: string;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  data: unknown;
  created_at: Date;
  prev_hash: string | null;
  hash: string;
}

const BATCH = 1000;

/**
 * Walks every stream in seq order, in batches (never the whole log in memory), recomputing each
 * hash and checking each link, the seq numbering (1, 2, 3... with no gap) and that each stream's
 * head names its last entry.
 */
export async function verifyAuditChain(db: Pick<EntityManager, 'query'>): Promise<AuditVerifyResult> {
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
      `SELECT id::text AS id, stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash
       FROM audit_log
       WHERE $1::text IS NULL OR (stream, seq) > ($1::text, $2::int)
       ORDER BY stream, seq
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
      const computed = entryHash({
        stream: r.stream,
        seq: r.seq,
        action: r.action,
        actorId: r.actor_id,
        entityType: r.entity_type,
        entityId: r.entity_id,
        data: r.data,
        createdAt: new Date(r.created_at),
        prevHash: r.prev_hash,
      });
      if (computed !== r.hash) flag(r.id, 'hash_mismatch', r.stream);
      else if (r.seq !== expectedSeq) flag(r.id, 'seq_gap', r.stream);
      else if (r.prev_hash !== expectedPrev) flag(r.id, 'broken_link', r.stream);
      current = { stream: r.stream, seq: r.seq, hash: r.hash, id: r.id };
    }
    if (rows.length < BATCH) break;
    after = [rows[rows.length - 1].stream, rows[rows.length - 1].seq];
  }
  finishStream();

  const orphans = await db.query<{ stream: string }[]>(
    `SELECT h.stream FROM audit_heads h
     WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = h.stream)
     LIMIT 1`,
  );

  if (bad) {
    return { ok: false, checked, firstBadId: bad.id.toString(), problem: bad.problem, stream: bad.stream };
  }
  if (orphans.length) {
    return { ok: false, checked, problem: 'head_without_entries', stream: orphans[0].stream };
  }
  return { ok: true, checked };
}
