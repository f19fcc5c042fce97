import pg from 'pg';
import { secureShuffle } from '../common/random/secure-shuffle.js';
import { type PipelineError, type PipelineResult, type PipelineStep, runPipelineOnPool } from './pipeline.js';

interface Entry {
  steps: PipelineStep[];
  resolve(results: PipelineResult<unknown>[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit for pipelines that each must commit or roll back whole (a ballot: its voter
 * statement, then its ballot statement). The pipelines submitted in one turn of the event loop go
 * to PostgreSQL as one pipeline, `maxBatch` at a time: one round trip and one commit for all of
 * them instead of one each (with 50 voters at once on 2 cores, about 1.5 times the ballots per
 * second). A pipeline that is the only one of its turn runs alone at once.
 *
 * Each keeps its own answer. When the server refuses a statement, PostgreSQL rolls the whole batch
 * back (one implicit transaction); the pipeline that was refused then runs again alone, for its own
 * answer, and the others of the batch run again as a batch of their own. So a refusal costs its
 * batch one more round trip, not one per pipeline. A failure that is not a statement's (the
 * connection refused or lost) is every pipeline's answer, as it would be alone; if it comes after
 * the server committed (the connection lost after the Sync), up to `maxBatch` callers get an error
 * for work that was done, where alone it would be one.
 *
 * The order within a batch is random (so no caller is always first). Two batches can wait for each
 * other only when they hold the same rows in opposite orders (for ballots: the same voter voting
 * twice at once, in both); PostgreSQL then breaks the deadlock after `deadlock_timeout` (1 s) by
 * failing one of them, which runs again as above.
 */
export class PipelineBatcher {
  private queue: Entry[] = [];
  private scheduled = false;

  constructor(
    private readonly pool: () => pg.Pool,
    private readonly maxBatch = 16,
  ) {}

  run(steps: PipelineStep[]): Promise<PipelineResult<unknown>[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ steps, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const entries = secureShuffle(this.queue);
    this.queue = [];
    for (let i = 0; i < entries.length; i += this.maxBatch) {
      void this.send(entries.slice(i, i + this.maxBatch));
    }
  }

  private async send(batch: Entry[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    let results: PipelineResult<unknown>[];
    try {
      results = await runPipelineOnPool(
        this.pool(),
        batch.flatMap((e) => e.steps),
      );
    } catch (err) {
      const step = (err as PipelineError).pipelineStep;
      if (!(err instanceof pg.DatabaseError) || step === undefined) {
        for (const e of batch) e.reject(err);
        return;
      }
      // Rolled back whole: the refused pipeline alone, for its own answer; the rest together again.
      const refused = entryOfStep(batch, step);
      await Promise.all([this.alone(refused), this.send(batch.filter((e) => e !== refused))]);
      return;
    }
    let at = 0;
    for (const e of batch) {
      e.resolve(results.slice(at, at + e.steps.length));
      at += e.steps.length;
    }
  }

  private async alone(e: Entry): Promise<void> {
    try {
      e.resolve(await runPipelineOnPool(this.pool(), e.steps));
    } catch (err) {
      e.reject(err);
    }
  }
}

/** The entry whose steps include the batch's step `step` (0-based). */
function entryOfStep(batch: Entry[], step: number): Entry {
  let end = 0;
  for (const e of batch) {
    end += e.steps.length;
    if (step < end) return e;
  }
  return batch[batch.length - 1];
}
