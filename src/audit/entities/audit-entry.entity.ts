import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the append-only audit log. Entries are chained per stream (`document:<id>`,
 * `election:<id>`, `user:<id>`...): `hash` = SHA-256 over the canonical serialisation of the entry
 * including `prevHash`, the hash of the previous entry of the same stream. Chaining per stream
 * keeps unrelated writes from waiting on one global lock. The app's role may only INSERT and
 * SELECT; for the owner a trigger refuses UPDATE and DELETE. The hash is computed by the database
 * (`audit_entry_hash`; src/audit/README.md), which covers createdAt to the millisecond.
 */
@Entity('audit_log')
@Check('audit_log_created_at_ms', `created_at = date_trunc('milliseconds', created_at)`)
@Index('audit_log_stream_seq_key', ['stream', 'seq'], { unique: true })
@Index('audit_log_entity_idx', ['entityType', 'entityId'])
// An admin's "what did this person do", newest first (GET /audit?actorId=); the system's entries need none.
@Index('audit_log_actor_idx', ['actorId', 'id'], { where: 'actor_id IS NOT NULL' })
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text' })
  stream: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text' })
  entityId: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;
}
