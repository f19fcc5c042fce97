import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { runMigrations } from '../../src/database/migrate.js';
import { TEST_PG_URL, testDatabaseName, withDatabase } from '../helpers/test-env.js';

/** The log of what was applied would print in the middle of the test output. */
const QUIET = { quiet: true };

/** Two processes starting at once on an empty database: one migrates, the other waits; nothing runs twice. */
describe('migrations at start', () => {
  const name = testDatabaseName();
  const admin = new pg.Client({ connectionString: withDatabase(TEST_PG_URL, 'postgres') });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('applies each migration once when two runners race', async () => {
    const url = withDatabase(TEST_PG_URL, name);
    const [a, b] = await Promise.all([
      runMigrations(url, undefined, QUIET),
      runMigrations(url, undefined, QUIET),
    ]);
    expect(a.length + b.length).toBe(migrations.length);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM migrations');
      expect(Number(rows[0].n)).toBe(migrations.length);
    } finally {
      await c.end();
    }
    expect(await runMigrations(url, undefined, QUIET)).toEqual([]);
  });
});
