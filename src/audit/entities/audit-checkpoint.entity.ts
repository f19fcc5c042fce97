import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The head (seq and hash) of one stream as a checkpoint saw it. */
export interface CheckpointHead {
  seq: number;
  hash: string;
}

/**
 * A signed statement of the head of every audit stream at one moment (src/audit/README.md).
 * Verification checks the log against the last one, so a deleted tail or stream is found even
 * when its head was rewound or deleted too. Append-only, as the log is.
 */
@Entity('audit_checkpoints')
export class AuditCheckpoint {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** Stream name -> its head. */
  @Column({ type: 'jsonb' })
  heads: Record<string, CheckpointHead>;

  /** The id of the signing key's public half (as on approval manifests). */
  @Column({ type: 'text' })
  publicKeyId: string;

  /** Ed25519 (base64) over the canonical JSON of `{ id, at, heads, publicKeyId }`. */
  @Column({ type: 'text' })
  signature: string;
}
