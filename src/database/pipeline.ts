import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** One named statement of a pipeline. Its values are sent as text as they are (`null` is NULL). */
export interface PipelineStep {
  name: string;
  text: string;
  values: (string | null)[];
}

export interface PipelineResult<T> {
  rows: T[];
  rowCount: number | null;
}

/** What a pipeline's failure carries besides the server's error: which step failed (0-based). */
export type PipelineError = Error & { code?: string; pipelineStep?: number };

/** The parts of node-postgres's connection a pipeline writes to (not in its type declarations). */
interface WireConnection {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string>;
  parse(m: { text: string; name: string }): void;
  bind(m: { statement: string; values: (string | null)[] }): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(m: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

interface ServerMessage {
  fields: unknown[];
  text?: string;
}

type Done = (err: PipelineError | null, results?: PipelineResult<unknown>[]) => void;

/**
 * Several named statements in one write and one round trip (the extended protocol's pipelining:
 * Parse once per connection, then Bind/Describe/Execute for each statement and one Sync at the
 * end). Outside an explicit transaction, the statements before the Sync run as one implicit
 * transaction: they commit together at the Sync, and the first error rolls back the earlier ones
 * while the server skips the rest (PostgreSQL's protocol documentation, "Pipelining"). So a
 * statement that must not commit alone (say, an audit entry before the write it describes) is
 * safe when a later statement raises on the condition that should undo it.
 *
 * node-postgres has no pipelining; this is one of its "submittable" queries (as pg-cursor is):
 * the client gives it the connection when its turn comes and hands it the server's messages
 * until ReadyForQuery. The client records a statement as parsed under the active query's
 * `name`/`text`, which here are the current step's.
 */
class Pipeline implements pg.Submittable {
  private step = 0;
  private readonly results: pg.Result[];
  private failure: PipelineError | undefined;

  private readonly done: Done;

  constructor(
    private readonly steps: PipelineStep[],
    done: Done,
  ) {
    this.results = steps.map(() => new pg.Result('', pg.types));
    let settled = false;
    this.done = (err, results) => {
      if (settled) return;
      settled = true;
      done(err, results);
    };
  }

  get name(): string | undefined {
    return this.steps[this.step]?.name;
  }

  get text(): string | undefined {
    return this.steps[this.step]?.text;
  }

  submit(connection: unknown): void {
    const c = connection as WireConnection;
    const parsing = new Set<string>();
    c.stream.cork();
    try {
      for (const s of this.steps) {
        if (c.parsedStatements[s.name] === undefined && !parsing.has(s.name)) {
          c.parse({ text: s.text, name: s.name });
          parsing.add(s.name);
        }
        c.bind({ statement: s.name, values: s.values });
        c.describe({ type: 'P', name: '' });
        c.execute({ portal: '' });
      }
      c.sync();
    } finally {
      c.stream.uncork();
    }
  }

  handleRowDescription(msg: ServerMessage): void {
    (this.results[this.step] as unknown as { addFields(f: unknown[]): void }).addFields(msg.fields);
  }

  handleDataRow(msg: ServerMessage): void {
    const result = this.results[this.step] as unknown as {
      parseRow(f: unknown[]): unknown;
      addRow(r: unknown): void;
    };
    try {
      result.addRow(result.parseRow(msg.fields));
    } catch (err) {
      // A value the driver cannot parse (a type parser throwing): reported at the end, after the
      // server has committed; the statements' own refusals are server errors, which roll back.
      this.failure ??= Object.assign(err as Error, { pipelineStep: this.step });
    }
  }

  handleCommandComplete(msg: ServerMessage): void {
    (this.results[this.step] as unknown as { addCommandComplete(m: ServerMessage): void }).addCommandComplete(
      msg,
    );
    this.step++;
  }

  handleEmptyQuery(): void {
    this.step++;
  }

  handlePortalSuspended(): void {
    // Never: every Execute asks for all rows.
  }

  handleCopyInResponse(connection: unknown): void {
    (connection as WireConnection).sendCopyFail('COPY is not supported in a pipeline');
  }

  handleCopyData(): void {
    // Never: no COPY.
  }

  /** An error from the server (the rest of the pipeline was skipped), or the connection failing. */
  handleError(err: PipelineError): void {
    err.pipelineStep = this.step;
    this.done(err);
  }

  handleReadyForQuery(): void {
    if (this.failure) this.done(this.failure);
    else
      this.done(
        null,
        this.results.map((r) => ({ rows: r.rows as unknown[], rowCount: r.rowCount })),
      );
  }
}

/**
 * Runs `steps` as one pipeline on `client` (which must not be inside an explicit transaction, or
 * the steps join that transaction instead). Resolves with each step's rows; rejects with the first
 * error, whose `pipelineStep` says which step failed. Statement names follow the rule of
 * `preparedQuery`: a name always stands for the same text.
 */
export function runPipeline(
  client: pg.ClientBase,
  steps: PipelineStep[],
): Promise<PipelineResult<unknown>[]> {
  return new Promise((resolve, reject) => {
    client.query(new Pipeline(steps, (err, results) => (err ? reject(err) : resolve(results!))));
  });
}

/** A pipeline on a connection from `pool`; a connection that failed (not a statement) is discarded. */
export async function runPipelineOnPool(
  pool: pg.Pool,
  steps: PipelineStep[],
): Promise<PipelineResult<unknown>[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await runPipeline(client, steps);
  } catch (err) {
    if (!(err instanceof pg.DatabaseError)) broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}

/** A pipeline inside `em`'s transaction (it joins that transaction rather than making its own). */
export async function runPipelineIn(
  em: EntityManager,
  steps: PipelineStep[],
): Promise<PipelineResult<unknown>[]> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('runPipelineIn needs a transaction');
  return runPipeline((await em.queryRunner.connect()) as pg.PoolClient, steps);
}

/** The pg pool behind a TypeORM data source (PostgreSQL driver). */
export function poolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as unknown as { master: pg.Pool }).master;
}

/** Parameter values as the text a pipeline sends (`null` and `undefined` as NULL; scalars only). */
export function asText(values: readonly unknown[]): (string | null)[] {
  return values.map((v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    throw new TypeError(`a pipeline parameter must be a scalar, not ${typeof v}`);
  });
}
