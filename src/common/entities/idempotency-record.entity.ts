import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request that carried an `Idempotency-Key`, so a retry gets it again.
 * `scope` = user, method, path and key; `requestHash` refuses the same key with another body.
 * A row is `pending` while the first request runs, `done` once its answer is stored.
 */
@Entity('idempotency_records')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'text', default: 'pending' })
  status: 'pending' | 'done';

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'jsonb', nullable: true })
  body: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
