import pg from 'pg';
import { type PipelineError, type PipelineResult, runPipeline } from '../../src/database/pipeline.js';
import { PipelineBatcher } from '../../src/database/pipeline-batcher.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/** Pipelined statements against a real PostgreSQL: one implicit transaction, results per step. */
describe('runPipeline', () => {
  let db: TestDatabase;
  let client: pg.Client;

  const insert = (name: string, text: string, values: (string | null)[]) => ({ name, text, values });
  const count = async () =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM pipe_t')).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
    await client.query('CREATE TABLE pipe_t (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });
  beforeEach(() => client.query('TRUNCATE pipe_t'));

  it('runs the steps in order, each with its own rows, in one transaction that commits at the end', async () => {
    const [a, b, c] = await runPipeline(client, [
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['1', 'ក']),
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['2', 'ខ']),
      insert(
        'pipe.txid',
        `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS txs, current_setting('pipe.x', true) AS x FROM pipe_t`,
        [],
      ),
    ]);
    expect(a.rows).toEqual([{ id: 1, label: 'ក' }]);
    expect(b.rows).toEqual([{ id: 2, label: 'ខ' }]);
    // Both rows written by one transaction, visible to the third statement before the commit.
    expect(c.rows).toEqual([{ n: 2, txs: 1, x: null }]);
    expect(await count()).toBe(2);
  });

  it('keeps a transaction-local setting from one step to the next', async () => {
    const [, read] = await runPipeline(client, [
      insert('pipe.set', `SELECT set_config('pipe.x', $1, true) AS v`, ['voter-1']),
      insert('pipe.get', `SELECT current_setting('pipe.x') AS v`, []),
    ]);
    expect(read.rows).toEqual([{ v: 'voter-1' }]);
    // Gone after the implicit transaction.
    const after = await client.query<{ v: string | null }>(
      `SELECT nullif(current_setting('pipe.x', true), '') AS v`,
    );
    expect(after.rows[0].v).toBeNull();
  });

  it('rolls back the earlier steps and skips the later ones when a step fails, and says which', async () => {
    const err = (await runPipeline(client, [
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['1', 'a']),
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['1', 'duplicate']),
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['3', 'c']),
    ]).catch((e: unknown) => e)) as PipelineError;
    expect(err.code).toBe('23505');
    expect(err.pipelineStep).toBe(1);
    expect(await count()).toBe(0);
    // The connection goes on working, with the statement still prepared.
    const [ok] = await runPipeline(client, [
      insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['4', 'd']),
    ]);
    expect(ok.rowCount).toBe(1);
    expect(await count()).toBe(1);
  });

  it('prepares a statement that failed on its first use once it is used again', async () => {
    const bad = await runPipeline(client, [insert('pipe.bad', 'SELECT 1/($1::int) AS q', ['0'])]).catch(
      (e: unknown) => e as PipelineError,
    );
    expect((bad as PipelineError).code).toBe('22012');
    const [good] = await runPipeline(client, [insert('pipe.bad', 'SELECT 1/($1::int) AS q', ['1'])]);
    expect(good.rows).toEqual([{ q: 1 }]);
  });

  it('queues behind other queries on the same client', async () => {
    const results = await Promise.all([
      client.query('SELECT pg_sleep(0.05)'),
      runPipeline(client, [
        insert('pipe.ins', 'INSERT INTO pipe_t VALUES ($1::int, $2) RETURNING id, label', ['5', 'e']),
      ]),
      client.query<{ n: string }>('SELECT count(*) AS n FROM pipe_t'),
    ]);
    expect(results[2].rows[0].n).toBe('1');
  });
});

