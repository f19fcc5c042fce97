import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Follow-up work, written in the same transaction as the change that causes it. The relay moves
 * rows to BullMQ (job id = row id); the handler marks `processedAt` in its own transaction, so
 * the effect happens once however often the job is delivered.
 */
@Entity('outbox_events')
@Index('outbox_events_unrelayed_idx', ['createdAt'], { where: 'relayed_at IS NULL' })
@Index('outbox_events_pending_idx', ['runAt'], { where: 'processed_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** When the job should run (a deadline); now for immediate work. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  runAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
