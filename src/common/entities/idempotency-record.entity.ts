import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request that carried an `Idempotency-Key`, so a retry gets it again.
 * Keyed by user, route and key; `requestHash` refuses the same key with a different body.
 */
@Entity('idempotency_records')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'int' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  body: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