/** Pipelines of one event-loop turn committed together, each with its own answer. */
describe('PipelineBatcher', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let batcher: PipelineBatcher;

  const put = (id: number, label: string) => [
    {
      name: 'batch.ins',
      text: 'INSERT INTO batch_t VALUES ($1::int, $2) RETURNING id, label, xmin::text AS tx',
      values: [String(id), label],
    },
    {
      name: 'batch.check',
      text: 'SELECT count(*)::int AS n FROM batch_t WHERE id = $1::int',
      values: [String(id)],
    },
  ];
  const rows = async () =>
    (await pool.query<{ id: number }>('SELECT id FROM batch_t ORDER BY id')).rows.map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.ownerUrl, max: 4 });
    // A connection the pool opened for a request that an idle one served meanwhile may still be
    // opening when afterAll drops the database (57P01); it is nobody's answer.
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE batch_t (id int PRIMARY KEY, label text NOT NULL)');
    batcher = new PipelineBatcher(() => pool, 16);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });
  beforeEach(() => pool.query('TRUNCATE batch_t'));

  it('commits the pipelines of one turn in one transaction, each with its own results', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.run(put(i, `ក${i}`))));
    answers.forEach(([ins, check], k) => {
      expect(ins.rows).toEqual([{ id: k + 1, label: `ក${k + 1}`, tx: expect.any(String) }]);
      expect(check.rows).toEqual([{ n: 1 }]);
    });
    expect(new Set(answers.map(([ins]) => (ins.rows[0] as { tx: string }).tx)).size).toBe(1);
    expect(await rows()).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a refused pipeline with its own error and commits the others of its batch', async () => {
    await pool.query(`INSERT INTO batch_t VALUES (3, 'there already')`);
    const answers = await Promise.allSettled([1, 2, 3, 4].map((i) => batcher.run(put(i, 'x'))));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = (answers[2] as PromiseRejectedResult).reason as PipelineError;
    expect([refused.code, refused.pipelineStep]).toEqual(['23505', 0]);
    // The others ran again together, in a transaction of their own.
    const txs = answers
      .filter((a): a is PromiseFulfilledResult<PipelineResult<unknown>[]> => a.status === 'fulfilled')
      .map((a) => (a.value[0].rows[0] as { tx: string }).tx);
    expect(txs).toHaveLength(3);
    expect(new Set(txs).size).toBe(1);
    expect(await rows()).toEqual([1, 2, 3, 4]);
  });

  it('gives each refused pipeline its own refusal when several of a batch are refused', async () => {
    await pool.query(`INSERT INTO batch_t VALUES (2, 'taken'), (4, 'taken')`);
    const answers = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => batcher.run(put(i, 'y'))));
    expect(answers.map((a) => a.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await rows()).toEqual([1, 2, 3, 4, 5]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM batch_t WHERE label = 'y'`)).rows[0].n).toBe(3);
  });

  it('gives a connection failure to every pipeline of the batch, without running any again', async () => {
    const nowhere = new pg.Pool({
      connectionString: db.ownerUrl.replace(/\/[^/?]+(\?|$)/, '/mwf_no_such_db$1'),
      max: 2,
    });
    try {
      const broken = new PipelineBatcher(() => nowhere, 16);
      const answers = await Promise.allSettled([1, 2, 3].map((i) => broken.run(put(i, 'z'))));
      expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(answers.map((a) => ((a as PromiseRejectedResult).reason as PipelineError).code)).toEqual([
        '3D000',
        '3D000',
        '3D000',
      ]);
    } finally {
      await nowhere.end();
    }
    expect(await rows()).toEqual([]);
  });

  it('runs a pipeline alone when it is the only one of its turn, and splits a large turn', async () => {
    const [ins] = await batcher.run(put(7, 'alone'));
    expect(ins.rows).toEqual([{ id: 7, label: 'alone', tx: expect.any(String) }]);
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.run(put(100 + i, 'm'))));
    // 40 in one turn, at most 16 per transaction: 3 transactions.
    expect(new Set(many.map(([r]) => (r.rows[0] as { tx: string }).tx)).size).toBe(3);
    expect((await rows()).length).toBe(41);
  });
});
