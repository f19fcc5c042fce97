import type { AuditAction } from './audit-actions.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { badRequest } from '../common/errors/domain-error.js';
import { isUuid, UUID_SQL_PATTERN } from '../common/uuid.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { verifyManifest } from '../signing/signatures.js';
import { SigningKeyService } from '../signing/signing-key.service.js';
import {
  type AuditVerifyResult,
  checkpointStatement,
  latestCheckpoint,
  type SignedCheckpoint,
  verifyAuditChain,
} from './audit-chain.js';
import type { AuditEntryDto, AuditPageDto, AuditPersonDto } from './dto/audit.dto.js';
import { preparedQuery } from '../database/prepared-query.js';

export interface AuditAppendInput {
  /** The chain this entry joins, e.g. `document:<id>`, `election:<id>`, `user:<id>`. */
  stream: string;
  /** What happened, e.g. `document.submitted`: one of `AUDIT_ACTIONS`. */
  action: AuditAction;
  /** Who did it; null for the system (a job, a deadline). */
  actorId: string | null;
  entityType: string;
  entityId: string;
  /** Details (JSON). Never a secret ballot's choice or anything linking a voter to it. */
  data?: Record<string, unknown>;
}

export interface AppendedEntry {
  id: string;
  seq: number;
  hash: string;
}

export interface AuditListQuery {
  entityType?: string;
  entityId?: string;
  stream?: string;
  actorId?: string;
  action?: string;
  limit?: number;
  cursor?: string;
}

/** How many accounts one page of the audit list names at most. */
const MAX_NAMED = 500;

interface EntryRow {
  id: string;
  stream: string;
  seq: number;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_name_km: string | null;
  subject_name: string | null;
  subject_name_km: string | null;
  acting_for_name: string | null;
  acting_for_name_km: string | null;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  created_at: Date;
  prev_hash: string | null;
  hash: string;
}

/**
 * A new stream's head and first entry as two data-modifying CTEs, `audit_head` and `audit_entry`
 * (which returns the entry's `id` and `hash`), for a statement of the caller's own
 * (`appendToNewStream`, or a use case that folds its audit entry into the statement it runs anyway,
 * inside a transaction). They take the 7 parameters from `$<first>` on, whose values
 * `newStreamEntry` gives. When the stream already exists nothing is written (`audit_entry` is
 * empty): then call `append`. The head is inserted with its final hash, computed by the database's
 * `audit_entry_hash` (the one definition), so the entry needs no second write to it.
 */
export const NEW_STREAM_ENTRY_CTES = (first: number): string => {
  const $ = (i: number) => `$${first + i}`;
  const fields = `${$(1)}, ${$(2)}::uuid, ${$(3)}, ${$(4)}, ${$(5)}::jsonb, ${$(6)}::timestamptz`;
  return `audit_head AS (
    INSERT INTO audit_heads (stream, seq, hash)
    VALUES (${$(0)}, 1, audit_entry_hash(${$(0)}, 1, ${fields}, NULL))
    ON CONFLICT (stream) DO NOTHING
    RETURNING stream, hash),
  audit_entry AS (
    INSERT INTO audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
    SELECT audit_head.stream, 1, ${fields}, NULL, audit_head.hash
      FROM audit_head
    RETURNING id::text AS id, hash)`;
};

/** The fields of an entry as `audit_append` takes them (data as JSON gives it: dates become strings). */
function entryFields(input: Omit<AuditAppendInput, 'stream'>, createdAt: Date) {
  return {
    action: input.action,
    actorId: input.actorId,
    entityType: input.entityType,
    entityId: input.entityId,
    data: input.data ?? {},
    createdAt: createdAt.toISOString(),
  };
}

/** The parameter values of `NEW_STREAM_ENTRY_CTES` for one entry (seq 1, no predecessor). */
export function newStreamEntry(input: AuditAppendInput): { values: unknown[] } {
  const e = entryFields(input, new Date());
  return {
    values: [
      input.stream,
      e.action,
      e.actorId,
      e.entityType,
      e.entityId,
      JSON.stringify(e.data),
      e.createdAt,
    ],
  };
}

