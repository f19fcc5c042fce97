import { randomInt } from 'node:crypto';
import pg from 'pg';
import { type PipelineResult, type PipelineStep, runPipelineOnPool } from './pipeline.js';

interface Entry {
  steps: PipelineStep[];
  resolve(results: PipelineResult<unknown>[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit for pipelines that each must commit or roll back whole (a ballot: its voter
 * statement, then its ballot statement). The pipelines submitted in one turn of the event loop go
 * to PostgreSQL as one pipeline, `maxBatch` at a time: one round trip and one commit for all of
 * them instead of one each (with 50 voters at once on 2 cores, 1.7 times the ballots per second).
 *
 * Each keeps its own answer. When the server refuses any statement of a batch, PostgreSQL rolls
 * the whole batch back (one implicit transaction), and then every pipeline of it runs again alone,
 * so each gets the answer it would have had alone: its results, or its own refusal. A pipeline that
 * is the only one of its turn runs alone at once. A failure that is not the server's (the
 * connection lost) is every pipeline's answer, as it would be alone.
 *
 * The order within a batch is random, so that nothing about the pipelines (say, which voter) can
 * be read from the order in which their rows were written. Pipelines that wait for each other's
 * rows in opposite orders in two batches (only the same voter voting twice at once, in both) may
 * deadlock; PostgreSQL breaks it with an error, and both batches run again one by one.
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
    const entries = shuffled(this.queue);
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
      if (!(err instanceof pg.DatabaseError)) {
        for (const e of batch) e.reject(err);
        return;
      }
      // Rolled back whole: each runs again alone, for its own answer.
      await Promise.all(batch.map((e) => this.alone(e)));
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

/** Fisher-Yates with the CSPRNG. */
function shuffled<T>(items: T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
