import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SigningKeyService } from '../signing/signing-key.service.js';
import { AppConfig } from '../config/app-config.js';
import { conflict } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { JobContext, JobPayloads } from '../outbox/jobs.js';
import {
  checkAgainstCheckpoint,
  checkpointStatement,
  latestCheckpoint,
  type SignedCheckpoint,
} from './audit-chain.js';
import { AuditService } from './audit.service.js';
import type { CheckpointHead } from './entities/audit-checkpoint.entity.js';

/** Arbitrary constants: the advisory locks that serialise checkpoints, and their scheduling. */
const CHECKPOINT_LOCK = 7_404_201;
const SCHEDULE_LOCK = 7_404_202;

const sameHeads = (a: Record<string, CheckpointHead>, b: Record<string, CheckpointHead>) => {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => b[k] !== undefined && b[k].seq === a[k].seq && b[k].hash === a[k].hash)
  );
};

/**
 * Signed checkpoints of the head of every audit stream (src/audit/README.md): on demand
 * (`POST /audit/checkpoints`) and every AUDIT_CHECKPOINT_MINUTES by the worker (the job
 * `audit.checkpoint`, which schedules the next one in its own transaction). A checkpoint is only
 * signed when the log still holds what the last one saw and every head names its last entry, so a
 * deleted tail is never papered over; when no head moved since the last one, that one stands.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditCheckpoints.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly keys: SigningKeyService,
    private readonly audit: AuditService,
  ) {}

  /** Makes a checkpoint now (or returns the last one when no head moved since). 409 when the log lost what the last one saw. */
  create(): Promise<SignedCheckpoint> {
    return this.tx.run((em) => this.createIn(em));
  }

  latest(): Promise<SignedCheckpoint | null> {
    return this.tx.run((em) => latestCheckpoint(em));
  }

  private async createIn(em: EntityManager): Promise<SignedCheckpoint> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
    const last = await latestCheckpoint(em);
    if (last) {
      if (last.publicKeyId !== this.keys.publicKeyId) {
        this.logger.warn(
          `the last audit checkpoint ${last.id} was signed by another key (${last.publicKeyId})`,
        );
      } else if (!this.audit.signatureIsValid(last)) {
        throw refused(`the signature of checkpoint ${last.id} is not valid`);
      }
      const lost = await checkAgainstCheckpoint(em, last.heads);
      if (lost) throw refused(`${lost.problem} in stream ${lost.stream} (against checkpoint ${last.id})`);
    }
    // Each head must name its stream's last entry, with that entry's hash.
    const rows = await em.query<(CheckpointHead & { stream: string; sound: boolean })[]>(
      `SELECT h.stream, h.seq, h.hash,
              EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = h.stream AND l.seq = h.seq AND l.hash = h.hash)
              AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = h.stream AND l.seq > h.seq) AS sound
         FROM audit_heads h
        ORDER BY h.stream COLLATE "C"`,
    );
    const unsound = rows.find((r) => !r.sound);
    if (unsound) throw refused(`head_mismatch in stream ${unsound.stream}`);
    const heads: Record<string, CheckpointHead> = {};
    for (const r of rows) heads[r.stream] = { seq: r.seq, hash: r.hash };
    if (last && sameHeads(last.heads, heads)) return last;

    const [{ id }] = await em.query<{ id: string }[]>(
      `SELECT nextval(pg_get_serial_sequence('audit_checkpoints', 'id'))::text AS id`,
    );
    const unsigned = { id, at: new Date().toISOString(), heads, publicKeyId: this.keys.publicKeyId };
    const signature = this.keys.sign(checkpointStatement(unsigned));
    await em.query(
      `INSERT INTO audit_checkpoints (id, at, heads, public_key_id, signature) VALUES ($1, $2, $3::jsonb, $4, $5)`,
      [id, unsigned.at, JSON.stringify(heads), unsigned.publicKeyId, signature],
    );
    return { ...unsigned, signature };
  }

  /** The scheduled checkpoint: makes one (a refusal is logged, not retried) and schedules the next. */
  async onSchedule(payload: JobPayloads['audit.checkpoint'], ctx: JobContext): Promise<void> {
    try {
      await ctx.em.query('SAVEPOINT audit_checkpoint');
      const made = await this.createIn(ctx.em);
      await ctx.em.query('RELEASE SAVEPOINT audit_checkpoint');
      this.logger.log(`audit checkpoint ${made.id}: ${Object.keys(made.heads).length} streams`);
    } catch (err) {
      await ctx.em.query('ROLLBACK TO SAVEPOINT audit_checkpoint');
      this.logger.error(`audit checkpoint refused: ${(err as Error).message}`);
    }
    const minutes = this.config.AUDIT_CHECKPOINT_MINUTES;
    if (minutes > 0) {
      const base = Math.max(Date.now(), new Date(payload.at).getTime());
      const next = new Date(base + minutes * 60_000);
      await this.outbox.add(ctx.em, {
        name: 'audit.checkpoint',
        payload: { at: next.toISOString() },
        runAt: next,
      });
    }
  }

  /** Makes sure one scheduled checkpoint is pending (a worker starting; several may start at once). */
  async ensureScheduled(): Promise<void> {
    if (this.config.AUDIT_CHECKPOINT_MINUTES <= 0) return;
    await this.tx.run(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SCHEDULE_LOCK]);
      if (await this.outbox.isPending(em, 'audit.checkpoint')) return;
      const now = new Date();
      await this.outbox.add(em, { name: 'audit.checkpoint', payload: { at: now.toISOString() }, runAt: now });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const role = this.config.APP_ROLE;
    if (role !== 'worker' && role !== 'all') return;
    await this.ensureScheduled().catch((err: Error) =>
      this.logger.error(`could not schedule audit checkpoints: ${err.message}`),
    );
  }
}

const refused = (why: string) =>
  conflict('AUDIT_CHECKPOINT_REFUSED', `The audit log no longer holds what was signed: ${why}`);