/**
 * The append-only, hash-chained audit log. Entries chain per stream: appending locks only the
 * stream's head row, so unrelated writes never wait on each other.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: SigningKeyService,
  ) {}

  /**
   * How many entries of `stream` record one of `actions` (the nth move of a meeting, the nth end of a
   * link), and, with `data`, whose data holds those fields (jsonb containment).
   */
  async count(
    em: EntityManager,
    stream: string,
    actions: AuditAction | readonly AuditAction[],
    data?: Record<string, unknown>,
  ): Promise<number> {
    const [{ n }] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE stream = $1 AND action = ANY($2::text[]) AND ($3::jsonb IS NULL OR data @> $3::jsonb)`,
      [stream, typeof actions === 'string' ? [actions] : actions, data ? JSON.stringify(data) : null],
    );
    return n;
  }

  /** Appends an entry in the caller's transaction (it commits or rolls back with the change it records). */
  async append(em: EntityManager, input: AuditAppendInput): Promise<AppendedEntry> {
    const [entry] = await this.appendMany(em, input.stream, [input]);
    return entry;
  }

  /**
   * Appends entries of ONE stream, in order, in one round trip (`audit_append`, which runs as the
   * owner: the runtime role may not UPDATE audit_heads): the stream's head row is locked and
   * advanced once, each entry's hash (`audit_entry_hash`) chains to the one before.
   */
  async appendMany(
    em: EntityManager,
    stream: string,
    inputs: Omit<AuditAppendInput, 'stream'>[],
  ): Promise<AppendedEntry[]> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside a transaction (TransactionService.run)');
    }
    if (inputs.length === 0) return [];
    const createdAt = new Date();
    const entries = inputs.map((input) => entryFields(input, createdAt));
    const rows = await preparedQuery<{ entry_id: string; entry_seq: number; entry_hash: string }>(
      em,
      'audit_append',
      `SELECT entry_id::text, entry_seq, entry_hash FROM audit_append($1, $2::jsonb)`,
      [stream, JSON.stringify(entries)],
    );
    return rows.map((r) => ({ id: r.entry_id, seq: r.entry_seq, hash: r.entry_hash }));
  }

  /**
   * Like `append`, for a stream that normally gets one entry ever (a voter's `election.vote_cast`
   * in one election): when the stream is new, its head and its first entry are written in one
   * statement instead of three. When the stream already exists, this is `append`.
   */
  async appendToNewStream(em: EntityManager, input: AuditAppendInput): Promise<AppendedEntry> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error(
        'AuditService.appendToNewStream must run inside a transaction (TransactionService.run)',
      );
    }
    const rows = await em.query<{ id: string; hash: string }[]>(
      `WITH ${NEW_STREAM_ENTRY_CTES(1)} SELECT id, hash FROM audit_entry`,
      newStreamEntry(input).values,
    );
    if (rows.length === 0) return this.append(em, input);
    return { id: rows[0].id, seq: 1, hash: rows[0].hash };
  }

  /**
   * Recomputes every chain on one consistent snapshot of the log and checks it against the last
   * signed checkpoint (and any others given, e.g. copies kept outside the database).
   */
  verify(more: SignedCheckpoint[] = []): Promise<AuditVerifyResult> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const latest = await latestCheckpoint(em);
      return verifyAuditChain(em, {
        checkpoints: latest ? [latest, ...more] : more,
        signatureIsValid: (c) => this.signatureIsValid(c),
      });
    });
  }

  /** Whether a checkpoint was signed by this deployment's signing key (another key cannot be checked here). */
  signatureIsValid(c: SignedCheckpoint): boolean {
    return (
      c.publicKeyId === this.keys.publicKeyId &&
      verifyManifest(checkpointStatement(c), c.signature, this.keys.publicKeyPem)
    );
  }

  /**
   * Entries, newest first, filtered by entity, stream, actor and/or action, each with its actor's
   * names, the person the entry is about (the account of a `user` entry, else the `userId` its data
   * names: a member added, a board role given) and whom an approver acted for (`actingForId`), by
   * name, from the org module's `org_people`.
   */
  async list(query: AuditListQuery): Promise<Page<AuditEntryDto>> {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor<[string]>(query.cursor, 1);
    if (cursor && !/^\d{1,19}$/.test(String(cursor[0]))) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
    }
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT a.id::text AS id, a.stream, a.seq, a.action, a.actor_id, p.full_name AS actor_name,
              p.full_name_km AS actor_name_km, s.full_name AS subject_name, s.full_name_km AS subject_name_km,
              f.full_name AS acting_for_name, f.full_name_km AS acting_for_name_km,
              a.entity_type, a.entity_id, a.data, a.created_at, a.prev_hash, a.hash
       FROM audit_log a
       LEFT JOIN org_people p ON p.id = a.actor_id
       LEFT JOIN org_people s ON s.id = CASE
           WHEN a.entity_type = 'user' AND a.entity_id ~* $8 THEN a.entity_id::uuid
           WHEN a.data->>'userId' ~* $8 THEN (a.data->>'userId')::uuid END
       LEFT JOIN org_people f
         ON f.id = CASE WHEN a.data->>'actingForId' ~* $8 THEN (a.data->>'actingForId')::uuid END
       WHERE ($1::text IS NULL OR a.entity_type = $1)
         AND ($2::text IS NULL OR a.entity_id = $2)
         AND ($3::text IS NULL OR a.stream = $3)
         AND ($4::uuid IS NULL OR a.actor_id = $4)
         AND ($5::text IS NULL OR a.action = $5)
         AND ($6::bigint IS NULL OR a.id < $6::bigint)
       ORDER BY a.id DESC
       LIMIT $7`,
      [
        query.entityType ?? null,
        query.entityId ?? null,
        query.stream ?? null,
        query.actorId ?? null,
        query.action ?? null,
        cursor?.[0] ?? null,
        limit + 1,
        UUID_SQL_PATTERN,
      ],
    );
    const page = toPage(rows, limit, (r) => [r.id]);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /**
   * `list`, with the accounts its entries' data name by id, by name: the administrator's audit page
   * (a document's own trail, open to whoever sees the document, names no more than it did).
   */
  async listNamingPeople(query: AuditListQuery): Promise<AuditPageDto> {
    const page = await this.list(query);
    return { ...page, people: await this.peopleNamed(page.items.map((e) => e.data)) };
  }

  /**
   * The accounts, by name, whose ids the entries' data holds (any other id names no one here); at
   * most the first MAX_NAMED ids met (a members' import lists thousands: the rest stay bare ids).
   */
  private async peopleNamed(data: unknown[]): Promise<AuditPersonDto[]> {
    const ids = new Set<string>();
    const collect = (value: unknown): void => {
      if (ids.size >= MAX_NAMED) return;
      if (isUuid(value)) ids.add(value.toLowerCase());
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    data.forEach(collect);
    if (!ids.size) return [];
    const rows = await this.dataSource.query<
      { id: string; full_name: string; full_name_km: string | null }[]
    >(`SELECT id, full_name, full_name_km FROM org_people WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      [...ids],
    ]);
    return rows.map((r) => ({ id: r.id, name: r.full_name, nameKm: r.full_name_km }));
  }
}

function toDto(r: EntryRow): AuditEntryDto {
  return {
    id: r.id,
    stream: r.stream,
    seq: r.seq,
    action: r.action,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorNameKm: r.actor_name_km,
    subjectName: r.subject_name,
    subjectNameKm: r.subject_name_km,
    actingForName: r.acting_for_name,
    actingForNameKm: r.acting_for_name_km,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: r.data,
    createdAt: new Date(r.created_at).toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
